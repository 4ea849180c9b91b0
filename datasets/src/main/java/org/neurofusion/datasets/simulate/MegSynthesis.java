package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorFeatures;

/**
 * MEG of one run: the same current dipoles as the EEG ({@link CorticalSources}) through Sarvas's spherical-conductor
 * field ({@link SarvasField}) to the radial magnetometers of a {@link MegHelmet}, plus what a shielded room leaves:
 * a spatially uniform environmental field drifting below a few hertz (traffic, lifts, the building) and white
 * sensor noise. Noise comes from the MEG's own random stream, so the EEG and fNIRS draw exactly as without it.
 */
final class MegSynthesis {
    /**
     * Factor from the EEG's dipole moments to the MEG's, calibrated rather than derived: the EEG's moments were tuned
     * to scalp amplitudes in a homogeneous sphere, and taken at full size they put the magnetometers at about twice
     * the usual amplitudes (broadband RMS median 630 fT, up to 1.1 pT, mostly the 110 nA·m background dipoles). At
     * one half the sensors read 50–1000 fT (broadband RMS about 200–600 fT, environment and sensor noise included),
     * as real magnetometers do over cortex.
     */
    static final double MOMENT_SCALE = 0.5;
    /** White sensor noise density (T/√Hz): SQUID magnetometers in a shielded room have 3–5 fT/√Hz. */
    static final double WHITE_NOISE_DENSITY = 4e-15;
    /** Standard deviation of each component of the uniform environmental field (T) after shielding. */
    static final double ENVIRONMENT = 150e-15;
    /** Band of the environmental field (Hz), with a 1/f² (Brownian) spectrum inside it. */
    static final double ENVIRONMENT_LOW = 0.01;
    static final double ENVIRONMENT_HIGH = 3;

    private MegSynthesis() {
    }

    /** Channels (magnetometers, T, with position and orientation) and their samples. */
    record Result(List<Channel> channels, double[][] data) {
    }

    static Result generate(MegHelmet helmet, CorticalSources sources, SplittableRandom rnd) {
        double fs = sources.rate();
        int n = sources.samples();
        int nc = helmet.positions().size();
        double[][] x = new double[nc][n];
        List<CorticalSources.Dipole> dipoles = sources.dipoles();
        double[][] gains = new double[nc][dipoles.size()];
        for (int ch = 0; ch < nc; ch++) {
            for (int s = 0; s < dipoles.size(); s++) {
                gains[ch][s] = gain(helmet, ch, dipoles.get(s));
            }
        }
        // x[ch] += Σ gains·series, in time blocks so each block of every channel stays in cache.
        for (int from = 0; from < n; from += 2048) {
            int to = Math.min(n, from + 2048);
            for (int ch = 0; ch < nc; ch++) {
                double[] row = x[ch];
                for (int s = 0; s < dipoles.size(); s++) {
                    double g = gains[ch][s];
                    double[] q = dipoles.get(s).series();
                    for (int i = from; i < to; i++) {
                        row[i] += g * q[i];
                    }
                }
            }
        }
        double[][] environment = new double[3][];
        for (int axis = 0; axis < 3; axis++) {
            environment[axis] = Noise.powerLaw(rnd, n, fs, 2, ENVIRONMENT_LOW, ENVIRONMENT_HIGH);
        }
        double white = WHITE_NOISE_DENSITY * Math.sqrt(fs / 2);
        List<Channel> channels = new ArrayList<>();
        for (int ch = 0; ch < nc; ch++) {
            double[] nrm = helmet.normals().get(ch);
            double[] row = x[ch];
            for (int i = 0; i < n; i++) {
                double env = environment[0][i] * nrm[0] + environment[1][i] * nrm[1] + environment[2][i] * nrm[2];
                row[i] += ENVIRONMENT * env + white * rnd.nextGaussian();
            }
            channels.add(new Channel(helmet.names().get(ch), ChannelType.MAG, "T", fs, n,
                    Optional.of(SphericalHead.pos(helmet.positions().get(ch))),
                    Map.of(SensorFeatures.ORIENTATION_ATTRIBUTE, String.format(Locale.ROOT, "%s,%s,%s", nrm[0],
                            nrm[1], nrm[2]))));
        }
        return new Result(channels, x);
    }

    /** The field along sensor {@code ch}'s normal per unit of the dipole's series (T). */
    static double gain(MegHelmet helmet, int ch, CorticalSources.Dipole d) {
        double[] b = SarvasField.field(d.position(), d.orientation(), helmet.positions().get(ch));
        return MOMENT_SCALE * d.scale() * SphericalHead.dot(b, helmet.normals().get(ch));
    }
}
