package org.neurofusion.modalities.fnirs;

import io.jhdf.filter.Filter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decoder for HDF5's scale-offset filter (filter id 6, {@code H5Pset_scaleoffset}), which jHDF 0.13 lacks and
 * NIRx NIRSport2 uses for its SNIRF data. Each chunk holds a 21-byte preamble (the number of bits kept per
 * value, 4 bytes little-endian; the size of the minimum, 1 byte; the minimum, little-endian) followed by every
 * value minus the minimum, packed most significant bit first in that many bits. Integers are restored as
 * packed + minimum; floats were stored by decimal scaling as round((x − min) · 10^D) and are restored as
 * packed / 10^D + min. A packed value of all ones stands for the fill value when one is defined.
 */
final class ScaleOffsetFilter implements Filter {
    private static final int PREAMBLE = 21;
    private static final int FLOAT_DSCALE = 0;
    private static final int FLOAT_ESCALE = 1;
    private static final int CLASS_INTEGER = 0;
    private static final int FILL_DEFINED = 1;

    @Override
    public int getId() {
        return 6;
    }

    @Override
    public String getName() {
        return "scaleoffset";
    }

    @Override
    public byte[] decode(byte[] encoded, int[] cd) {
        if (cd.length < 8) {
            throw new IllegalArgumentException("scaleoffset filter: expected at least 8 parameters, found " + cd.length);
        }
        int scaleType = cd[0];
        int scale = cd[1];
        int n = cd[2];
        int typeClass = cd[3];
        int size = cd[4];
        boolean signed = cd[5] == 1;
        boolean bigEndian = cd[6] == 1;
        boolean fillDefined = cd[7] == FILL_DEFINED;
        if (scaleType == FLOAT_ESCALE || (size != 1 && size != 2 && size != 4 && size != 8) || bigEndian
                || n < 0 || encoded.length < PREAMBLE) {
            throw new IllegalArgumentException("scaleoffset filter: unsupported parameters (scale type " + scaleType
                    + ", size " + size + ", big-endian " + bigEndian + ") or a chunk of " + encoded.length + " bytes");
        }
        int minbits = (encoded[0] & 0xff) | (encoded[1] & 0xff) << 8 | (encoded[2] & 0xff) << 16
                | (encoded[3] & 0xff) << 24;
        int minSize = Math.min(8, encoded[4] & 0xff);
        long min = 0;
        for (int i = 0; i < minSize; i++) {
            min |= (long) (encoded[5 + i] & 0xff) << (8 * i);
        }
        ByteBuffer out = ByteBuffer.allocate(Math.multiplyExact(n, size)).order(ByteOrder.LITTLE_ENDIAN);
        if (minbits == size * 8) {
            // Full precision: the values were stored as they are.
            if (encoded.length < PREAMBLE + out.capacity()) {
                throw new IllegalArgumentException("scaleoffset filter: chunk too short");
            }
            out.put(encoded, PREAMBLE, out.capacity());
            return out.array();
        }
        if (minbits < 0 || minbits > size * 8 || (long) minbits * n > 8L * (encoded.length - PREAMBLE)) {
            throw new IllegalArgumentException("scaleoffset filter: " + minbits + " bits for " + n
                    + " values do not fit a chunk of " + encoded.length + " bytes");
        }
        long fillCode = minbits == 64 ? -1L : (1L << minbits) - 1;
        long fill = fillValue(cd, size);
        long bit = 8L * PREAMBLE;
        for (int i = 0; i < n; i++) {
            long packed = 0;
            for (int b = 0; b < minbits; b++, bit++) {
                int v = (encoded[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1;
                packed = packed << 1 | v;
            }
            boolean isFill = fillDefined && packed == fillCode;
            if (typeClass == CLASS_INTEGER) {
                long value = isFill ? fill : packed + (signed ? signExtend(min, size) : min);
                putInteger(out, value, size);
            } else if (size == 8) {
                out.putDouble(isFill ? Double.longBitsToDouble(fill)
                        : packed / Math.pow(10, scale) + Double.longBitsToDouble(min));
            } else if (size == 4) {
                out.putFloat(isFill ? Float.intBitsToFloat((int) fill)
                        : (float) ((int) packed / Math.pow(10, scale) + Float.intBitsToFloat((int) min)));
            } else {
                throw new IllegalArgumentException("scaleoffset filter: floats of " + size + " bytes");
            }
        }
        if (scaleType != FLOAT_DSCALE && typeClass != CLASS_INTEGER) {
            throw new IllegalArgumentException("scaleoffset filter: scale type " + scaleType + " for floats");
        }
        return out.array();
    }

    /** The fill value, stored little-endian in the parameters after the eighth, 4 bytes per parameter. */
    private static long fillValue(int[] cd, int size) {
        long v = 0;
        for (int i = 0; i < size; i++) {
            int word = 8 + i / 4;
            int b = word < cd.length ? (cd[word] >>> (8 * (i % 4))) & 0xff : 0;
            v |= (long) b << (8 * i);
        }
        return v;
    }

    private static long signExtend(long v, int size) {
        int shift = 64 - 8 * size;
        return shift == 0 ? v : (v << shift) >> shift;
    }

    private static void putInteger(ByteBuffer out, long v, int size) {
        switch (size) {
            case 1 -> out.put((byte) v);
            case 2 -> out.putShort((short) v);
            case 4 -> out.putInt((int) v);
            default -> out.putLong(v);
        }
    }
}
