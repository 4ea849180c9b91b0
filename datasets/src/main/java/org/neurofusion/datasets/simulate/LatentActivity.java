package org.neurofusion.datasets.simulate;

import java.util.SplittableRandom;

/**
 * The latent state of one run, per cortical source, on a 10 Hz grid of EEG time that starts early enough for the
 * HRF to settle: the task drive, the ongoing slow fluctuation, the activation both modalities share, the EEG's
 * rhythm power factors and the haemodynamic response.
 *
 * <p>With s the shared-information fraction, for each source k:
 * <ul>
 * <li>shared activation a = s·task + slow — drives both the rhythms and the haemodynamics;</li>
 * <li>EEG drive = a + (1 − s)·eegOnly — eegOnly are task-like blocks at random times: oscillatory modulations
 *     without haemodynamic coupling;</li>
 * <li>haemodynamic demand = a + (1 − s)·task — the part (1 − s)·task is demand without an oscillatory
 *     signature, so the fNIRS sees the whole task whatever s is, the EEG only its shared part.</li>
 * </ul>
 * The slow fluctuations (0.01–0.2 Hz) are always shared: they are ongoing state, not task information.
 */
final class LatentActivity {
    /** Grid step (s). */
    static final double DT = 0.1;
    /** Ramp of the task drive at the start and end of a task period (s). */
    static final double RAMP = 0.5;

    final double t0;
    final int n;
    final double[][] task;
    final double[][] activation;
    final double[][] eegDrive;
    /** 8–30 Hz power relative to rest, per source. */
    final double[][] rhythmPower;
    /** 30–45 Hz broadband power relative to rest, per source. */
    final double[][] gammaPower;
    /** HbO and HbR change at the source (mol/L), as a channel fully sensitive to it would see. */
    final double[][] hbo;
    final double[][] hbr;
    /**
     * Every trial's block, whatever its condition, through the HRF and scaled to peak 1 for a full block: the
     * time course of the task-evoked systemic (scalp) haemodynamics that any task raises (Kirilina et al. 2012).
     */
    final double[] taskSystemic;
    private final double[] hrfO;
    private final double[] hrfR;
    private final double[] sourceScale;
    private final double hbrRatio;

    LatentActivity(SimulationConfig c, SubjectModel m, Protocol.Schedule schedule, SplittableRandom rnd) {
        t0 = -Hrf.LENGTH - 10 + Math.min(0, m.fnirsClock.offset());
        double end = schedule.duration() + 10 + Math.max(0, m.fnirsClock.offset());
        n = (int) Math.ceil((end - t0) / DT) + 1;
        int ns = m.sources.size();
        task = new double[ns][n];
        activation = new double[ns][];
        eegDrive = new double[ns][];
        rhythmPower = new double[ns][n];
        gammaPower = new double[ns][n];
        hbo = new double[ns][];
        hbr = new double[ns][];
        for (Protocol.Trial t : schedule.trials()) {
            for (int k : m.driven(t.condition())) {
                addBlock(task[k], t.onset(), c.taskSeconds(), t.strength());
            }
        }
        double s = c.sharedFraction();
        hrfO = Hrf.kernel(m.hrfDelay, m.hrfDispersion, DT);
        hbrRatio = c.hbrRatio();
        sourceScale = new double[ns];
        double[] anyTask = new double[n];
        for (Protocol.Trial t : schedule.trials()) {
            addBlock(anyTask, t.onset(), c.taskSeconds(), 1);
        }
        taskSystemic = Hrf.convolve(anyTask, hrfO);
        double systemicPeak = blockPeak(c.taskSeconds(), hrfO); // also scales the cortical response below
        for (int i = 0; i < taskSystemic.length; i++) {
            taskSystemic[i] /= systemicPeak;
        }
        // HbR lags HbO by about a second (e.g. Obrig & Villringer 2003).
        hrfR = Hrf.kernel(m.hrfDelay + 1, m.hrfDispersion, DT);
        double scale = c.hboAmplitude() / systemicPeak;
        double fluctuationRate = 1 / (2 * (c.cueSeconds() + c.taskSeconds()
                + 0.5 * (c.restMinSeconds() + c.restMaxSeconds())));
        for (int k = 0; k < ns; k++) {
            SubjectModel.Kind kind = m.sources.get(k).kind();
            double[] slow = Noise.band(rnd, n, 1 / DT, 0.01, 0.2);
            double[] a = new double[n];
            double[] e = new double[n];
            double[] demand = new double[n];
            boolean taskable = kind == SubjectModel.Kind.MOTOR || kind == SubjectModel.Kind.FRONTAL;
            double[] eegOnly = new double[n];
            if (taskable && s < 1) {
                // Blocks as frequent as this source's real task blocks, at times unrelated to the protocol.
                for (double t = t0; t < end; t += -Math.log(1 - rnd.nextDouble()) / fluctuationRate) {
                    addBlock(eegOnly, t, c.taskSeconds(), Math.exp(0.25 * rnd.nextGaussian() - 0.03));
                }
            }
            for (int i = 0; i < n; i++) {
                a[i] = s * task[k][i] + c.slowFluctuation() * slow[i];
                e[i] = a[i] + (1 - s) * eegOnly[i];
                demand[i] = a[i] + (1 - s) * task[k][i];
                if (taskable) {
                    rhythmPower[k][i] = SubjectModel.clamp(1 - c.erdDepth() * e[i], 0.05, 3);
                    gammaPower[k][i] = SubjectModel.clamp(1 + c.gammaIncrease() * e[i], 0.2, 4);
                } else {
                    // Alpha and distractor rhythms wax and wane with their own slow state.
                    rhythmPower[k][i] = Math.exp(-Math.min(2, e[i]) * 1.5);
                    gammaPower[k][i] = 1;
                }
            }
            activation[k] = a;
            eegDrive[k] = e;
            double gain = m.sources.get(k).gain();
            sourceScale[k] = scale * gain;
            hbo[k] = Hrf.convolve(demand, hrfO);
            hbr[k] = Hrf.convolve(demand, hrfR);
            for (int i = 0; i < n; i++) {
                hbo[k][i] *= scale * gain;
                hbr[k][i] *= -c.hbrRatio() * scale * gain;
            }
        }
    }

    /**
     * Adds the haemodynamic response to the head-wide EEG state {@code z} (on this grid; high z = strong rhythms) to
     * every source: demand −{@code coupling}·z through the HRF, so that strong rhythms go with less HbO and more HbR,
     * as alpha power and haemodynamics go in real recordings. Nothing changes when {@code coupling} is 0. Called by
     * the EEG synthesis, which draws the state, before the fNIRS is synthesised from these series.
     */
    void coupleHeadState(double[] z, double coupling) {
        if (coupling == 0) {
            return;
        }
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = -coupling * z[i];
        }
        double[] o = Hrf.convolve(d, hrfO);
        double[] r = Hrf.convolve(d, hrfR);
        for (int k = 0; k < hbo.length; k++) {
            for (int i = 0; i < n; i++) {
                hbo[k][i] += o[i] * sourceScale[k];
                hbr[k][i] -= hbrRatio * r[i] * sourceScale[k];
            }
        }
    }

    /** Time of grid sample i (s, EEG clock). */
    double time(int i) {
        return t0 + i * DT;
    }

    /** Value of series {@code y} of this grid at EEG time t. */
    double at(double[] y, double t) {
        return Noise.interpolate(y, t0, DT, t);
    }

    /** Adds a task block of {@code strength} with linear ramps, starting at onset, to {@code y}. */
    private void addBlock(double[] y, double onset, double length, double strength) {
        int from = Math.max(0, (int) Math.floor((onset - t0) / DT));
        int to = Math.min(y.length - 1, (int) Math.ceil((onset + length + RAMP - t0) / DT));
        for (int i = from; i <= to; i++) {
            double t = time(i) - onset;
            double v = t < 0 ? 0 : t < RAMP ? t / RAMP : t < length ? 1 : t < length + RAMP ? 1 - (t - length) / RAMP : 0;
            y[i] += strength * v;
        }
    }

    /** The peak of the HRF response to a full-strength block of this length. */
    private static double blockPeak(double length, double[] hrf) {
        int n = (int) Math.ceil((length + Hrf.LENGTH) / DT);
        double[] box = new double[n];
        for (int i = 0; i < n; i++) {
            double t = i * DT;
            box[i] = t < RAMP ? t / RAMP : t < length ? 1 : t < length + RAMP ? 1 - (t - length) / RAMP : 0;
        }
        double peak = 0;
        for (double v : Hrf.convolve(box, hrf)) {
            peak = Math.max(peak, v);
        }
        return peak;
    }
}
