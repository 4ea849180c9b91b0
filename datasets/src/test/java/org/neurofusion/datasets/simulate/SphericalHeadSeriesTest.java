package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link SphericalHead#leadField} (a closed form) against the Legendre series of the homogeneous sphere, summed in
 * the test to convergence. A point current I at distance b from the centre of an insulated sphere (conductivity σ,
 * radius R) gives, on the surface at angle γ from the source's direction (1/|r − r₀| expanded in Legendre
 * polynomials, plus the interior harmonic A_n rⁿ P_n that makes ∂V/∂r vanish at R, A_n = (n+1)/n · bⁿ/R²ⁿ⁺¹):
 *
 * <pre>  V = I/(4πσ) · Σ_n (2n+1)/n · bⁿ/Rⁿ⁺¹ · P_n(cos γ).</pre>
 *
 * A dipole is the derivative along its moment: along the source's direction (radial) d/db gives
 * Σ (2n+1) bⁿ⁻¹/Rⁿ⁺¹ P_n(cos γ); across it (tangential, unit vector t) cos γ changes by (t·ê)/b, giving
 * Σ (2n+1)/n · bⁿ⁻¹/Rⁿ⁺¹ P_n'(cos γ) · (t·ê), ê the electrode's direction. At b = 0 both reduce to
 * 3 (m·ê)/(4πσR²). Frank (1952) and Brody, Terry and Ideker (1973) give the same series.
 */
class SphericalHeadSeriesTest {
    private static final double R = 0.09;
    private static final double SIGMA = 0.33;

    /** The potential of dipole {@code m} at {@code q} on the surface point {@code e}, by the series. */
    static double series(double[] e, double[] q, double[] m) {
        double b = Math.sqrt(dot(q, q));
        double[] u = scale(q, 1 / b);
        double[] eh = scale(e, 1 / Math.sqrt(dot(e, e)));
        double x = dot(u, eh);
        double radial = 0;
        double tangential = 0;
        // P_0 = 1, P_1 = x; P_n' by P'_{n+1} = P'_{n-1} + (2n+1) P_n, stable also at x = ±1
        double pPrev = 1;
        double p = x;
        double dPrev = 0; // P_0'
        double d = 1; // P_1'
        double ratio = b / R;
        // terms shrink as ratio^n times n²: 2000 terms leave 0.9^2000 ≈ 1e-92
        for (int n = 1; n < 2000; n++) {
            double f = Math.pow(ratio, n - 1) / (R * R);
            radial += (2 * n + 1) * f * p;
            tangential += (2 * n + 1) / (double) n * f * d;
            double pNext = ((2 * n + 1) * x * p - n * pPrev) / (n + 1);
            double dNext = dPrev + (2 * n + 1) * p;
            pPrev = p;
            p = pNext;
            dPrev = d;
            d = dNext;
        }
        double mr = dot(m, u);
        double mt = dot(m, eh) - mr * x; // (m − (m·u)u) · ê
        return (mr * radial + mt * tangential) / (4 * Math.PI * SIGMA);
    }

    @Test
    void offCentreDipolesAgreeWithTheLegendreSeries() {
        SphericalHead head = new SphericalHead(R);
        Random rnd = new Random(3);
        double[][] moments = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        for (double depth : new double[] {0.3, 0.7, 0.9}) {
            for (int trial = 0; trial < 12; trial++) {
                double[] u = trial < 2 ? new double[] {0, 0, 1} : unit(rnd);
                double[] q = scale(u, depth * R);
                double[] eDir = switch (trial) {
                    case 0 -> new double[] {Math.sin(0.7), 0, Math.cos(0.7)}; // dipole on z, electrode in the xz plane
                    case 1 -> new double[] {0, 0, 1}; // the electrode right above the dipole
                    case 2 -> scale(u, -1); // the electrode opposite
                    default -> unit(rnd);
                };
                double[] e = scale(eDir, R);
                double[] row = head.leadField(e, q);
                for (int a = 0; a < 3; a++) {
                    double expected = series(e, q, moments[a]);
                    // the scale of the potentials of this dipole, so that a near-zero component is not held to a
                    // relative tolerance
                    double scale = Math.abs(series(e, q, u)) + 1 / (4 * Math.PI * SIGMA * R * R);
                    assertEquals(expected, row[a], 1e-9 * scale, "depth " + depth + " trial " + trial + " axis " + a);
                }
            }
        }
    }

    @Test
    void theSeriesAtTheCentreIsThreeTimesTheInfiniteMedium() {
        // a check of the series itself: near b = 0 only n = 1 remains, 3 (m·ê)/(4πσR²)
        double[] e = {0, R * Math.sin(1.1), R * Math.cos(1.1)};
        double[] q = {0, 0, 1e-9 * R};
        assertEquals(3 * Math.cos(1.1) / (4 * Math.PI * SIGMA * R * R), series(e, q, new double[] {0, 0, 1}), 1e-6);
        assertEquals(3 * Math.sin(1.1) / (4 * Math.PI * SIGMA * R * R), series(e, q, new double[] {0, 1, 0}), 1e-6);
    }

    private static double[] unit(Random rnd) {
        double[] v = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        return scale(v, 1 / Math.sqrt(dot(v, v)));
    }

    private static double dot(double[] a, double[] b) {
        return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
    }

    private static double[] scale(double[] a, double s) {
        return new double[] {a[0] * s, a[1] * s, a[2] * s};
    }
}
