package org.neurofusion.modalities.fmri;

import java.nio.ByteBuffer;

/** Converts stored voxel bytes to values and back, for every {@link NiftiDataType}, in the buffer's byte order. */
final class NiftiVoxels {
    private static final double TWO_63 = 9.223372036854775808E18;

    private NiftiVoxels() {
    }

    /** Decodes {@code count} stored values from {@code src}'s position on, unscaled, into {@code dst[off ..]}. */
    static void decode(NiftiDataType t, ByteBuffer src, double[] dst, int off, int count) {
        for (int i = 0; i < count; i++) {
            dst[off + i] = switch (t) {
                case UINT8 -> src.get() & 0xff;
                case INT8 -> src.get();
                case INT16 -> src.getShort();
                case UINT16 -> src.getShort() & 0xffff;
                case INT32 -> src.getInt();
                case UINT32 -> src.getInt() & 0xffffffffL;
                case INT64 -> src.getLong();
                case UINT64 -> unsignedToDouble(src.getLong());
                case FLOAT32 -> src.getFloat();
                case FLOAT64 -> src.getDouble();
            };
        }
    }

    /**
     * Decodes {@code count} stored integers exactly (an unsigned 64-bit value above 2^63 comes back as its two's
     * complement bit pattern).
     *
     * @throws IllegalArgumentException for floating-point types
     */
    static void decodeLongs(NiftiDataType t, ByteBuffer src, long[] dst, int off, int count) {
        for (int i = 0; i < count; i++) {
            dst[off + i] = switch (t) {
                case UINT8 -> src.get() & 0xff;
                case INT8 -> src.get();
                case INT16 -> src.getShort();
                case UINT16 -> src.getShort() & 0xffff;
                case INT32 -> src.getInt();
                case UINT32 -> src.getInt() & 0xffffffffL;
                case INT64, UINT64 -> src.getLong();
                case FLOAT32, FLOAT64 -> throw new IllegalArgumentException("the voxels are " + t.numpyName()
                        + ", not integers");
            };
        }
    }

    /**
     * Encodes one stored value at {@code dst}'s position.
     *
     * @throws IllegalArgumentException when an integer type cannot hold the value exactly (not an integer, out of
     *     range, NaN)
     */
    static void encode(NiftiDataType t, double v, ByteBuffer dst) {
        if (t.isInteger()) {
            checkInteger(t, v);
        }
        switch (t) {
            case UINT8, INT8 -> dst.put((byte) (long) v);
            case INT16, UINT16 -> dst.putShort((short) (long) v);
            case INT32, UINT32 -> dst.putInt((int) (long) v);
            case INT64 -> dst.putLong((long) v);
            case UINT64 -> dst.putLong(v < TWO_63 ? (long) v : (long) (v - TWO_63) | Long.MIN_VALUE);
            case FLOAT32 -> dst.putFloat((float) v);
            case FLOAT64 -> dst.putDouble(v);
            default -> throw new AssertionError(t);
        }
    }

    private static void checkInteger(NiftiDataType t, double v) {
        double min;
        double maxExclusive;
        switch (t) {
            case UINT8 -> { min = 0; maxExclusive = 256; }
            case INT8 -> { min = -128; maxExclusive = 128; }
            case INT16 -> { min = -32768; maxExclusive = 32768; }
            case UINT16 -> { min = 0; maxExclusive = 65536; }
            case INT32 -> { min = -2147483648.0; maxExclusive = 2147483648.0; }
            case UINT32 -> { min = 0; maxExclusive = 4294967296.0; }
            case INT64 -> { min = -TWO_63; maxExclusive = TWO_63; }
            default -> { min = 0; maxExclusive = 2 * TWO_63; }
        }
        if (!(v >= min && v < maxExclusive) || v != Math.rint(v)) {
            throw new IllegalArgumentException("value " + v + " cannot be stored exactly as " + t.numpyName());
        }
    }

    /** The unsigned 64-bit integer with these bits, rounded to the nearest double. */
    static double unsignedToDouble(long bits) {
        if (bits >= 0) {
            return bits;
        }
        // Halve (keeping the lowest bit so rounding stays correct), convert, double.
        return ((bits >>> 1) | (bits & 1)) * 2.0;
    }
}
