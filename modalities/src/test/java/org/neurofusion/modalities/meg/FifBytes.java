package org.neurofusion.modalities.meg;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes FIF tags, big-endian, for tests: the file id and directory pointer first, then whatever the test
 * adds, then (optionally) a tag directory, as MNE lays files out. Remembers where every tag went, so a test can
 * damage a chosen one.
 */
final class FifBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    /** kind, type, size, position of every tag written. */
    final List<long[]> tags = new ArrayList<>();
    private final int pointerPos;

    FifBytes() {
        ByteBuffer id = ByteBuffer.allocate(20);
        id.putInt(0x00010003).putInt(12345).putInt(678).putInt(1_600_000_000).putInt(250_000);
        tag(FifConstants.FILE_ID, FifConstants.T_ID_STRUCT, id.array());
        pointerPos = out.size();
        ints(FifConstants.DIR_POINTER, -1);
    }

    /** Writes one tag with {@code next} = 0 and returns its position. */
    int tag(int kind, int type, byte[] data) {
        int pos = out.size();
        ByteBuffer h = ByteBuffer.allocate(16).putInt(kind).putInt(type).putInt(data.length).putInt(0);
        out.writeBytes(h.array());
        out.writeBytes(data);
        tags.add(new long[] {kind, type, data.length, pos});
        return pos;
    }

    int ints(int kind, int... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length);
        for (int x : v) {
            b.putInt(x);
        }
        return tag(kind, FifConstants.T_INT, b.array());
    }

    int floats(int kind, float... v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length);
        for (float x : v) {
            b.putFloat(x);
        }
        return tag(kind, FifConstants.T_FLOAT, b.array());
    }

    int doubles(int kind, double... v) {
        ByteBuffer b = ByteBuffer.allocate(8 * v.length);
        for (double x : v) {
            b.putDouble(x);
        }
        return tag(kind, FifConstants.T_DOUBLE, b.array());
    }

    int string(int kind, String s) {
        return tag(kind, FifConstants.T_STRING, s.getBytes(StandardCharsets.ISO_8859_1));
    }

    int start(int block) {
        return ints(FifConstants.BLOCK_START, block);
    }

    int end(int block) {
        return ints(FifConstants.BLOCK_END, block);
    }

    /** A channel record: FIFFT_CH_INFO_STRUCT, 96 bytes. */
    int channel(int scanNo, int kind, float range, float cal, int coil, float[] loc, int unit, String name) {
        ByteBuffer b = ByteBuffer.allocate(96);
        b.putInt(scanNo).putInt(scanNo).putInt(kind).putFloat(range).putFloat(cal).putInt(coil);
        for (int i = 0; i < 12; i++) {
            b.putFloat(loc[i]);
        }
        b.putInt(unit).putInt(0);
        byte[] n = name.getBytes(StandardCharsets.ISO_8859_1);
        b.put(n, 0, Math.min(n.length, 15));
        return tag(FifConstants.CH_INFO, FifConstants.T_CH_INFO_STRUCT, b.array());
    }

    /** A coordinate transformation from one frame to another: rotation (row-major), translation, then inverses. */
    int transform(int from, int to, float[] rot, float[] move) {
        ByteBuffer b = ByteBuffer.allocate(104);
        b.putInt(from).putInt(to);
        for (float v : rot) {
            b.putFloat(v);
        }
        for (float v : move) {
            b.putFloat(v);
        }
        return tag(FifConstants.COORD_TRANS, FifConstants.T_COORD_TRANS_STRUCT, b.array());
    }

    /** A dense float matrix, rows × columns, with its dimensions after the data as MNE writes them. */
    int matrix(int kind, float[][] m) {
        int rows = m.length;
        int cols = rows == 0 ? 0 : m[0].length;
        ByteBuffer b = ByteBuffer.allocate(4 * rows * cols + 12);
        for (float[] row : m) {
            for (float v : row) {
                b.putFloat(v);
            }
        }
        b.putInt(cols).putInt(rows).putInt(2);
        return tag(kind, FifConstants.T_MATRIX | FifConstants.T_FLOAT, b.array());
    }

    /** Position the next tag will have. */
    int position() {
        return out.size();
    }

    /**
     * The file: with a directory of every tag (pointed to by FIFF_DIR_POINTER) or without (pointer -1, the last tag
     * marked with next = -1).
     */
    byte[] finish(boolean directory) {
        if (directory) {
            int dirPos = out.size();
            int n = tags.size() + 1;
            ByteBuffer d = ByteBuffer.allocate(16 * n);
            for (long[] t : tags) {
                d.putInt((int) t[0]).putInt((int) t[1]).putInt((int) t[2]).putInt((int) t[3]);
            }
            d.putInt(FifConstants.DIR).putInt(FifConstants.T_DIR_ENTRY_STRUCT).putInt(16 * n).putInt(dirPos);
            tag(FifConstants.DIR, FifConstants.T_DIR_ENTRY_STRUCT, d.array());
            byte[] all = out.toByteArray();
            ByteBuffer.wrap(all).putInt(pointerPos + 16, dirPos);
            ByteBuffer.wrap(all).putInt(dirPos + 12, -1);
            return all;
        }
        byte[] all = out.toByteArray();
        long[] last = tags.get(tags.size() - 1);
        ByteBuffer.wrap(all).putInt((int) last[3] + 12, -1);
        return all;
    }
}
