package org.neurofusion.datasets.simulate;

/**
 * The magnetic field outside a spherically symmetric conductor of a current dipole inside it, in closed form
 * (Sarvas 1987, "Basic mathematical and electromagnetic concepts of the biomagnetic inverse problem", Phys. Med.
 * Biol. 32:11–22, eq. 25): with a = r − r₀, a = |a|, r = |r|,
 * <pre>
 *   F  = a (r a + r² − r₀·r)
 *   ∇F = (a²/r + a·r/a + 2a + 2r) r − (a + 2r + a·r/a) r₀
 *   B  = μ₀ / (4π F²) · (F q×r₀ − (q×r₀·r) ∇F)
 * </pre>
 * The sphere's centre is the origin; neither its radius nor its conductivities enter, and radial dipoles
 * (q ∥ r₀) and dipoles at the centre give no field outside it: MEG sees only tangential currents.
 */
final class SarvasField {
    /** Vacuum permeability (T·m/A). */
    static final double MU0 = 4e-7 * Math.PI;

    private SarvasField() {
    }

    /**
     * The field (T) at {@code r} (outside the conductor) of dipole moment {@code q} (A·m) at {@code r0} (inside it),
     * positions in metres from the sphere's centre.
     */
    static double[] field(double[] r0, double[] q, double[] r) {
        double[] a = SphericalHead.sub(r, r0);
        double an = SphericalHead.norm(a);
        double rn = SphericalHead.norm(r);
        double ar = SphericalHead.dot(a, r);
        double f = an * (rn * an + rn * rn - SphericalHead.dot(r0, r));
        double cr = an * an / rn + ar / an + 2 * an + 2 * rn;
        double c0 = an + 2 * rn + ar / an;
        double[] gradF = SphericalHead.sub(SphericalHead.scale(r, cr), SphericalHead.scale(r0, c0));
        double[] qxr0 = SphericalHead.cross(q, r0);
        double k = MU0 / (4 * Math.PI * f * f);
        return SphericalHead.scale(SphericalHead.sub(SphericalHead.scale(qxr0, f),
                SphericalHead.scale(gradF, SphericalHead.dot(qxr0, r))), k);
    }
}
