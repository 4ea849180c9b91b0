package org.neurofusion.modalities.meg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Lays out FIF tags in memory for {@link FifWriter}: big-endian headers with {@code next} = 0 (sequential), the
 * position of every tag remembered for the tag directory. A sink starts at a given file offset, so the part of a
 * file after the (streamed) data buffers can be laid out before the data are written.
 */
final class FifTagSink {
    /** One directory entry: kind, type, size, position. */
    record Entry(int kind, int type, int size, int pos) {
    }

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long base;
    private final List<Entry> entries;

    /** A sink whose first byte lands at {@code base} in the file, adding its tags to {@code entries}. */
    FifTagSink(long base, List<Entry> entries) {
        this.base = base;
        this.entries = entries;
    }

    /** The 16-byte header of a tag, {@code next} = 0. */
    static byte[] header(int kind, int type, int size) {
        return ByteBuffer.allocate(FifConstants.TAG_HEADER).putInt(kind).putInt(type).putInt(size)
                .putInt(FifConstants.NEXT_SEQ).array();
    }

    /** Where the next tag will be, in the file. */
    long position() {
        return base + out.size();
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    void tag(int kind, int type, byte[] data) {
        entries.add(new Entry(kind, type, data.length, Math.toIntExact(position())));
        out.writeBytes(header(kind, type, data.length));
        out.writeBytes(data);
    }

    void ints(int kind, int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length);
        for (int x : v) {
            b.putInt(x);
        }
        tag(kind, FifConstants.T_INT, b.array());
    }

    void floats(int kind, double... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length);
        for (double x : v) {
            b.putFloat((float) x);
        }
        tag(kind, FifConstants.T_FLOAT, b.array());
    }

    void doubles(int kind, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length);
        for (double x : v) {
            b.putDouble(x);
        }
        tag(kind, FifConstants.T_DOUBLE, b.array());
    }

    /** A FIFFT_STRING: ISO 8859-1, as the FIFF standard and MNE read it (other characters become '?'). */
    void string(int kind, String s) {
        tag(kind, FifConstants.T_STRING, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    void start(int block) {
        ints(FifConstants.BLOCK_START, block);
    }

    void end(int block) {
        ints(FifConstants.BLOCK_END, block);
    }

    /** A FIFFT_ID_STRUCT: version, machine id (two ints), time (seconds, microseconds). */
    void id(int kind, int secs, int usecs) {
        ByteBuffer b = ByteBuffer.allocate(20).putInt(0x00010003).putInt(0).putInt(0).putInt(secs).putInt(usecs);
        tag(kind, FifConstants.T_ID_STRUCT, b.array());
    }

    /** A FIFFT_CH_INFO_STRUCT (96 bytes) with {@code name} as it goes in the 16-byte field (at most 15 characters). */
    void channel(FifChannel c, String name) {
        ByteBuffer b = ByteBuffer.allocate(FifFile.CH_INFO_BYTES);
        b.putInt(c.scanNo()).putInt(c.logicalNo()).putInt(c.kind()).putFloat((float) c.range())
                .putFloat((float) c.cal()).putInt(c.coilType());
        for (double v : c.loc()) {
            b.putFloat((float) v);
        }
        b.putInt(c.unit()).putInt(c.unitMul());
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        b.put(n, 0, Math.min(n.length, 15));
        tag(FifConstants.CH_INFO, FifConstants.T_CH_INFO_STRUCT, b.array());
    }

    /** A FIFFT_COORD_TRANS_STRUCT: frames, rotation, translation, then the inverse's, as the standard stores it. */
    void transform(FifTransform t) {
        ByteBuffer b = ByteBuffer.allocate(104).putInt(t.from()).putInt(t.to());
        FifTransform inv = t.inverse();
        for (FifTransform x : new FifTransform[] {t, inv}) {
            for (double v : x.rotation()) {
                b.putFloat((float) v);
            }
            for (double v : x.translation()) {
                b.putFloat((float) v);
            }
        }
        tag(FifConstants.COORD_TRANS, FifConstants.T_COORD_TRANS_STRUCT, b.array());
    }
}
