package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.ClockMap;

/**
 * One simulated subject's fixed anatomy and physiology, drawn once from the configuration and the seed: cortical
 * sources (position, orientation, gain), the cap as it actually sits, rhythm frequencies, the HRF, heart and
 * breathing rates, the fNIRS device's clock and each optical channel's coupling. Every run of the subject is
 * generated from this one model.
 */
final class SubjectModel {
    /** What a cortical source does. */
    enum Kind {
        /** Hand area: mu and beta rhythms with ERD, gamma, haemodynamics; driven by motor imagery. */
        MOTOR,
        /** Prefrontal: alpha/beta with ERD, gamma, haemodynamics; driven by mental arithmetic. */
        FRONTAL,
        /** Occipital alpha generator, not task-driven. */
        OCCIPITAL,
        /** Task-unrelated rhythm with its own slow activation. */
        DISTRACTOR
    }

    /** A current dipole with its own gain; {@code frequency} is its main rhythm (Hz). */
    record CorticalSource(String name, Kind kind, double[] position, double[] orientation, double gain,
            double frequency) {
    }

    // name, kind, theta, azimuth (deg), depth radius (m), tilt from radial towards the vertex (deg)
    private static final Object[][] SOURCES = {
        {"motor_left", Kind.MOTOR, 45, 180, 0.068, 20}, {"motor_right", Kind.MOTOR, 45, 0, 0.068, 20},
        {"frontal_left", Kind.FRONTAL, 62, 110, 0.068, 20}, {"frontal_right", Kind.FRONTAL, 62, 70, 0.068, 20},
        {"occipital_left", Kind.OCCIPITAL, 95, 255, 0.062, 45}, {"occipital_right", Kind.OCCIPITAL, 95, 285, 0.062, 45},
        {"temporal_left", Kind.DISTRACTOR, 85, 195, 0.062, 60}, {"temporal_right", Kind.DISTRACTOR, 85, 345, 0.062, 60},
        {"parietal", Kind.DISTRACTOR, 40, 270, 0.062, 20}, {"sma", Kind.DISTRACTOR, 15, 90, 0.062, 10},
    };
    /** Distractor rhythm frequencies (Hz): temporal theta, parietal and SMA beta. */
    private static final double[] DISTRACTOR_FREQUENCY = {6, 6.5, 16, 22};
    /** Number of deep dipoles carrying the aperiodic 1/f background. */
    static final int BACKGROUND_DIPOLES = 8;
    /** Gaussian width (m, on the scalp) of an fNIRS channel's sensitivity to a cortical source. */
    static final double SENSITIVITY_WIDTH = 0.015;
    /** Brain sensitivity of a short channel relative to a long one at the same place. */
    static final double SHORT_BRAIN_SENSITIVITY = 0.1;

    final int index;
    final String id;
    final SphericalHead head;
    final List<CorticalSource> sources = new ArrayList<>();
    final Map<String, SensorPosition> nominalEeg;
    final Map<String, SensorPosition> nominalEog;
    /** True electrode positions (EEG then EOG, montage order) after the cap's displacement. */
    final List<double[]> electrodes = new ArrayList<>();
    final double alphaFrequency;
    final double betaFrequency;
    final double hrfDelay;
    final double hrfDispersion;
    final double cardiacFrequency;
    final double respirationFrequency;
    final double mayerFrequency;
    final double backgroundExponent;
    final double[][] backgroundPositions = new double[BACKGROUND_DIPOLES][];
    final double[][] backgroundOrientations = new double[BACKGROUND_DIPOLES][];
    final ClockMap fnirsClock;
    final FnirsProbe probe;
    /** Per pair and wavelength, the detected intensity without absorption changes (V). */
    final double[][] baseIntensity;
    /** Per pair, its gain on the superficial (scalp) haemodynamics. */
    final double[] systemicGain;
    /** Per pair and source, the channel's sensitivity to the source's haemodynamics. */
    final double[][] sensitivity;
    final Map<String, String> participant = new LinkedHashMap<>();

    SubjectModel(SimulationConfig c, int index) {
        this.index = index;
        this.id = String.format(Locale.ROOT, "%02d", index + 1);
        SplittableRandom rnd = Simulator.random(c.seed(), index, -1, 0);
        head = new SphericalHead(c.headRadius());
        nominalEeg = head.eegElectrodes();
        nominalEog = head.eogElectrodes();

        alphaFrequency = clamp(c.alphaFrequency() + c.alphaFrequencySpread() * rnd.nextGaussian(), 7.5, 13);
        betaFrequency = clamp(20 + 2 * rnd.nextGaussian(), 15, 26);
        int d = 0;
        for (Object[] s : SOURCES) {
            Kind kind = (Kind) s[1];
            double[] nominal = SphericalHead.vec(SphericalHead.onSphere(num(s[2]), num(s[3]), num(s[4])));
            double[] p = SphericalHead.add(nominal, new double[] {c.sourceJitter() * rnd.nextGaussian(),
                c.sourceJitter() * rnd.nextGaussian(), c.sourceJitter() * rnd.nextGaussian()});
            double r = SphericalHead.norm(p);
            if (r > 0.9 * c.headRadius()) {
                p = SphericalHead.project(p, 0.9 * c.headRadius()); // a source stays under the scalp and skull
            }
            double tilt = Math.toRadians(num(s[5]) + 10 * rnd.nextGaussian());
            double[] radial = SphericalHead.project(p, 1);
            double[] towardsVertex = SphericalHead.tangents(p)[1];
            double[] orientation = SphericalHead.add(SphericalHead.scale(radial, Math.cos(tilt)),
                    SphericalHead.scale(towardsVertex, Math.sin(tilt)));
            double gain = Math.exp(c.gainSpread() * rnd.nextGaussian());
            double f = switch (kind) {
                // The mu rhythm sits about half a hertz above the individual alpha (Haegens et al. 2014).
                case MOTOR -> clamp(alphaFrequency + 0.5 + 0.5 * rnd.nextGaussian(), 8, 13.5);
                case FRONTAL -> clamp(alphaFrequency + 0.5 * rnd.nextGaussian(), 7.5, 13.5);
                case OCCIPITAL -> alphaFrequency;
                case DISTRACTOR -> DISTRACTOR_FREQUENCY[d++] * Math.exp(0.05 * rnd.nextGaussian());
            };
            sources.add(new CorticalSource((String) s[0], kind, p, orientation, gain, f));
        }

        // The cap as placed: a common rotation of the whole cap plus a little per-electrode scatter.
        double[] axis = SphericalHead.project(new double[] {rnd.nextGaussian(), rnd.nextGaussian(),
            rnd.nextGaussian()}, 1);
        double angle = c.electrodeShift() / c.headRadius() * rnd.nextGaussian();
        List<SensorPosition> nominal = new ArrayList<>(nominalEeg.values());
        nominal.addAll(nominalEog.values());
        for (SensorPosition e : nominal) {
            double[] p = rotate(SphericalHead.vec(e), axis, angle);
            p = SphericalHead.moveOnSphere(p, c.electrodeShift() / 3 * rnd.nextGaussian(),
                    c.electrodeShift() / 3 * rnd.nextGaussian());
            electrodes.add(p);
        }

        hrfDelay = clamp(c.hrfPeakDelay() + c.hrfDelaySpread() * rnd.nextGaussian(), 3, 10);
        hrfDispersion = clamp(Math.exp(0.1 * rnd.nextGaussian()), 0.7, 1.4);
        cardiacFrequency = c.cardiacFrequency() * Math.exp(0.1 * rnd.nextGaussian());
        respirationFrequency = c.respirationFrequency() * Math.exp(0.15 * rnd.nextGaussian());
        mayerFrequency = c.mayerFrequency() * Math.exp(0.1 * rnd.nextGaussian());
        // Aperiodic exponents of scalp EEG cluster around 1–2 (Donoghue et al. 2020); 1.15 puts the measured slope
        // (2–40 Hz, blinks, beta and gamma included) at the real runs' median of −1.27.
        backgroundExponent = clamp(1.15 + 0.2 * rnd.nextGaussian(), 0.8, 2.2);
        for (int b = 0; b < BACKGROUND_DIPOLES; b++) {
            double[] dir = SphericalHead.project(new double[] {rnd.nextGaussian(), rnd.nextGaussian(),
                Math.abs(rnd.nextGaussian())}, 1);
            backgroundPositions[b] = SphericalHead.scale(dir, c.headRadius() * (0.45 + 0.2 * rnd.nextDouble()));
            backgroundOrientations[b] = SphericalHead.project(new double[] {rnd.nextGaussian(), rnd.nextGaussian(),
                rnd.nextGaussian()}, 1);
        }
        fnirsClock = new ClockMap(c.fnirsClockOffset() + c.clockOffsetSpread() * rnd.nextGaussian(),
                c.fnirsClockDrift() + c.clockDriftSpread() * rnd.nextGaussian());

        probe = new FnirsProbe(c.headRadius(), c.longSeparation(), c.shortSeparation(), c.shortChannels());
        int np = probe.pairs().size();
        baseIntensity = new double[np][FnirsProbe.WAVELENGTHS.length];
        systemicGain = new double[np];
        sensitivity = new double[np][sources.size()];
        for (int i = 0; i < np; i++) {
            FnirsProbe.Pair pair = probe.pairs().get(i);
            // Detected light falls steeply with separation: short channels see far more of it.
            double level = pair.isShort() ? 1.0 : 0.05;
            for (int w = 0; w < FnirsProbe.WAVELENGTHS.length; w++) {
                baseIntensity[i][w] = level * Math.exp(0.4 * rnd.nextGaussian());
            }
            systemicGain[i] = Math.exp(0.2 * rnd.nextGaussian()) * (pair.isShort() ? 1 : c.systemicLongFraction());
            for (int k = 0; k < sources.size(); k++) {
                double dist = head.scalpDistance(pair.midpoint(), sources.get(k).position());
                double w = Math.exp(-0.5 * Math.pow(dist / SENSITIVITY_WIDTH, 2));
                sensitivity[i][k] = (pair.isShort() ? SHORT_BRAIN_SENSITIVITY : 1) * w;
            }
        }

        participant.put("participant_id", "sub-" + id);
        participant.put("age", Integer.toString(20 + rnd.nextInt(16)));
        participant.put("sex", rnd.nextBoolean() ? "M" : "F");
        participant.put("handedness", "R");
        participant.put("alpha_frequency_hz", fmt(alphaFrequency));
        participant.put("hrf_delay_s", fmt(hrfDelay));
        participant.put("heart_rate_hz", fmt(cardiacFrequency));
        participant.put("fnirs_clock_offset_s", fmt(fnirsClock.offset()));
        participant.put("fnirs_clock_drift", String.format(Locale.ROOT, "%.3e", fnirsClock.drift()));
    }

    /** Index of the source with this name. */
    int sourceIndex(String name) {
        for (int k = 0; k < sources.size(); k++) {
            if (sources.get(k).name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("no source named " + name);
    }

    /** The sources a condition drives: the contralateral hand area for motor imagery, both frontal ones for MA. */
    int[] driven(String condition) {
        return switch (condition) {
            case "left_hand" -> new int[] {sourceIndex("motor_right")};
            case "right_hand" -> new int[] {sourceIndex("motor_left")};
            case "mental_arithmetic" -> new int[] {sourceIndex("frontal_left"), sourceIndex("frontal_right")};
            default -> new int[0];
        };
    }

    /** Rodrigues' rotation of {@code v} about unit {@code axis} by {@code angle} radians. */
    private static double[] rotate(double[] v, double[] axis, double angle) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double[] cross = SphericalHead.cross(axis, v);
        double dot = SphericalHead.dot(axis, v);
        return new double[] {v[0] * cos + cross[0] * sin + axis[0] * dot * (1 - cos),
            v[1] * cos + cross[1] * sin + axis[1] * dot * (1 - cos),
            v[2] * cos + cross[2] * sin + axis[2] * dot * (1 - cos)};
    }

    private static double num(Object o) {
        return ((Number) o).doubleValue();
    }

    static double clamp(double v, double lo, double hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
