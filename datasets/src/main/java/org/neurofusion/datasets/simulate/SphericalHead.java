package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.SensorPosition;

/**
 * The simulator's head: a homogeneous conducting sphere centred on the origin of the head frame (x right,
 * y front, z up), with the EEG montage on its surface and the closed-form potential of a current dipole inside
 * it.
 *
 * <p>Electrodes sit at the idealised spherical 10-10 positions of the BESA convention (as listed in EEGLAB's
 * standard BESA file): {@code theta} is the angle from the vertex (Cz), {@code azimuth} is measured in the
 * horizontal plane from the right ear (T8, +x) towards the nose (+y). Fpz, T7, T8 and Oz lie on the equator
 * (theta 90°), Fz, C3, C4 and Pz at 45°.
 *
 * <p>The lead field is Frank's (1952) potential of a dipole in a homogeneous sphere, in the form of
 * Lütkenhöner (1992, eq. A.17; Kavanagh et al. 1978), with conductivity 0.33 S/m. A homogeneous sphere has no
 * poorly conducting skull, so it smears topographies less than a real head; source strengths are scaled so
 * that scalp amplitudes are the usual tens of microvolts.
 */
public final class SphericalHead {
    /** Conductivity of the homogeneous sphere (S/m), the usual brain and scalp value. */
    public static final double CONDUCTIVITY = 0.33;

    // name, theta (deg from vertex), azimuth (deg from +x towards +y)
    private static final Object[][] EEG_10_10 = {
        {"Fp1", 90, 108}, {"Fp2", 90, 72}, {"AF3", 74, 115}, {"AF4", 74, 65},
        {"F7", 90, 144}, {"F3", 60, 129}, {"Fz", 45, 90}, {"F4", 60, 51}, {"F8", 90, 36},
        {"FC5", 72, 159}, {"FC1", 32, 135}, {"FC2", 32, 45}, {"FC6", 72, 21},
        {"T7", 90, 180}, {"C3", 45, 180}, {"Cz", 0, 90}, {"C4", 45, 0}, {"T8", 90, 0},
        {"CP5", 72, 201}, {"CP1", 32, 225}, {"CP2", 32, 315}, {"CP6", 72, 339},
        {"P7", 90, 216}, {"P3", 60, 231}, {"Pz", 45, 270}, {"P4", 60, 309}, {"P8", 90, 324},
        {"O1", 90, 252}, {"Oz", 90, 270}, {"O2", 90, 288},
    };
    // VEOG below the left eye, HEOG at the left outer canthus: both below the 10-10 equator.
    private static final Object[][] EOG = {{"VEOG", 118, 105}, {"HEOG", 105, 130}};

    private final double radius;

    /** A head of this radius (m). */
    public SphericalHead(double radius) {
        this.radius = radius;
    }

    /** Radius in metres. */
    public double radius() {
        return radius;
    }

    /** The 30 EEG electrodes, name → position on the sphere, in montage order. */
    public Map<String, SensorPosition> eegElectrodes() {
        return table(EEG_10_10);
    }

    /** The two EOG electrodes (VEOG, HEOG). */
    public Map<String, SensorPosition> eogElectrodes() {
        return table(EOG);
    }

    private Map<String, SensorPosition> table(Object[][] rows) {
        Map<String, SensorPosition> m = new LinkedHashMap<>();
        for (Object[] r : rows) {
            m.put((String) r[0], onSphere(((Number) r[1]).doubleValue(), ((Number) r[2]).doubleValue(), radius));
        }
        return m;
    }

    /** The point at {@code theta} degrees from the vertex and {@code azimuth} degrees from +x, at radius r. */
    public static SensorPosition onSphere(double thetaDeg, double azimuthDeg, double r) {
        double th = Math.toRadians(thetaDeg);
        double az = Math.toRadians(azimuthDeg);
        return new SensorPosition(r * Math.sin(th) * Math.cos(az), r * Math.sin(th) * Math.sin(az),
                r * Math.cos(th));
    }

    /** {@code p} scaled to radius {@code r} (its radial projection). */
    public static double[] project(double[] p, double r) {
        double n = norm(p);
        return new double[] {p[0] * r / n, p[1] * r / n, p[2] * r / n};
    }

    /** As an array. */
    public static double[] vec(SensorPosition p) {
        return new double[] {p.x(), p.y(), p.z()};
    }

    /** As a position. */
    public static SensorPosition pos(double[] p) {
        return new SensorPosition(p[0], p[1], p[2]);
    }

    /**
     * Two unit tangents of the sphere at direction {@code p}: {@code [0]} horizontal (along the latitude, towards
     * increasing azimuth), {@code [1]} towards the vertex. At the vertex itself, x and y.
     */
    public static double[][] tangents(double[] p) {
        double[] u = project(p, 1);
        double[] east = {-u[1], u[0], 0};
        double en = norm(east);
        if (en < 1e-9) {
            return new double[][] {{1, 0, 0}, {0, 1, 0}};
        }
        east = scale(east, 1 / en);
        double[] north = cross(u, east);
        return new double[][] {east, north};
    }

    /**
     * The point reached from {@code p} (on a sphere of radius |p|) by moving the arc lengths {@code a} along
     * tangent 0 and {@code b} along tangent 1 (metres): a local map of the scalp, exact along the two axes.
     */
    public static double[] moveOnSphere(double[] p, double a, double b) {
        double r = norm(p);
        double[][] t = tangents(p);
        double dist = Math.hypot(a, b);
        if (dist == 0) {
            return p.clone();
        }
        double[] dir = add(scale(t[0], a / dist), scale(t[1], b / dist));
        double ang = dist / r;
        double[] u = project(p, 1);
        return scale(add(scale(u, Math.cos(ang)), scale(dir, Math.sin(ang))), r);
    }

    /**
     * The potential (V) at electrode {@code e} (on the surface) per unit dipole moment (A·m) along each axis,
     * of a dipole at {@code q} inside the sphere: the lead-field row, so that V = row · moment.
     */
    public double[] leadField(double[] e, double[] q) {
        double[] r = project(e, radius);
        double q2 = dot(q, q);
        double c = 4 * Math.PI * CONDUCTIVITY;
        if (q2 < 1e-18) {
            // At the centre the sphere's potential is three times the infinite-medium one.
            double[] u = project(r, 1);
            return scale(u, 3 / (c * radius * radius));
        }
        double[] d = sub(r, q);
        double dn = norm(d);
        double d3 = dn * dn * dn;
        double rq = dot(r, q);
        double[] perp = sub(scale(r, q2), scale(q, rq)); // q × (r × q)
        double cross2 = radius * radius * q2 - rq * rq; // |r × q|²
        double coefPerp = 2 / d3;
        if (cross2 > 1e-12 * radius * radius * q2) {
            double[] diff = sub(scale(r, 1 / radius), scale(d, 1 / dn));
            coefPerp += dot(q, diff) / cross2;
        }
        double coefQ = (radius * radius - q2) / d3 - 1 / radius;
        return scale(add(scale(perp, coefPerp), scale(q, coefQ)), 1 / (c * q2));
    }

    /** Great-circle distance (m, on the scalp) between the radial projections of two points. */
    public double scalpDistance(double[] a, double[] b) {
        double cos = dot(project(a, 1), project(b, 1));
        return radius * Math.acos(Math.max(-1, Math.min(1, cos)));
    }

    /** Names and positions as parallel lists, for callers that index them. */
    static List<double[]> positions(Map<String, SensorPosition> m) {
        List<double[]> out = new ArrayList<>();
        m.values().forEach(p -> out.add(vec(p)));
        return out;
    }

    static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double[] add(double[] a, double[] b) {
        return new double[] {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
    }

    static double[] sub(double[] a, double[] b) {
        return new double[] {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    }

    static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }

    static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }
}
