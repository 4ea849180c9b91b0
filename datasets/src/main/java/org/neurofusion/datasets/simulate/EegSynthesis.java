package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.signal.Butterworth;
import org.neurofusion.modalities.signal.IirFilter;

/**
 * EEG of one run: the run's current dipoles ({@link CorticalSources}) through the spherical lead field, average
 * reference, then the artefacts that do not come from the brain: blinks and horizontal eye movements (strongest at
 * the EOG and frontopolar electrodes), temporal muscle bursts, mains pick-up and white amplifier noise.
 */
final class EegSynthesis {
    /**
     * Blink peak at the point between the eyes (V); Fp1/Fp2 then see about 170 µV (blinks are 100-200 µV
     * frontopolar), which gives the real runs' rate of frontal excursions over 100 µV (median 12/min).
     */
    private static final double BLINK = 600e-6;
    /** Horizontal eye movement amplitude at the eye (V): saccades of 10-20° give a few hundred µV at the HEOG. */
    private static final double SACCADE = 400e-6;
    /** Muscle burst amplitude at its centre, standard deviation (V). */
    private static final double MUSCLE = 25e-6;

    private EegSynthesis() {
    }

    /** Channels (EEG then EOG, nominal positions) and their samples (V). */
    record Result(List<Channel> channels, double[][] data) {
    }

    static Result generate(SimulationConfig c, SubjectModel m, CorticalSources sources, SplittableRandom rnd) {
        double fs = c.eegRate();
        int n = sources.samples();
        int nc = m.electrodes.size();
        int neeg = m.nominalEeg.size();
        double[][] x = new double[nc][n];
        List<double[]> gains = new ArrayList<>();
        List<double[]> series = new ArrayList<>();
        for (CorticalSources.Dipole d : sources.dipoles()) {
            gains.add(gains(m, d.position(), d.orientation(), d.scale()));
            series.add(d.series());
        }
        project(x, gains, series);
        averageReference(x, neeg);
        blinks(c, m, x, fs, rnd);
        eyeMovements(c, m, x, fs, rnd);
        muscle(c, m, x, fs, rnd);
        for (int ch = 0; ch < nc; ch++) {
            double amp = c.lineNoiseAmplitude() * Math.exp(0.5 * rnd.nextGaussian());
            double phase = 2 * Math.PI * rnd.nextDouble();
            double w = 2 * Math.PI * c.lineFrequency() / fs;
            double[] row = x[ch];
            // The sinusoid by rotation, re-anchored every second so rounding cannot accumulate.
            double cs = Math.cos(w);
            double sn = Math.sin(w);
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                if (i % 256 == 0) {
                    re = Math.cos(w * i + phase);
                    im = Math.sin(w * i + phase);
                }
                row[i] += amp * im + c.sensorNoise() * rnd.nextGaussian();
                double r2 = re * cs - im * sn;
                im = re * sn + im * cs;
                re = r2;
            }
        }
        List<Channel> channels = new ArrayList<>();
        for (Map.Entry<String, SensorPosition> e : m.nominalEeg.entrySet()) {
            channels.add(new Channel(e.getKey(), ChannelType.EEG, "V", fs, n, Optional.of(e.getValue()), Map.of()));
        }
        for (Map.Entry<String, SensorPosition> e : m.nominalEog.entrySet()) {
            channels.add(new Channel(e.getKey(), ChannelType.EOG, "V", fs, n, Optional.of(e.getValue()), Map.of()));
        }
        return new Result(channels, x);
    }

    /** Potential at each electrode per unit of the dipole's time course: {@code scale} × lead field · orientation. */
    private static double[] gains(SubjectModel m, double[] position, double[] orientation, double scale) {
        double[] g = new double[m.electrodes.size()];
        for (int ch = 0; ch < g.length; ch++) {
            g[ch] = scale * SphericalHead.dot(m.head.leadField(m.electrodes.get(ch), position), orientation);
        }
        return g;
    }

    /** x[ch] += Σ_s gains[s][ch]·series[s], in time blocks so each block of every channel stays in cache. */
    private static void project(double[][] x, List<double[]> gains, List<double[]> series) {
        int n = x[0].length;
        for (int from = 0; from < n; from += 2048) {
            int to = Math.min(n, from + 2048);
            for (int ch = 0; ch < x.length; ch++) {
                double[] row = x[ch];
                for (int s = 0; s < series.size(); s++) {
                    double g = gains.get(s)[ch];
                    double[] q = series.get(s);
                    for (int i = from; i < to; i++) {
                        row[i] += g * q[i];
                    }
                }
            }
        }
    }

    /** Subtracts the mean of the EEG channels (the first {@code neeg}) from every channel. */
    private static void averageReference(double[][] x, int neeg) {
        int n = x[0].length;
        double[] mean = new double[n];
        for (int ch = 0; ch < neeg; ch++) {
            double[] row = x[ch];
            for (int i = 0; i < n; i++) {
                mean[i] += row[i];
            }
        }
        for (double[] row : x) {
            for (int i = 0; i < n; i++) {
                row[i] -= mean[i] / neeg;
            }
        }
    }

    /** Event times of a Poisson process of {@code perMinute} over the recording (s). */
    private static List<Double> poisson(double perMinute, double duration, SplittableRandom rnd) {
        List<Double> out = new ArrayList<>();
        if (perMinute <= 0) {
            return out;
        }
        for (double t = 0;;) {
            t += -Math.log(1 - rnd.nextDouble()) * 60 / perMinute;
            if (t >= duration) {
                return out;
            }
            out.add(t);
        }
    }

    /** Weight of each electrode for a source of artefact at {@code centre}, decaying over {@code length} m. */
    private static double[] topography(SubjectModel m, double[] centre, double length) {
        double[] w = new double[m.electrodes.size()];
        for (int ch = 0; ch < w.length; ch++) {
            w[ch] = Math.exp(-SphericalHead.norm(SphericalHead.sub(m.electrodes.get(ch), centre)) / length);
        }
        return w;
    }

    private static double[] eyes(SubjectModel m) {
        return SphericalHead.vec(SphericalHead.onSphere(110, 90, m.head.radius()));
    }

    /** Blinks: a 0.3–0.4 s positive deflection frontally (the cornea is positive; the lid slides over it). */
    private static void blinks(SimulationConfig c, SubjectModel m, double[][] x, double fs, SplittableRandom rnd) {
        double[] w = topography(m, eyes(m), 0.035);
        for (double t : poisson(c.blinksPerMinute(), x[0].length / fs, rnd)) {
            double len = 0.3 + 0.1 * rnd.nextDouble();
            double amp = BLINK * Math.exp(0.2 * rnd.nextGaussian());
            int from = (int) (t * fs);
            int to = Math.min(x[0].length, from + (int) (len * fs));
            for (int i = from; i < to; i++) {
                double v = amp * 0.5 * (1 - Math.cos(2 * Math.PI * (i - from) / (len * fs)));
                for (int ch = 0; ch < x.length; ch++) {
                    x[ch][i] += w[ch] * v;
                }
            }
        }
    }

    /** Horizontal saccades: a step towards one side held 0.3–1.5 s, antisymmetric left–right, largest at HEOG. */
    private static void eyeMovements(SimulationConfig c, SubjectModel m, double[][] x, double fs,
            SplittableRandom rnd) {
        double[] w = topography(m, eyes(m), 0.05);
        for (int ch = 0; ch < w.length; ch++) {
            w[ch] *= -m.electrodes.get(ch)[0] / m.head.radius();
        }
        for (double t : poisson(c.eyeMovementsPerMinute(), x[0].length / fs, rnd)) {
            double amp = SACCADE * (rnd.nextBoolean() ? 1 : -1) * (0.5 + rnd.nextDouble());
            int from = (int) (t * fs);
            int hold = (int) ((0.3 + 1.2 * rnd.nextDouble()) * fs);
            int ramp = Math.max(1, (int) (0.04 * fs)); // saccades take tens of milliseconds
            int to = Math.min(x[0].length, from + hold + ramp);
            for (int i = from; i < to; i++) {
                int j = i - from;
                double v = amp * Math.min(1, Math.min((double) j / ramp, (double) (hold + ramp - j) / ramp));
                for (int ch = 0; ch < x.length; ch++) {
                    x[ch][i] += w[ch] * v;
                }
            }
        }
    }

    /** Temporalis bursts: broadband noise above 20 Hz under a Hann envelope, centred on T7 or T8. */
    private static void muscle(SimulationConfig c, SubjectModel m, double[][] x, double fs, SplittableRandom rnd) {
        IirFilter highpass = Butterworth.highpass(4, 20, fs);
        double r = m.head.radius();
        for (double t : poisson(c.muscleBurstsPerMinute(), x[0].length / fs, rnd)) {
            double[] centre = SphericalHead.vec(SphericalHead.onSphere(100, rnd.nextBoolean() ? 180 : 0, r));
            double[] w = topography(m, centre, 0.03);
            int from = (int) (t * fs);
            int len = Math.min(x[0].length - from, (int) ((0.3 + 1.2 * rnd.nextDouble()) * fs));
            double amp = MUSCLE * Math.exp(0.3 * rnd.nextGaussian());
            for (int ch = 0; ch < x.length; ch++) {
                if (w[ch] < 0.01 || len < 8) {
                    continue;
                }
                double[] white = new double[len];
                for (int i = 0; i < len; i++) {
                    white[i] = rnd.nextGaussian();
                }
                double[] emg = highpass.lfilter(white, null);
                for (int i = 0; i < len; i++) {
                    double env = 0.5 * (1 - Math.cos(2 * Math.PI * i / len));
                    x[ch][from + i] += amp * w[ch] * env * emg[i];
                }
            }
        }
    }
}
