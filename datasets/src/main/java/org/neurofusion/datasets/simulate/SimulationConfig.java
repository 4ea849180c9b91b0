package org.neurofusion.datasets.simulate;

import java.util.List;
import java.util.Objects;

/**
 * Every parameter of the physiological simulator, with defaults from the literature and from the Shin 2017
 * protocol ({@link #defaults()}). Times in seconds, rates in Hz, distances in metres, concentrations in mol/L,
 * potentials in volts. Validated on construction; each message names the offending parameter.
 *
 * @param seed drives every random draw; the same seed gives identical output
 * @param subjects number of simulated subjects (≥ 1)
 * @param tasks tasks recorded per subject, each as {@code sessionsPerTask} runs
 * @param sessionsPerTask runs per task (3 in Shin 2017)
 * @param trialsPerSession trials per run, half of each condition (20 in Shin 2017; even)
 * @param cueSeconds instruction shown before each task period (2 s)
 * @param taskSeconds task period, also the events' duration (10 s)
 * @param restMinSeconds shortest rest after a task period (15 s)
 * @param restMaxSeconds longest rest after a task period (17 s); drawn uniformly in between
 * @param preRestSeconds rest before the first trial of a run (60 s in Shin 2017)
 * @param postRestSeconds rest after the last trial (60 s)
 * @param restingRunSeconds length of the eyes-open resting-state run per subject; 0 for none
 * @param eegRate EEG sampling rate (200 Hz); must exceed twice the line frequency and twice 45 Hz
 * @param fnirsRate fNIRS sampling rate on the fNIRS device's clock (10 Hz); must exceed 4× the cardiac frequency
 * @param groundTruthRate rate of the ground-truth recording (10 Hz)
 * @param headRadius radius of the spherical head (0.09 m)
 * @param longSeparation source–detector distance of the long fNIRS channels (0.03 m)
 * @param shortSeparation source–detector distance of the short channels (0.008 m; Brigadoi & Cooper 2015)
 * @param shortChannels whether each source has a short channel
 * @param lineFrequency mains frequency (50 Hz in Europe and Korea, 60 Hz in the Americas)
 * @param lineNoiseAmplitude mean amplitude of mains pick-up per EEG electrode (V)
 * @param sensorNoise white amplifier and electrode noise per EEG channel, standard deviation (V)
 * @param erdDepth fraction of a motor or frontal source's 8–30 Hz power lost at full activation (0.35, within the
 *     ERD of 20–50 % of Pfurtscheller & Lopes da Silva 1999; calibrated so CSP + sLDA lands near Shin 2017)
 * @param gammaIncrease fractional rise of a source's 30–45 Hz broadband power at full activation
 * @param hboAmplitude HbO peak for a full-strength 10 s task block over the active source (mol/L; 4e-7, calibrated
 *     so the fNIRS baselines land near Shin 2017 against a background of real size: about 0.13 µM 5–10 s after
 *     the task onset averaged over the long pairs near the active source, 0.3 µM at the nearest ones)
 * @param hbrRatio HbR change as a fraction of the HbO change, opposite sign (0.5, calibrated as hboAmplitude;
 *     0.33 is the textbook ratio)
 * @param sharedFraction fraction of the task-related activity the EEG shares with the fNIRS: 1 = every task
 *     change of haemodynamic demand has its oscillatory signature; 0 = the task is in the fNIRS only, the EEG's
 *     rhythms are modulated by task-unrelated processes instead
 * @param slowFluctuation standard deviation of each source's ongoing 0.01–0.2 Hz activation, in task units
 * @param blinksPerMinute blink rate (15/min, Bentivoglio et al. 1997)
 * @param eyeMovementsPerMinute horizontal eye-movement rate
 * @param muscleBurstsPerMinute rate of scalp-muscle (EMG) bursts
 * @param motionSpikesPerMinute rate of optode motion artefacts in the fNIRS
 * @param sourceJitter per-subject standard deviation of each cortical source's position (m)
 * @param gainSpread per-subject log-normal spread of source amplitudes (standard deviation of the log)
 * @param alphaFrequency population mean of the individual alpha frequency (10 Hz)
 * @param alphaFrequencySpread between-subject standard deviation of the alpha frequency (1 Hz; Haegens 2014)
 * @param electrodeShift per-subject standard deviation of the cap displacement on the scalp (m)
 * @param hrfPeakDelay population response delay of the double-gamma HRF: the shape of its first gamma in seconds
 *     (SPM's p1 = 6 s, which puts the impulse response's peak about 5 s after onset)
 * @param hrfDelaySpread between-subject standard deviation of the HRF peak delay (s)
 * @param cardiacFrequency mean heart rate (Hz)
 * @param respirationFrequency mean breathing rate (Hz)
 * @param mayerFrequency Mayer-wave frequency (0.1 Hz)
 * @param systemicLongFraction share of the superficial (scalp) haemodynamics seen by a long channel, relative to a
 *     short one
 * @param fnirsClockOffset population mean of where the fNIRS device's first sample lies on the EEG clock (s)
 * @param fnirsClockDrift population mean drift of the fNIRS clock relative to the EEG's (dimensionless; 40e-6)
 * @param clockOffsetSpread between-subject standard deviation of the clock offset (s)
 * @param clockDriftSpread between-subject standard deviation of the clock drift
 * @param ppf partial pathlength factor of the forward Beer–Lambert law (6.0, MNE's default)
 * @param stateCoupling how strongly the head-wide EEG state (vigilance: the log of the factor on every rhythm's
 *     power) drives the haemodynamics of every source, inversely, in task-block units through the HRF (0, the
 *     default: the state touches only the EEG; real recordings couple alpha power and haemodynamics inversely)
 * @param fmriTr repetition time of the simulated BOLD images (1.0 s: a multiband EPI's TR, fast enough to sample the
 *     HRF's rise; at most 10 s)
 * @param fmriVoxelSize edge of the BOLD images' isotropic voxels in millimetres (8 mm: coarse, so a whole brain is
 *     about 4,500 voxels and a 10-minute run a few tens of MB; 2–20 mm)
 */
public record SimulationConfig(long seed, int subjects, List<SimulatedTask> tasks, int sessionsPerTask,
        int trialsPerSession, double cueSeconds, double taskSeconds, double restMinSeconds, double restMaxSeconds,
        double preRestSeconds, double postRestSeconds, double restingRunSeconds, double eegRate, double fnirsRate,
        double groundTruthRate, double headRadius, double longSeparation, double shortSeparation,
        boolean shortChannels, double lineFrequency, double lineNoiseAmplitude, double sensorNoise, double erdDepth,
        double gammaIncrease, double hboAmplitude, double hbrRatio, double sharedFraction, double slowFluctuation,
        double blinksPerMinute, double eyeMovementsPerMinute, double muscleBurstsPerMinute,
        double motionSpikesPerMinute, double sourceJitter, double gainSpread, double alphaFrequency,
        double alphaFrequencySpread, double electrodeShift, double hrfPeakDelay, double hrfDelaySpread,
        double cardiacFrequency, double respirationFrequency, double mayerFrequency, double systemicLongFraction,
        double fnirsClockOffset, double fnirsClockDrift, double clockOffsetSpread, double clockDriftSpread,
        double ppf, double stateCoupling, double fmriTr, double fmriVoxelSize) {

    /** The highest frequency of simulated brain activity (top of the broadband gamma band), Hz. */
    public static final double HIGHEST_NEURAL_FREQUENCY = 45;

    public SimulationConfig {
        tasks = List.copyOf(Objects.requireNonNull(tasks, "tasks"));
        atLeast("subjects", subjects, 1);
        atLeast("sessionsPerTask", sessionsPerTask, 1);
        atLeast("trialsPerSession", trialsPerSession, 2);
        if (trialsPerSession % 2 != 0) {
            throw new IllegalArgumentException("trialsPerSession must be even (half per condition), got "
                    + trialsPerSession);
        }
        if (tasks.isEmpty() && !(restingRunSeconds > 0)) {
            throw new IllegalArgumentException("tasks is empty and restingRunSeconds is 0: nothing to simulate");
        }
        positive("cueSeconds", cueSeconds, true);
        positive("taskSeconds", taskSeconds, false);
        positive("restMinSeconds", restMinSeconds, false);
        positive("restMaxSeconds", restMaxSeconds, false);
        if (restMaxSeconds < restMinSeconds) {
            throw new IllegalArgumentException("restMaxSeconds (" + restMaxSeconds + ") is below restMinSeconds ("
                    + restMinSeconds + ")");
        }
        positive("preRestSeconds", preRestSeconds, true);
        positive("postRestSeconds", postRestSeconds, true);
        positive("restingRunSeconds", restingRunSeconds, true);
        positive("eegRate", eegRate, false);
        positive("fnirsRate", fnirsRate, false);
        positive("groundTruthRate", groundTruthRate, false);
        positive("lineFrequency", lineFrequency, false);
        double eegNeeds = 2 * Math.max(lineFrequency, HIGHEST_NEURAL_FREQUENCY);
        if (!(eegRate > eegNeeds)) {
            throw new IllegalArgumentException("eegRate " + eegRate + " Hz must exceed twice the highest simulated "
                    + "EEG frequency (line frequency " + lineFrequency + " Hz, gamma up to "
                    + HIGHEST_NEURAL_FREQUENCY + " Hz): more than " + eegNeeds + " Hz");
        }
        positive("cardiacFrequency", cardiacFrequency, false);
        positive("respirationFrequency", respirationFrequency, false);
        positive("mayerFrequency", mayerFrequency, false);
        // The cardiac waveform carries its second harmonic, so the fNIRS rate must resolve 2 × heart rate.
        if (!(fnirsRate > 4 * cardiacFrequency)) {
            throw new IllegalArgumentException("fnirsRate " + fnirsRate + " Hz must exceed twice the cardiac "
                    + "second harmonic (4 × cardiacFrequency = " + 4 * cardiacFrequency + " Hz)");
        }
        if (!(groundTruthRate > 2 * 0.2)) {
            throw new IllegalArgumentException("groundTruthRate " + groundTruthRate
                    + " Hz must exceed twice the 0.2 Hz top of the slow fluctuations");
        }
        positive("headRadius", headRadius, false);
        positive("longSeparation", longSeparation, false);
        positive("shortSeparation", shortSeparation, false);
        if (!(longSeparation < headRadius) || !(shortSeparation < longSeparation)) {
            throw new IllegalArgumentException("shortSeparation (" + shortSeparation + " m) < longSeparation ("
                    + longSeparation + " m) < headRadius (" + headRadius + " m) is required");
        }
        positive("lineNoiseAmplitude", lineNoiseAmplitude, true);
        positive("sensorNoise", sensorNoise, true);
        fraction("erdDepth", erdDepth);
        positive("gammaIncrease", gammaIncrease, true);
        positive("hboAmplitude", hboAmplitude, true);
        positive("hbrRatio", hbrRatio, true);
        fraction("sharedFraction", sharedFraction);
        positive("slowFluctuation", slowFluctuation, true);
        positive("blinksPerMinute", blinksPerMinute, true);
        positive("eyeMovementsPerMinute", eyeMovementsPerMinute, true);
        positive("muscleBurstsPerMinute", muscleBurstsPerMinute, true);
        positive("motionSpikesPerMinute", motionSpikesPerMinute, true);
        positive("sourceJitter", sourceJitter, true);
        positive("gainSpread", gainSpread, true);
        positive("alphaFrequency", alphaFrequency, false);
        positive("alphaFrequencySpread", alphaFrequencySpread, true);
        if (alphaFrequency < 7 || alphaFrequency > 14) {
            throw new IllegalArgumentException("alphaFrequency must lie in 7-14 Hz, got " + alphaFrequency);
        }
        positive("electrodeShift", electrodeShift, true);
        positive("hrfPeakDelay", hrfPeakDelay, false);
        positive("hrfDelaySpread", hrfDelaySpread, true);
        if (hrfPeakDelay < 2 || hrfPeakDelay > 12) {
            throw new IllegalArgumentException("hrfPeakDelay must lie in 2-12 s, got " + hrfPeakDelay);
        }
        fraction("systemicLongFraction", systemicLongFraction);
        finite("fnirsClockOffset", fnirsClockOffset);
        finite("fnirsClockDrift", fnirsClockDrift);
        if (Math.abs(fnirsClockDrift) > 0.01) {
            throw new IllegalArgumentException("fnirsClockDrift must be within ±0.01 (10,000 ppm), got "
                    + fnirsClockDrift);
        }
        positive("clockOffsetSpread", clockOffsetSpread, true);
        positive("clockDriftSpread", clockDriftSpread, true);
        positive("ppf", ppf, false);
        positive("stateCoupling", stateCoupling, true);
        positive("fmriTr", fmriTr, false);
        if (fmriTr > 10) {
            throw new IllegalArgumentException("fmriTr must be at most 10 s (the HRF's rise would be missed), got "
                    + fmriTr);
        }
        if (!(fmriVoxelSize >= 2 && fmriVoxelSize <= 20)) {
            throw new IllegalArgumentException("fmriVoxelSize must lie in 2-20 mm, got " + fmriVoxelSize);
        }
    }

    /** The defaults: Shin 2017's protocol and montage sizes, 10 subjects, seed 42. */
    public static SimulationConfig defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.v = new Object[] {seed, subjects, tasks, sessionsPerTask, trialsPerSession, cueSeconds, taskSeconds,
            restMinSeconds, restMaxSeconds, preRestSeconds, postRestSeconds, restingRunSeconds, eegRate, fnirsRate,
            groundTruthRate, headRadius, longSeparation, shortSeparation, shortChannels, lineFrequency,
            lineNoiseAmplitude, sensorNoise, erdDepth, gammaIncrease, hboAmplitude, hbrRatio, sharedFraction,
            slowFluctuation, blinksPerMinute, eyeMovementsPerMinute, muscleBurstsPerMinute, motionSpikesPerMinute,
            sourceJitter, gainSpread, alphaFrequency, alphaFrequencySpread, electrodeShift, hrfPeakDelay,
            hrfDelaySpread, cardiacFrequency, respirationFrequency, mayerFrequency, systemicLongFraction,
            fnirsClockOffset, fnirsClockDrift, clockOffsetSpread, clockDriftSpread, ppf, stateCoupling, fmriTr, fmriVoxelSize};
        return b;
    }

    /** The number of runs per subject: tasks × sessions, plus the resting run when there is one. */
    public int runsPerSubject() {
        return tasks.size() * sessionsPerTask + (restingRunSeconds > 0 ? 1 : 0);
    }

    private static void atLeast(String name, int v, int min) {
        if (v < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", got " + v);
        }
    }

    private static void finite(String name, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be finite, got " + v);
        }
    }

    private static void positive(String name, double v, boolean zeroAllowed) {
        if (!Double.isFinite(v) || v < 0 || (!zeroAllowed && v == 0)) {
            throw new IllegalArgumentException(name + " must be " + (zeroAllowed ? "non-negative" : "positive")
                    + " and finite, got " + v);
        }
    }

    private static void fraction(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must lie in [0, 1], got " + v);
        }
    }

    /**
     * Builds a {@link SimulationConfig}, starting from the defaults; every {@code optX} sets the component of
     * the same name (see the record's parameters for meaning and unit). Validation happens in {@link #build()}.
     */
    public static final class Builder {
        // Values in component order; one array keeps the builder short without a field per component.
        private Object[] v = {42L, 10, List.of(SimulatedTask.MOTOR_IMAGERY, SimulatedTask.MENTAL_ARITHMETIC), 3, 20,
            2.0, 10.0, 15.0, 17.0, 60.0, 60.0, 180.0, 200.0, 10.0, 10.0, 0.09, 0.03, 0.008, true, 50.0, 2e-6, 0.5e-6,
            0.35, 0.5, 4e-7, 0.5, 0.8, 0.4, 15.0, 6.0, 2.0, 0.5, 0.005, 0.2, 10.0, 1.0, 0.004, 6.0, 0.5, 1.1, 0.25,
            0.1, 0.5, 1.7, 40e-6, 0.5, 10e-6, 6.0, 0.0, 1.0, 8.0};

        private Builder() {
        }

        private Builder put(int i, Object value) {
            v[i] = Objects.requireNonNull(value);
            return this;
        }

        public Builder optSeed(long x) { return put(0, x); }
        public Builder optSubjects(int x) { return put(1, x); }
        public Builder optTasks(List<SimulatedTask> x) { return put(2, List.copyOf(x)); }
        public Builder optSessionsPerTask(int x) { return put(3, x); }
        public Builder optTrialsPerSession(int x) { return put(4, x); }
        public Builder optCueSeconds(double x) { return put(5, x); }
        public Builder optTaskSeconds(double x) { return put(6, x); }
        public Builder optRestMinSeconds(double x) { return put(7, x); }
        public Builder optRestMaxSeconds(double x) { return put(8, x); }
        public Builder optPreRestSeconds(double x) { return put(9, x); }
        public Builder optPostRestSeconds(double x) { return put(10, x); }
        public Builder optRestingRunSeconds(double x) { return put(11, x); }
        public Builder optEegRate(double x) { return put(12, x); }
        public Builder optFnirsRate(double x) { return put(13, x); }
        public Builder optGroundTruthRate(double x) { return put(14, x); }
        public Builder optHeadRadius(double x) { return put(15, x); }
        public Builder optLongSeparation(double x) { return put(16, x); }
        public Builder optShortSeparation(double x) { return put(17, x); }
        public Builder optShortChannels(boolean x) { return put(18, x); }
        public Builder optLineFrequency(double x) { return put(19, x); }
        public Builder optLineNoiseAmplitude(double x) { return put(20, x); }
        public Builder optSensorNoise(double x) { return put(21, x); }
        public Builder optErdDepth(double x) { return put(22, x); }
        public Builder optGammaIncrease(double x) { return put(23, x); }
        public Builder optHboAmplitude(double x) { return put(24, x); }
        public Builder optHbrRatio(double x) { return put(25, x); }
        public Builder optSharedFraction(double x) { return put(26, x); }
        public Builder optSlowFluctuation(double x) { return put(27, x); }
        public Builder optBlinksPerMinute(double x) { return put(28, x); }
        public Builder optEyeMovementsPerMinute(double x) { return put(29, x); }
        public Builder optMuscleBurstsPerMinute(double x) { return put(30, x); }
        public Builder optMotionSpikesPerMinute(double x) { return put(31, x); }
        public Builder optSourceJitter(double x) { return put(32, x); }
        public Builder optGainSpread(double x) { return put(33, x); }
        public Builder optAlphaFrequency(double x) { return put(34, x); }
        public Builder optAlphaFrequencySpread(double x) { return put(35, x); }
        public Builder optElectrodeShift(double x) { return put(36, x); }
        public Builder optHrfPeakDelay(double x) { return put(37, x); }
        public Builder optHrfDelaySpread(double x) { return put(38, x); }
        public Builder optCardiacFrequency(double x) { return put(39, x); }
        public Builder optRespirationFrequency(double x) { return put(40, x); }
        public Builder optMayerFrequency(double x) { return put(41, x); }
        public Builder optSystemicLongFraction(double x) { return put(42, x); }
        public Builder optFnirsClockOffset(double x) { return put(43, x); }
        public Builder optFnirsClockDrift(double x) { return put(44, x); }
        public Builder optClockOffsetSpread(double x) { return put(45, x); }
        public Builder optClockDriftSpread(double x) { return put(46, x); }
        public Builder optPpf(double x) { return put(47, x); }
        public Builder optStateCoupling(double x) { return put(48, x); }
        public Builder optFmriTr(double x) { return put(49, x); }
        public Builder optFmriVoxelSize(double x) { return put(50, x); }

        /** All artefacts (blinks, eye movements, muscle bursts, motion spikes, mains) off or on at the defaults. */
        public Builder optArtefacts(boolean on) {
            return optBlinksPerMinute(on ? 15 : 0).optEyeMovementsPerMinute(on ? 6 : 0)
                    .optMuscleBurstsPerMinute(on ? 2 : 0).optMotionSpikesPerMinute(on ? 0.5 : 0)
                    .optLineNoiseAmplitude(on ? 2e-6 : 0);
        }

        @SuppressWarnings("unchecked")
        public SimulationConfig build() {
            return new SimulationConfig((Long) v[0], (Integer) v[1], (List<SimulatedTask>) v[2], (Integer) v[3],
                    (Integer) v[4], d(5), d(6), d(7), d(8), d(9), d(10), d(11), d(12), d(13), d(14), d(15), d(16),
                    d(17), (Boolean) v[18], d(19), d(20), d(21), d(22), d(23), d(24), d(25), d(26), d(27), d(28),
                    d(29), d(30), d(31), d(32), d(33), d(34), d(35), d(36), d(37), d(38), d(39), d(40), d(41), d(42),
                    d(43), d(44), d(45), d(46), d(47), d(48), d(49), d(50));
        }

        private double d(int i) {
            return ((Number) v[i]).doubleValue();
        }
    }
}
