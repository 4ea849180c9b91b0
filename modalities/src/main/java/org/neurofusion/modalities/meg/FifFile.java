package org.neurofusion.modalities.meg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPInputStream;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * The bytes of one FIF file and the checked reading of its tags. A plain file is memory-mapped whole (FIF
 * positions are 32-bit, so a file never exceeds 2 GiB) and pages are read only when touched; a gzip-compressed
 * one ({@code .fif.gz}) is decompressed into memory, since compressed bytes allow no random access. Every read
 * uses absolute positions, so one instance serves many threads. Every bound is checked against the file's size
 * before anything is read or allocated, and every error names the file and the byte offset.
 */
final class FifFile implements AutoCloseable {
    /** The largest FIF file: positions ({@code next}, directory entries) are signed 32-bit. */
    static final long MAX_SIZE = Integer.MAX_VALUE;
    /** Bytes of a channel information record (FIFFT_CH_INFO_STRUCT). */
    static final int CH_INFO_BYTES = 96;

    private final Path path;
    private final FileChannel channel;
    private final ByteBuffer bytes;
    private final boolean compressed;

    private FifFile(Path path, FileChannel channel, ByteBuffer bytes, boolean compressed) {
        this.path = path;
        this.channel = channel;
        this.bytes = bytes.order(ByteOrder.BIG_ENDIAN);
        this.compressed = compressed;
    }

    /** Opens a file, mapping it (or decompressing it when it starts with the gzip magic). */
    static FifFile open(Path path) {
        FileChannel ch;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new RecordingException(path, -1, "no such file");
        } catch (IOException e) {
            throw new RecordingException(path, -1, "cannot open: " + e.getMessage(), e);
        }
        try {
            long size = ch.size();
            ByteBuffer magic = ByteBuffer.allocate(2);
            ch.read(magic, 0);
            if (size >= 2 && (magic.get(0) & 0xff) == 0x1f && (magic.get(1) & 0xff) == 0x8b) {
                ch.close();
                return new FifFile(path, null, ByteBuffer.wrap(gunzip(path)), true);
            }
            if (size > MAX_SIZE) {
                throw new UnsupportedFormatException(path, MAX_SIZE, "a FIF file addresses its tags with 32-bit "
                        + "positions, so it cannot exceed " + MAX_SIZE + " bytes; this file has " + size);
            }
            return new FifFile(path, ch, ch.map(FileChannel.MapMode.READ_ONLY, 0, size), false);
        } catch (IOException e) {
            closeQuietly(ch, null);
            throw new RecordingException(path, -1, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(ch, e);
            throw e;
        }
    }

    private static byte[] gunzip(Path path) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(path), 1 << 16)) {
            // readNBytes grows its buffer as data arrive: nothing is allocated from a size the file claims.
            byte[] all = in.readNBytes((int) MAX_SIZE - 8);
            if (in.read() >= 0) {
                throw new UnsupportedFormatException(path, -1, "decompresses to more than " + (MAX_SIZE - 8)
                        + " bytes, more than a FIF file can address");
            }
            return all;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new CorruptRecordingException(path, -1, "gzip-compressed FIF that cannot be decompressed: "
                    + e.getMessage(), e);
        }
    }

    private static void closeQuietly(FileChannel ch, RuntimeException into) {
        try {
            ch.close();
        } catch (IOException suppressed) {
            if (into != null) {
                into.addSuppressed(suppressed);
            }
        }
    }

    Path path() {
        return path;
    }

    /** Size in bytes (decompressed for a gzip file). */
    long size() {
        return bytes.capacity();
    }

    /** Whether the file was gzip-compressed (and is held in memory). */
    boolean compressed() {
        return compressed;
    }

    /** The whole file, big-endian; callers use absolute reads only. */
    ByteBuffer buffer() {
        return bytes;
    }

    CorruptRecordingException corrupt(long pos, String problem) {
        return new CorruptRecordingException(path, pos, problem);
    }

    /**
     * The tag whose header starts at {@code pos}, checked: the header and the data it claims lie inside the file.
     *
     * @param what what points here, for the message ("the tag directory", "the next pointer of ...")
     */
    FifTag tagAt(long pos, String what) {
        long size = size();
        if (pos < 0 || pos + FifConstants.TAG_HEADER > size) {
            throw corrupt(pos, what + " points to byte " + pos + ", but a 16-byte tag header does not fit there in"
                    + " the file's " + size + " bytes" + (pos >= size ? " (the file is truncated?)" : ""));
        }
        int p = (int) pos;
        int kind = bytes.getInt(p);
        int type = bytes.getInt(p + 4);
        int n = bytes.getInt(p + 8);
        if (n < 0) {
            throw corrupt(pos + 8, "tag " + FifConstants.tagName(kind) + " at byte " + pos + " claims a negative "
                    + "data size " + n);
        }
        if (pos + FifConstants.TAG_HEADER + n > size) {
            throw corrupt(pos + 8, "tag " + FifConstants.tagName(kind) + " at byte " + pos + " claims " + n
                    + " data bytes, running past the end of the file at byte " + size + " (the file is truncated?)");
        }
        return new FifTag(kind, type, n, pos);
    }

    /** The {@code next} field of the tag at {@code pos} (whose header was checked by {@link #tagAt}). */
    int next(FifTag t) {
        return bytes.getInt((int) t.pos() + 12);
    }

    /** The one int32 a tag holds (FIFFT_INT and its unsigned and short variants). */
    int intValue(FifTag t) {
        int[] v = ints(t);
        if (v.length != 1) {
            throw corrupt(t.pos(), t + " should hold one integer, holds " + v.length);
        }
        return v[0];
    }

    /** The int32 values of an FIFFT_INT (or FIFFT_UINT) tag. */
    int[] ints(FifTag t) {
        if (t.type() == FifConstants.T_SHORT || t.type() == FifConstants.T_USHORT) {
            requireMultiple(t, 2);
            int[] out = new int[t.size() / 2];
            for (int i = 0; i < out.length; i++) {
                short s = bytes.getShort((int) t.dataPos() + 2 * i);
                out[i] = t.type() == FifConstants.T_SHORT ? s : s & 0xffff;
            }
            return out;
        }
        requireType(t, FifConstants.T_INT, FifConstants.T_UINT);
        requireMultiple(t, 4);
        int[] out = new int[t.size() / 4];
        for (int i = 0; i < out.length; i++) {
            out[i] = bytes.getInt((int) t.dataPos() + 4 * i);
        }
        return out;
    }

    /** The one real number a FIFFT_FLOAT or FIFFT_DOUBLE tag holds. */
    double realValue(FifTag t) {
        double[] v = reals(t);
        if (v.length != 1) {
            throw corrupt(t.pos(), t + " should hold one number, holds " + v.length);
        }
        return v[0];
    }

    /** The values of a FIFFT_FLOAT or FIFFT_DOUBLE tag, widened to double. */
    double[] reals(FifTag t) {
        requireType(t, FifConstants.T_FLOAT, FifConstants.T_DOUBLE);
        boolean dbl = t.type() == FifConstants.T_DOUBLE;
        int width = dbl ? 8 : 4;
        requireMultiple(t, width);
        double[] out = new double[t.size() / width];
        for (int i = 0; i < out.length; i++) {
            int p = (int) t.dataPos() + width * i;
            out[i] = dbl ? bytes.getDouble(p) : bytes.getFloat(p);
        }
        return out;
    }

    /** The text of a FIFFT_STRING tag (ISO 8859-1, as the FIFF standard and MNE read it), without trailing NULs. */
    String string(FifTag t) {
        requireType(t, FifConstants.T_STRING);
        byte[] b = new byte[t.size()];
        bytes.get((int) t.dataPos(), b);
        int n = b.length;
        while (n > 0 && b[n - 1] == 0) {
            n--;
        }
        return new String(b, 0, n, StandardCharsets.ISO_8859_1);
    }

    /**
     * A dense real matrix (FIFFT_MATRIX of float or double): the data, then the dimensions last to first, then
     * their count, as MNE stores them; rows × columns.
     */
    double[][] matrix(FifTag t) {
        int elem = t.type() & 0xFFFF;
        if ((t.type() & FifConstants.T_MATRIX_CODING) != FifConstants.T_MATRIX
                || (elem != FifConstants.T_FLOAT && elem != FifConstants.T_DOUBLE)) {
            throw new UnsupportedFormatException(path, t.pos(), t + ": only dense float and double matrices are "
                    + "read here");
        }
        if (t.size() < 12) {
            throw corrupt(t.pos(), t + " is too small to hold a matrix and its dimensions");
        }
        int end = (int) t.end();
        int ndim = bytes.getInt(end - 4);
        if (ndim != 2) {
            throw corrupt(end - 4, t + " has " + ndim + " dimensions, expected a 2-D matrix");
        }
        int cols = bytes.getInt(end - 12);
        int rows = bytes.getInt(end - 8);
        int width = elem == FifConstants.T_DOUBLE ? 8 : 4;
        if (rows < 0 || cols < 0 || (long) rows * cols * width != t.size() - 12L || (rows == 0) != (cols == 0)) {
            throw corrupt(end - 12, t + " claims a " + rows + " × " + cols + " matrix, which does not fill its "
                    + (t.size() - 12) + " data bytes");
        }
        double[][] out = new double[rows][cols];
        int p = (int) t.dataPos();
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++, p += width) {
                out[r][c] = width == 8 ? bytes.getDouble(p) : bytes.getFloat(p);
            }
        }
        return out;
    }

    /** Throws unless the tag's type is one of {@code types}. */
    void requireType(FifTag t, int... types) {
        for (int ty : types) {
            if (t.type() == ty) {
                return;
            }
        }
        StringBuilder expected = new StringBuilder();
        for (int ty : types) {
            expected.append(expected.length() == 0 ? "" : " or ").append(FifConstants.typeName(ty));
        }
        throw corrupt(t.pos() + 4, "tag " + FifConstants.tagName(t.kind()) + " at byte " + t.pos() + " has type "
                + FifConstants.typeName(t.type()) + ", expected " + expected);
    }

    private void requireMultiple(FifTag t, int width) {
        if (t.size() % width != 0) {
            throw corrupt(t.pos() + 8, t + ": its size is not a multiple of " + width + " bytes");
        }
    }

    @Override
    public void close() {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw new RecordingException(path, -1, "cannot close: " + e.getMessage(), e);
        }
    }
}
