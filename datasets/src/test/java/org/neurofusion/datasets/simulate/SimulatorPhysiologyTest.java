package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.signal.Welch;

/** Physiological sanity of one simulated subject: one motor-imagery session and a resting run. */
class SimulatorPhysiologyTest {
    private static SimulationConfig config;
    private static SimulatedSubject subject;
    private static SimulatedRun mi;

    @BeforeAll
    static void simulate() {
        config = SimulationConfig.builder().optSeed(7).optSubjects(1).optTasks(List.of(SimulatedTask.MOTOR_IMAGERY))
                .optSessionsPerTask(1).optTrialsPerSession(20).optPreRestSeconds(10).optPostRestSeconds(10)
                .optRestingRunSeconds(600)
                // Clearly visible responses (HbO of motor-execution size, 1 µM): the defaults are calibrated for
                // decoding difficulty, which these checks of the physiology do not need. Against the fNIRS background
                // of real recordings (per-channel fluctuations, not only common systemic ones) a single channel
                // shows the task or the resting EEG-HbO coupling only with such a response and a 600 s rest.
                .optErdDepth(0.5).optHboAmplitude(1e-6).optHbrRatio(0.33).build();
        subject = Simulator.subject(config, 0);
        mi = subject.run("mi", 1);
    }

    @Test
    void recordingsHaveTheMontageEventsAndClock() {
        Recording eeg = mi.eeg();
        assertEquals(32, eeg.channels().size());
        assertEquals(30, eeg.channels().stream().filter(c -> c.type() == ChannelType.EEG).count());
        assertTrue(eeg.channels().stream().allMatch(c -> c.position().isPresent() && c.samplingRate() == 200));
        assertEquals(2 * (36 + 15), mi.fnirs().channels().size());
        assertEquals("S1_D1 760", mi.fnirs().channels().get(0).name());
        assertEquals(20, mi.events().size());
        assertEquals(10, mi.events().stream().filter(a -> a.description().equals("left_hand")).count());
        assertEquals(mi.events(), eeg.annotations());
        for (int i = 0; i < mi.events().size(); i++) {
            Annotation ref = mi.events().get(i);
            Annotation dev = mi.fnirs().annotations().get(i);
            assertEquals(ref.onset(), mi.fnirsClock().toReference(dev.onset()), 1e-9);
            assertEquals(ref.description(), dev.description());
        }
        assertEquals(subject.fnirsClock(), mi.fnirsClock());
        double rms = rms(Measures.channel(eeg, "Cz"));
        assertTrue(rms > 3e-6 && rms < 60e-6, "Cz rms " + rms + " V should be tens of microvolts");
    }

    @Test
    void eegSpectraFallAsOneOverFWithAnAlphaPeak() {
        SimulatedRun rest = subject.run("rest", 1);
        for (String ch : new String[] {"Cz", "Pz", "O1", "C3"}) {
            Welch.Psd psd = Welch.psd(Measures.channel(rest.eeg(), ch), 200, 400);
            double slope = Measures.logLogSlope(psd, 2, 40);
            assertTrue(slope < -0.8, ch + ": log-log slope " + slope);
        }
        Welch.Psd o1 = Welch.psd(Measures.channel(rest.eeg(), "O1"), 200, 400);
        // Alpha stands a few dB over the 1/f background, as in real eyes-open EEG, so it is found over the fit.
        double[] peak = Measures.peakOverFit(o1, 7, 14, 2, 40);
        double alpha = Double.parseDouble(subject.participant().get("alpha_frequency_hz"));
        assertEquals(alpha, peak[0], 1.0, "O1 peak at the subject's alpha frequency");
        assertTrue(peak[1] > 1.5, "O1 alpha over the 1/f fit: x" + peak[1]);
    }

    @Test
    void motorImageryDesynchronisesTheContralateralHandArea() {
        double rightC3 = taskOverRest("C3", "right_hand");
        double rightC4 = taskOverRest("C4", "right_hand");
        double leftC3 = taskOverRest("C3", "left_hand");
        double leftC4 = taskOverRest("C4", "left_hand");
        assertTrue(rightC3 < 0.85 && rightC3 < rightC4 - 0.1, "right hand: C3 " + rightC3 + ", C4 " + rightC4);
        assertTrue(leftC4 < 0.85 && leftC4 < leftC3 - 0.1, "left hand: C4 " + leftC4 + ", C3 " + leftC3);
    }

    @Test
    void bothHandAreasFeelTheStateSharedByTheHead() {
        SimulatedRun rest = subject.run("rest", 1);
        double[] c3 = Measures.blockMeans(Measures.bandPowerSeries(Measures.channel(rest.eeg(), "C3"), 200, 8, 30),
                200);
        double[] c4 = Measures.blockMeans(Measures.bandPowerSeries(Measures.channel(rest.eeg(), "C4"), 200, 8, 30),
                200);
        // Real 1-s 8-30 Hz power at C3 and C4 correlates with a median of 0.44 (eegmmidb); without a shared state
        // the simulated hemispheres would be almost independent.
        double r = Measures.correlation(c3, c4);
        assertTrue(r > 0.3, "C3-C4 correlation of 1-s 8-30 Hz power " + r);
    }

    @Test
    void hboRisesAndHbrFallsOverTheActiveSource() {
        Recording hb = Measures.haemoglobin(mi.fnirs());
        String over = mostSensitive("motor_left");
        double[] hbo = Measures.channel(hb, over + " hbo");
        double[] hbr = Measures.channel(hb, over + " hbr");
        List<Annotation> ev = mi.fnirs().annotations();
        double dHbo = response(hbo, ev, "right_hand");
        double dHbr = response(hbr, ev, "right_hand");
        assertTrue(dHbo > 0.2e-6 && dHbo < 1.5e-6, over + ": HbO 5-8 s after onset rises by " + dHbo + " M");
        assertTrue(dHbr < 0 && -dHbr < dHbo / 1.5, over + ": HbR changes by " + dHbr + " M (HbO " + dHbo + ")");
        assertTrue(response(hbo, ev, "left_hand") < dHbo / 2, "ipsilateral trials move it less");
    }

    @Test
    void fnirsShowsTheHeartbeatAndShortChannelsCarryTheScalpNotTheTask() {
        Recording hb = Measures.haemoglobin(mi.fnirs());
        String over = mostSensitive("motor_left");
        String shortOver = shortPairs().stream().max((a, b) -> Double.compare(
                subject.sensitivity().get(a).get("motor_left"), subject.sensitivity().get(b).get("motor_left")))
                .orElseThrow();
        double heart = Double.parseDouble(subject.participant().get("heart_rate_hz"));
        Welch.Psd longPsd = Welch.psd(Measures.channel(hb, over + " hbo"), 10, 256);
        double peak = Measures.peakFrequency(longPsd, 0.6, 2.5);
        assertEquals(heart, peak, 0.15, "cardiac peak");
        assertTrue(Measures.meanDensity(longPsd, heart - 0.1, heart + 0.1)
                > 5 * Measures.meanDensity(longPsd, heart + 0.3, heart + 0.5));

        double[] regressor = truthAtFnirsTimes("motor_left hbo");
        double[] shortHbo = Measures.channel(hb, shortOver + " hbo");
        double[] longHbo = Measures.channel(hb, over + " hbo");
        double rLong = Measures.correlation(slow(longHbo), slow(regressor));
        double rShort = Measures.correlation(slow(shortHbo), slow(regressor));
        assertTrue(rLong > 0.5 && rShort < 0.3, "task correlation long " + rLong + ", short " + rShort);
        Welch.Psd shortPsd = Welch.psd(shortHbo, 10, 256);
        assertTrue(Measures.meanDensity(shortPsd, 0.05, 2) > 1.3 * Measures.meanDensity(longPsd, 0.05, 2),
                "short channels carry more systemic physiology");
    }

    @Test
    void restingHboFollowsTheBandPowerOfTheSourceUnderItOnly() {
        // The neurovascular link at rest: the motor_left source's true 8-30 Hz power, through the HRF, predicts the
        // HbO of the long channels over it (negatively: power drops when the source is active) and not elsewhere.
        // The end-to-end link from scalp EEG power to one channel's HbO is, as in real recordings, too weak to test
        // on one subject (r about -0.03 against +0.05 elsewhere after issue 11's realistic EEG and fNIRS noise), so
        // each link is checked against the ground truth: this one, and the EEG one below.
        SimulatedRun rest = subject.run("rest", 1);
        double[] power = Measures.channel(rest.groundTruth(), "motor_left band_power");
        double[] predicted = Hrf.convolve(power, Hrf.kernel(6, 1, 1 / config.groundTruthRate()));
        Recording hb = Measures.haemoglobin(rest.fnirs());
        List<Double> over = new ArrayList<>();
        List<Double> elsewhere = new ArrayList<>();
        for (Map.Entry<String, Map<String, Double>> e : subject.sensitivity().entrySet()) {
            double[] hbo = Measures.channel(hb, e.getKey() + " hbo");
            double[] x = new double[hbo.length];
            for (int i = 0; i < hbo.length; i++) {
                x[i] = Noise.interpolate(predicted, 0, 1 / config.groundTruthRate(),
                        rest.fnirsClock().toReference(i / 10.0));
            }
            double r = Measures.correlation(slow(x), slow(hbo));
            double w = e.getValue().get("motor_left");
            if (w > 0.5 && !shortPairs().contains(e.getKey())) {
                over.add(r);
            } else if (w < 0.01) {
                elsewhere.add(r);
            }
        }
        double rOver = over.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double rElse = elsewhere.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        // Systemic physiology common to every channel shifts all correlations alike; the contrast is what counts.
        assertTrue(rOver < rElse - 0.15, "r over motor_left " + over + " vs elsewhere " + rElse);
    }

    @Test
    void restingEegPowerAtTheHandAreaFollowsItsSource() {
        // The EEG link at rest: the ratio of left to right hand-area power (Laplacians at C3 and C4, so the state
        // shared by the whole head cancels) follows the ratio of the two motor sources' true band power.
        SimulatedRun rest = subject.run("rest", 1);
        int factor = (int) Math.round(200 / config.groundTruthRate());
        double[] left = Measures.blockMeans(Measures.bandPowerSeries(Measures.laplacian(rest.eeg(), "C3"), 200, 8,
                30), factor);
        double[] right = Measures.blockMeans(Measures.bandPowerSeries(Measures.laplacian(rest.eeg(), "C4"), 200, 8,
                30), factor);
        double[] trueLeft = Measures.channel(rest.groundTruth(), "motor_left band_power");
        double[] trueRight = Measures.channel(rest.groundTruth(), "motor_right band_power");
        int n = Math.min(left.length, trueLeft.length);
        double[] measured = new double[n];
        double[] truth = new double[n];
        for (int i = 0; i < n; i++) {
            measured[i] = Math.log(left[i] / right[i]);
            truth[i] = Math.log(trueLeft[i] / trueRight[i]);
        }
        double r = Measures.correlation(slow(measured), slow(truth));
        assertTrue(r > 0.3, "log power ratio C3/C4 against the sources' true ratio: r = " + r);
        // Control: the same truth two minutes later shares only chance with the measured ratio.
        int lag = (int) Math.round(120 * config.groundTruthRate());
        double[] late = new double[n - lag];
        double[] early = new double[n - lag];
        System.arraycopy(truth, lag, late, 0, n - lag);
        System.arraycopy(measured, 0, early, 0, n - lag);
        double control = Measures.correlation(slow(early), slow(late));
        assertTrue(Math.abs(control) < r - 0.2, "lagged control r = " + control + " against r = " + r);
    }

    private static java.util.Set<String> shortPairs() {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (Channel c : mi.fnirs().channels()) {
            if (c.attributes().get("short_channel").equals("true")) {
                out.add(c.name().split(" ")[0]);
            }
        }
        return out;
    }

    private double taskOverRest(String channel, String condition) {
        double[] p = Measures.bandPowerSeries(Measures.laplacian(mi.eeg(), channel), 200, 8, 30);
        double task = Measures.mean(Measures.epochMeans(p, 200, mi.events(), condition, 1, 9));
        double rest = Measures.mean(Measures.epochMeans(p, 200, mi.events(), condition, -9, -3));
        return task / rest;
    }

    private static double response(double[] y, List<Annotation> events, String condition) {
        return Measures.mean(Measures.epochMeans(y, 10, events, condition, 5, 8))
                - Measures.mean(Measures.epochMeans(y, 10, events, condition, -2, 0));
    }

    private static String mostSensitive(String source) {
        return subject.sensitivity().entrySet().stream()
                .max((a, b) -> Double.compare(a.getValue().get(source), b.getValue().get(source))).orElseThrow()
                .getKey();
    }

    /** A ground-truth series of the MI run at the fNIRS sample times. */
    private static double[] truthAtFnirsTimes(String name) {
        double[] truth = Measures.channel(mi.groundTruth(), name);
        double fs = config.groundTruthRate();
        int n = (int) mi.fnirs().channels().get(0).sampleCount();
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = Noise.interpolate(truth, 0, 1 / fs, mi.fnirsClock().toReference(i / config.fnirsRate()));
        }
        return y;
    }

    /** 0.01–0.2 Hz band of a 10 Hz series, without the first 40 s (filter and HRF settling). */
    private static double[] slow(double[] x) {
        double[] y = Measures.slowBand(x, 10, 0.01, 0.2);
        return Arrays.copyOfRange(y, 400, y.length);
    }

    private static double rms(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return Math.sqrt(s / x.length);
    }
}
