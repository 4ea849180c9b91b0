package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The simulated MEG helmet: {@link #SENSORS} point magnetometers spread evenly over the cap of a sphere around the
 * head centre, from the vertex down to {@link #LOWEST_THETA_DEG} from it (below the ears and the inion, as a
 * whole-head helmet reaches), each measuring the field along its outward radial normal. The sphere's radius is the
 * head's plus {@link #GAP}: scalp to sensor about 2.5 cm, as in a helmet worn by an adult (the dewar's wall and the
 * head's clearance).
 *
 * <p>Positions follow a Fibonacci lattice on the cap (equal areas in z, golden-angle azimuths), so neighbouring
 * sensors are about 2.7 cm apart, the spacing of a 102-location Vectorview helmet.
 */
final class MegHelmet {
    /** Number of magnetometers (as the 102 locations of a Vectorview helmet). */
    static final int SENSORS = 102;
    /** The lowest sensor's angle from the vertex (degrees). */
    static final double LOWEST_THETA_DEG = 110;
    /** Distance from the scalp to the sensors (m). */
    static final double GAP = 0.025;

    private final List<double[]> positions = new ArrayList<>();
    private final List<double[]> normals = new ArrayList<>();
    private final List<String> names = new ArrayList<>();

    /** The helmet around a head of {@code headRadius} metres. */
    MegHelmet(double headRadius) {
        double radius = headRadius + GAP;
        double zLow = Math.cos(Math.toRadians(LOWEST_THETA_DEG));
        double golden = Math.PI * (3 - Math.sqrt(5));
        for (int i = 0; i < SENSORS; i++) {
            double z = 1 - (i + 0.5) / SENSORS * (1 - zLow);
            double rho = Math.sqrt(1 - z * z);
            double phi = i * golden;
            double[] n = {rho * Math.cos(phi), rho * Math.sin(phi), z};
            normals.add(n);
            positions.add(SphericalHead.scale(n, radius));
            names.add(String.format(Locale.ROOT, "MEG%03d", i + 1));
        }
    }

    /** Sensor positions (m, head frame). */
    List<double[]> positions() {
        return positions;
    }

    /** Unit outward normals, the direction each magnetometer measures. */
    List<double[]> normals() {
        return normals;
    }

    /** Channel names {@code MEG001} ... */
    List<String> names() {
        return names;
    }

    /** Radius of the sensor sphere (m). */
    double radius() {
        return SphericalHead.norm(positions.get(0));
    }
}
