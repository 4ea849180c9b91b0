package org.neurofusion.modalities.fmri;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Encodes a {@link NiftiHeader} as the bytes of a single NIfTI file before its data: the 348- or 540-byte header
 * in the header's byte order, the 4-byte extension flag and the extensions, each padded to a multiple of 16. The
 * data start right after, at {@link #voxOffset}. Fields a NIfTI-1 header cannot hold (a dimension above 32767, a
 * code outside int16) are refused rather than cut.
 */
final class NiftiHeaderEncoder {
    private NiftiHeaderEncoder() {
    }

    /** Where the data of a single file with this header start. */
    static long voxOffset(NiftiHeader h) {
        long offset = NiftiLayout.of(h.version()).minimumVoxOffset();
        for (NiftiExtension e : h.extensions()) {
            offset += e.sizeOnDisk();
        }
        return offset;
    }

    /**
     * The bytes of a single file ({@code n+1}, {@code n+2}) up to its data.
     *
     * @throws IllegalArgumentException when a field does not fit the header's version
     */
    static byte[] encode(NiftiHeader h) {
        NiftiLayout l = NiftiLayout.of(h.version());
        long voxOffset = voxOffset(h);
        if (voxOffset > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("extensions too large: " + voxOffset + " bytes");
        }
        ByteBuffer b = ByteBuffer.allocate((int) voxOffset).order(h.byteOrder());
        b.putInt(0, l.sizeofHdr);
        b.put(l.magic, l.magicBytes(true));
        b.putShort(l.datatype, (short) h.datatype().code());
        b.putShort(l.bitpix, (short) (8 * h.datatype().bytes()));
        for (int i = 0; i < 8; i++) {
            integer(b, l.dim + i * l.dimWidth, l.dimWidth, h.dim().get(i), "dim[" + i + "]", h);
            real(b, l.pixdim + i * l.realWidth, l, h.pixdim().get(i));
        }
        for (int i = 0; i < 3; i++) {
            real(b, l.intentP1 + i * l.realWidth, l, h.intentParams().get(i));
            real(b, l.quaternB + i * l.realWidth, l, h.quatern().get(i));
            real(b, l.quaternB + (3 + i) * l.realWidth, l, h.qoffset().get(i));
        }
        for (int i = 0; i < 12; i++) {
            real(b, l.srowX + i * l.realWidth, l, h.srow().get(i));
        }
        if (l == NiftiLayout.V1) {
            b.putFloat(l.voxOffset, voxOffset);
        } else {
            b.putLong(l.voxOffset, voxOffset);
        }
        real(b, l.sclSlope, l, h.sclSlope());
        real(b, l.sclInter, l, h.sclInter());
        real(b, l.calMax, l, h.calMax());
        real(b, l.calMin, l, h.calMin());
        real(b, l.sliceDuration, l, h.sliceDuration());
        real(b, l.toffset, l, h.toffset());
        integer(b, l.sliceStart, l.dimWidth, h.sliceStart(), "slice_start", h);
        integer(b, l.sliceEnd, l.dimWidth, h.sliceEnd(), "slice_end", h);
        integer(b, l.qformCode, l.codeWidth, h.qformCode(), "qform_code", h);
        integer(b, l.sformCode, l.codeWidth, h.sformCode(), "sform_code", h);
        integer(b, l.intentCode, l.codeWidth, h.intentCode(), "intent_code", h);
        smallCode(b, l.sliceCode, l, h.sliceCode(), "slice_code");
        smallCode(b, l.xyztUnits, l, h.xyztUnits(), "xyzt_units");
        if (h.dimInfo() < 0 || h.dimInfo() > 255) {
            throw new IllegalArgumentException("dim_info must be 0..255, got " + h.dimInfo());
        }
        b.put(l.dimInfo, (byte) h.dimInfo());
        text(b, l.descrip, h.descrip());
        text(b, l.auxFile, h.auxFile());
        text(b, l.intentName, h.intentName());
        int at = l.sizeofHdr;
        b.put(at, (byte) (h.extensions().isEmpty() ? 0 : 1));
        at += 4;
        for (NiftiExtension e : h.extensions()) {
            b.putInt(at, e.sizeOnDisk());
            b.putInt(at + 4, e.code());
            b.put(at + 8, e.content());
            at += e.sizeOnDisk();
        }
        return b.array();
    }

    private static void real(ByteBuffer b, int at, NiftiLayout l, double v) {
        if (l.realWidth == 4) {
            b.putFloat(at, (float) v);
        } else {
            b.putDouble(at, v);
        }
    }

    private static void integer(ByteBuffer b, int at, int width, long v, String name, NiftiHeader h) {
        switch (width) {
            case 2 -> {
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
                    throw new IllegalArgumentException(name + " = " + v + " does not fit a NIfTI-1 header (int16);"
                            + " write NIfTI-2");
                }
                b.putShort(at, (short) v);
            }
            case 4 -> {
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException(name + " = " + v + " does not fit NIfTI-" + h.version());
                }
                b.putInt(at, (int) v);
            }
            default -> b.putLong(at, v);
        }
    }

    private static void smallCode(ByteBuffer b, int at, NiftiLayout l, int v, String name) {
        if (l.smallCodeWidth == 1) {
            if (v < 0 || v > 255) {
                throw new IllegalArgumentException(name + " = " + v + " does not fit a NIfTI-1 header (one byte)");
            }
            b.put(at, (byte) v);
        } else {
            b.putInt(at, v);
        }
    }

    private static void text(ByteBuffer b, int at, String s) {
        b.put(at, s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
