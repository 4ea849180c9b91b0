package org.neurofusion.modalities.meg;

/**
 * A rigid coordinate transformation stored in a FIF file (FIFFT_COORD_TRANS_STRUCT): from one frame to another
 * ({@code 1} device, {@code 4} head, ...), {@code p' = R p + t} with {@code R} row-major.
 */
public record FifTransform(int from, int to, double[] rotation, double[] translation) {
    /** Copies the arrays: 9 rotation values (row-major) and 3 translation values, in metres. */
    public FifTransform {
        if (rotation.length != 9 || translation.length != 3) {
            throw new IllegalArgumentException("a transform needs 9 rotation and 3 translation values");
        }
        rotation = rotation.clone();
        translation = translation.clone();
    }

    @Override
    public double[] rotation() {
        return rotation.clone();
    }

    @Override
    public double[] translation() {
        return translation.clone();
    }

    /** {@code R p + t}. */
    public double[] apply(double x, double y, double z) {
        double[] r = rotate(x, y, z);
        r[0] += translation[0];
        r[1] += translation[1];
        r[2] += translation[2];
        return r;
    }

    /** {@code R v} (for directions). */
    public double[] rotate(double x, double y, double z) {
        double[] r = rotation;
        return new double[] {r[0] * x + r[1] * y + r[2] * z, r[3] * x + r[4] * y + r[5] * z,
            r[6] * x + r[7] * y + r[8] * z};
    }

    /** The inverse transform (from and to swapped). */
    public FifTransform inverse() {
        double[] r = rotation;
        double[] rt = {r[0], r[3], r[6], r[1], r[4], r[7], r[2], r[5], r[8]};
        FifTransform back = new FifTransform(to, from, rt, new double[3]);
        double[] t = back.rotate(-translation[0], -translation[1], -translation[2]);
        return new FifTransform(to, from, rt, t);
    }

    /** Reads a FIFFT_COORD_TRANS_STRUCT tag: from, to, rotation, translation (then their inverses, ignored). */
    static FifTransform read(FifFile f, FifTag t) {
        f.requireType(t, FifConstants.T_COORD_TRANS_STRUCT);
        if (t.size() < 56) {
            throw f.corrupt(t.pos() + 8, t + " is too small for a coordinate transformation");
        }
        java.nio.ByteBuffer b = f.buffer();
        int p = (int) t.dataPos();
        double[] rot = new double[9];
        double[] move = new double[3];
        for (int i = 0; i < 9; i++) {
            rot[i] = b.getFloat(p + 8 + 4 * i);
        }
        for (int i = 0; i < 3; i++) {
            move[i] = b.getFloat(p + 44 + 4 * i);
        }
        for (double v : rot) {
            if (!Double.isFinite(v)) {
                throw f.corrupt(p + 8, t + " holds a rotation that is not finite");
            }
        }
        for (double v : move) {
            if (!Double.isFinite(v)) {
                throw f.corrupt(p + 44, t + " holds a translation that is not finite");
            }
        }
        return new FifTransform(b.getInt(p), b.getInt(p + 4), rot, move);
    }
}
