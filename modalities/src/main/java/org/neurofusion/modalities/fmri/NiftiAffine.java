package org.neurofusion.modalities.fmri;

/**
 * The voxel-to-world transforms of a NIfTI header, as nibabel 5 computes them (documented in nibabel's "NIfTI
 * images" and "Coordinate systems" pages and the NIfTI-1 standard's comments on method 2 and 3):
 * <ul>
 *   <li>{@link #best}: the sform when {@code sform_code != 0}, else the qform when {@code qform_code != 0}, else
 *   the fall-back {@link #base} affine;</li>
 *   <li>{@link #qform}: the rotation of the unit quaternion {@code (a, b, c, d)} with
 *   {@code a = sqrt(1 - b² - c² - d²)} (0 when that is slightly negative from rounding), times
 *   {@code diag(pixdim[1], pixdim[2], qfac · pixdim[3])} with {@code qfac = pixdim[0]}, then the offset;</li>
 *   <li>{@link #base}: {@code diag(-pixdim[1], pixdim[2], pixdim[3])} with the origin at the centre of the grid,
 *   {@code (shape - 1) / 2} (nibabel's Analyze-style fall-back, x flipped).</li>
 * </ul>
 * Matrices are 4 × 4 row-major {@code double[][]}.
 */
public final class NiftiAffine {
    private NiftiAffine() {
    }

    /** The affine nibabel's {@code img.affine} gives for this header. */
    public static double[][] best(NiftiHeader h) {
        if (h.sformCode() != 0) {
            return sform(h);
        }
        if (h.qformCode() != 0) {
            return qform(h);
        }
        return base(h);
    }

    /** The sform: the three {@code srow} rows and {@code [0 0 0 1]}, whatever {@code sform_code} says. */
    public static double[][] sform(NiftiHeader h) {
        double[][] a = identity();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                a[r][c] = h.srow().get(4 * r + c);
            }
        }
        return a;
    }

    /** The qform from the quaternion, the voxel sizes, qfac and the offset, whatever {@code qform_code} says. */
    public static double[][] qform(NiftiHeader h) {
        double b = h.quatern().get(0);
        double c = h.quatern().get(1);
        double d = h.quatern().get(2);
        // The stored b, c, d are the vector part of a unit quaternion; rounding may push b²+c²+d² just above 1.
        double w2 = 1 - (b * b + c * c + d * d);
        double a = w2 < 0 ? 0 : Math.sqrt(w2);
        double[][] r = rotation(a, b, c, d);
        double qfac = h.pixdim().get(0) < 0 ? -1 : 1;
        double[] s = {h.pixdim().get(1), h.pixdim().get(2), h.pixdim().get(3) * qfac};
        double[][] m = identity();
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                m[i][j] = r[i][j] * s[j];
            }
            m[i][3] = h.qoffset().get(i);
        }
        return m;
    }

    /** The rotation matrix of the quaternion {@code (w, x, y, z)}, normalised as nibabel's {@code quat2mat} does. */
    private static double[][] rotation(double w, double x, double y, double z) {
        double n = w * w + x * x + y * y + z * z;
        if (n < Math.ulp(1.0)) {
            return new double[][] {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        }
        double s = 2.0 / n;
        double xs = x * s;
        double ys = y * s;
        double zs = z * s;
        double wx = w * xs;
        double wy = w * ys;
        double wz = w * zs;
        double xx = x * xs;
        double xy = x * ys;
        double xz = x * zs;
        double yy = y * ys;
        double yz = y * zs;
        double zz = z * zs;
        return new double[][] {
            {1.0 - (yy + zz), xy - wz, xz + wy},
            {xy + wz, 1.0 - (xx + zz), yz - wx},
            {xz - wy, yz + wx, 1.0 - (xx + yy)}};
    }

    /** nibabel's fall-back: voxel sizes on the diagonal, x flipped, the centre voxel at the origin. */
    public static double[][] base(NiftiHeader h) {
        long[] shape = h.shape();
        double[][] a = identity();
        for (int i = 0; i < 3; i++) {
            // Missing axes count as one voxel of size 1, as nibabel pads them.
            long n = i < shape.length ? shape[i] : 1;
            double zoom = i < shape.length ? h.pixdim().get(i + 1) : 1;
            if (i == 0) {
                zoom = -zoom;
            }
            a[i][i] = zoom;
            a[i][3] = -((n - 1) / 2.0) * zoom;
        }
        return a;
    }

    /** Maps voxel indices (fractional allowed) to world coordinates. */
    public static double[] apply(double[][] affine, double i, double j, double k) {
        double[] out = new double[3];
        for (int r = 0; r < 3; r++) {
            out[r] = affine[r][0] * i + affine[r][1] * j + affine[r][2] * k + affine[r][3];
        }
        return out;
    }

    /**
     * The inverse of an affine whose last row is {@code [0 0 0 1]}.
     *
     * @throws IllegalArgumentException when its 3 × 3 part is singular
     */
    public static double[][] invert(double[][] a) {
        double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1])
                - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0])
                + a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
        if (det == 0 || !Double.isFinite(det)) {
            throw new IllegalArgumentException("the affine is singular (determinant " + det + ")");
        }
        double[][] inv = identity();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 3; c++) {
                // Cofactor of the transposed position, divided by the determinant.
                int r1 = (c + 1) % 3;
                int r2 = (c + 2) % 3;
                int c1 = (r + 1) % 3;
                int c2 = (r + 2) % 3;
                inv[r][c] = (a[r1][c1] * a[r2][c2] - a[r1][c2] * a[r2][c1]) / det;
            }
        }
        for (int r = 0; r < 3; r++) {
            inv[r][3] = -(inv[r][0] * a[0][3] + inv[r][1] * a[1][3] + inv[r][2] * a[2][3]);
        }
        return inv;
    }

    private static double[][] identity() {
        return new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}};
    }
}
