package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The current dipoles of one run, drawn once and projected by every electromagnetic modality (the EEG through the
 * sphere's lead field, the MEG through Sarvas's formula): the cortical sources' rhythms (mu, beta, alpha, theta)
 * whose power follows each source's latent power factor, broadband 30–45 Hz gamma that rises with activation, and
 * the aperiodic 1/f background of deep dipoles, which carries most of the broadband power. A state shared by the
 * whole head (vigilance, 0.02–0.5 Hz) scales every rhythm's power, and a little the background's, so power rises
 * and falls together over both hemispheres; drawing it also couples it into the haemodynamics
 * ({@link LatentActivity#coupleHeadState}).
 *
 * <p>These draws were the start of the EEG synthesis and use its random stream in the same order, so the EEG is
 * unchanged by the split.
 */
final class CorticalSources {
    // Dipole moment standard deviations (A·m), chosen so the homogeneous sphere gives tens of µV on the scalp and,
    // with the background below, the rhythms stand a few dB over the 1/f fit as in real recordings (eegmmidb:
    // occipital alpha median 4.5 dB, mu at C3/C4 2.4 dB) rather than 15-20 dB.
    private static final double MU = 5.5e-9;
    private static final double BETA = 4e-9;
    private static final double FRONTAL_RHYTHM = 5e-9;
    private static final double GAMMA = 1.5e-9;
    private static final double ALPHA = 8e-9;
    private static final double DISTRACTOR = 5e-9;
    /**
     * The aperiodic background's dipoles: most of the scalp EEG's broadband power (1-40 Hz RMS about 19 µV at the
     * median of the real runs, blinks included).
     */
    private static final double BACKGROUND = 110e-9;
    /**
     * Spectral width (standard deviation, Hz) of the mu and alpha peaks: about 3 Hz at half height, the peak
     * bandwidths fitted to scalp EEG (Donoghue et al. 2020), not the near-sinusoids of a 0.6 Hz width.
     */
    private static final double MU_WIDTH = 1.2;
    private static final double ALPHA_WIDTH = 1.2;
    /**
     * Standard deviation of the log of the shared state's factor on every rhythm's power. Real 8-30 Hz power at C3
     * and C4 rises and falls together (1-s power correlation median 0.44 in eegmmidb) with vigilance; 0.9 gives
     * that correlation together with the broadband part.
     */
    private static final double STATE_RHYTHM = 0.9;
    /**
     * The same for the aperiodic background's power: small, since a larger one makes 1-s power vary more than real
     * (std/mean 0.42) and ERD scatter more from trial to trial than real (1.5 dB).
     */
    private static final double STATE_BACKGROUND = 0.12;
    /** Band of the shared state (Hz): from minutes-long drifts of vigilance to changes within a few seconds. */
    private static final double STATE_LOW = 0.02;
    private static final double STATE_HIGH = 0.5;

    /**
     * One current dipole: the moment is {@code scale × series[i]} (A·m) along the unit {@code orientation}, at
     * {@code position} (m, head frame), sample i at the EEG rate.
     */
    record Dipole(double[] position, double[] orientation, double scale, double[] series) {
    }

    private final List<Dipole> dipoles;
    private final int samples;
    private final double rate;

    private CorticalSources(List<Dipole> dipoles, int samples, double rate) {
        this.dipoles = List.copyOf(dipoles);
        this.samples = samples;
        this.rate = rate;
    }

    /** The cortical sources (in the subject model's order), then the background dipoles. */
    List<Dipole> dipoles() {
        return dipoles;
    }

    /** Samples of every series. */
    int samples() {
        return samples;
    }

    /** Sampling rate of the series (Hz): the EEG rate. */
    double rate() {
        return rate;
    }

    /** Draws the dipoles' series of one run of {@code duration} seconds from {@code rnd} (the EEG stream). */
    static CorticalSources draw(SimulationConfig c, SubjectModel m, LatentActivity lat, double duration,
            SplittableRandom rnd) {
        double fs = c.eegRate();
        int n = (int) Math.round(duration * fs);
        List<Dipole> dipoles = new ArrayList<>();
        // One state for the whole head, on the latent grid: log-normal power factors of mean 1.
        double[] z = Noise.band(rnd, lat.n, 1 / LatentActivity.DT, STATE_LOW, STATE_HIGH);
        double[] state = new double[lat.n];
        double[] backgroundRoot = new double[lat.n];
        for (int i = 0; i < lat.n; i++) {
            state[i] = Math.exp(STATE_RHYTHM * z[i] - STATE_RHYTHM * STATE_RHYTHM / 2);
            backgroundRoot[i] = Math.exp(0.5 * (STATE_BACKGROUND * z[i] - STATE_BACKGROUND * STATE_BACKGROUND / 2));
        }
        lat.coupleHeadState(z, c.stateCoupling());
        for (int k = 0; k < m.sources.size(); k++) {
            SubjectModel.CorticalSource s = m.sources.get(k);
            double[] q = new double[n];
            switch (s.kind()) {
                case MOTOR -> {
                    modulated(q, Noise.rhythm(rnd, n, fs, s.frequency(), MU_WIDTH), MU, lat, lat.rhythmPower[k], state,
                            fs);
                    modulated(q, Noise.rhythm(rnd, n, fs, m.betaFrequency, 2.5), BETA, lat, lat.rhythmPower[k], state,
                            fs);
                    modulated(q, Noise.band(rnd, n, fs, 30, SimulationConfig.HIGHEST_NEURAL_FREQUENCY), GAMMA, lat,
                            lat.gammaPower[k], null, fs);
                }
                case FRONTAL -> {
                    modulated(q, Noise.rhythm(rnd, n, fs, s.frequency(), 1.0), FRONTAL_RHYTHM, lat,
                            lat.rhythmPower[k], state, fs);
                    modulated(q, Noise.rhythm(rnd, n, fs, m.betaFrequency, 3), FRONTAL_RHYTHM * 0.6, lat,
                            lat.rhythmPower[k], state, fs);
                    modulated(q, Noise.band(rnd, n, fs, 30, SimulationConfig.HIGHEST_NEURAL_FREQUENCY), GAMMA, lat,
                            lat.gammaPower[k], null, fs);
                }
                case OCCIPITAL -> modulated(q, Noise.rhythm(rnd, n, fs, s.frequency(), ALPHA_WIDTH), ALPHA, lat,
                        lat.rhythmPower[k], state, fs);
                case DISTRACTOR -> modulated(q, Noise.rhythm(rnd, n, fs, s.frequency(), 1.2), DISTRACTOR, lat,
                        lat.rhythmPower[k], state, fs);
            }
            dipoles.add(new Dipole(s.position(), s.orientation(), s.gain(), q));
        }
        double[] bgRoot = new double[n];
        for (int i = 0; i < n; i++) {
            bgRoot[i] = lat.at(backgroundRoot, i / fs);
        }
        for (int b = 0; b < SubjectModel.BACKGROUND_DIPOLES; b++) {
            double[] bg = Noise.powerLaw(rnd, n, fs, m.backgroundExponent, 0.3, fs / 2);
            for (int i = 0; i < n; i++) {
                bg[i] *= bgRoot[i];
            }
            dipoles.add(new Dipole(m.backgroundPositions[b], m.backgroundOrientations[b], BACKGROUND, bg));
        }
        return new CorticalSources(dipoles, n, fs);
    }

    /**
     * Adds amp × √(power(t)·state(t)) × carrier to q: the rhythm's power follows the latent power factor and,
     * unless {@code state} is null, the head's shared state.
     */
    private static void modulated(double[] q, double[] carrier, double amp, LatentActivity lat, double[] power,
            double[] state, double fs) {
        // The power factor changes slowly: evaluate it on the latent grid and interpolate its square root.
        double[] root = new double[power.length];
        for (int i = 0; i < power.length; i++) {
            root[i] = Math.sqrt(power[i] * (state == null ? 1 : state[i]));
        }
        for (int i = 0; i < q.length; i++) {
            q[i] += amp * lat.at(root, i / fs) * carrier[i];
        }
    }
}
