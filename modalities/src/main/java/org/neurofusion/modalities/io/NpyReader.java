package org.neurofusion.modalities.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * Reads the two-dimensional little-endian float64 C-order NumPy arrays that {@link NpyWriter} writes (and
 * that {@code numpy.save} writes for such arrays), row stretch by row stretch, without loading the whole
 * array. Versions 1.0, 2.0 and 3.0 of the format are understood; other dtypes, Fortran order and other
 * ranks are refused with a message saying what was found.
 */
public final class NpyReader implements AutoCloseable {
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private static final int STRETCH = 1 << 16;

    private final Path file;
    private final FileChannel in;
    private final int rows;
    private final long columns;
    private final long dataOffset;

    private NpyReader(Path file, FileChannel in, int rows, long columns, long dataOffset) {
        this.file = file;
        this.in = in;
        this.rows = rows;
        this.columns = columns;
        this.dataOffset = dataOffset;
    }

    /**
     * Opens a .npy file and checks its header against the file's length.
     *
     * @throws UnsupportedFormatException when it is not a .npy file or holds another kind of array
     * @throws CorruptRecordingException when the header is malformed or the data are truncated
     */
    public static NpyReader open(Path file) {
        FileChannel in;
        try {
            in = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, "no such file");
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e, e);
        }
        try {
            return parse(file, in);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
    }

    private static NpyReader parse(Path file, FileChannel in) {
        long size = size(file, in);
        ByteBuffer pre = read(file, in, 0, (int) Math.min(12, size)).order(ByteOrder.LITTLE_ENDIAN);
        byte[] magic = new byte[Math.min(NpyWriter.MAGIC.length, pre.remaining())];
        pre.get(magic);
        if (!Arrays.equals(magic, NpyWriter.MAGIC)) {
            throw new UnsupportedFormatException(file, 0, "not a NumPy .npy file (expected the signature \\x93NUMPY)");
        }
        if (pre.remaining() < 4) {
            throw new CorruptRecordingException(file, 6, "file ends inside the .npy preamble");
        }
        int major = pre.get() & 0xff;
        int minor = pre.get() & 0xff;
        long headerLength;
        int prefix;
        switch (major) {
            case 1 -> {
                headerLength = pre.getShort() & 0xffff;
                prefix = 10;
            }
            case 2, 3 -> {
                if (pre.remaining() < 4) {
                    throw new CorruptRecordingException(file, 8, "file ends inside the .npy header length");
                }
                headerLength = pre.getInt() & 0xffffffffL;
                prefix = 12;
            }
            default -> throw new UnsupportedFormatException(file, 6, ".npy format version " + major + "." + minor
                    + " is not supported (expected 1.0, 2.0 or 3.0)");
        }
        if (prefix + headerLength > size) {
            throw new CorruptRecordingException(file, prefix, "header of " + headerLength
                    + " bytes runs past the end of the file (" + size + " bytes)");
        }
        String header = StandardCharsets.UTF_8.decode(read(file, in, prefix, (int) headerLength)).toString();
        String descr = field(file, prefix, header, DESCR, "descr");
        if (!descr.equals("<f8")) {
            throw new UnsupportedFormatException(file, prefix, "dtype '" + descr
                    + "' is not supported (expected '<f8', little-endian float64)");
        }
        if (field(file, prefix, header, FORTRAN, "fortran_order").equals("True")) {
            throw new UnsupportedFormatException(file, prefix, "Fortran-ordered arrays are not supported");
        }
        long[] shape = shape(file, prefix, field(file, prefix, header, SHAPE, "shape"));
        if (shape.length != 2) {
            throw new UnsupportedFormatException(file, prefix, "array has " + shape.length
                    + " dimensions, expected 2 (channels × samples)");
        }
        if (shape[0] > Integer.MAX_VALUE) {
            throw new UnsupportedFormatException(file, prefix, shape[0] + " rows are more than this reader handles");
        }
        long dataOffset = prefix + headerLength;
        long expected = dataOffset + Math.multiplyExact(Math.multiplyExact(shape[0], shape[1]), (long) Double.BYTES);
        if (expected != size) {
            throw new CorruptRecordingException(file, dataOffset, "shape (" + shape[0] + ", " + shape[1] + ") needs "
                    + expected + " bytes but the file has " + size);
        }
        return new NpyReader(file, in, (int) shape[0], shape[1], dataOffset);
    }

    private static String field(Path file, int offset, String header, Pattern p, String name) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new CorruptRecordingException(file, offset, "header lacks '" + name + "': " + header.strip());
        }
        return m.group(1);
    }

    private static long[] shape(Path file, int offset, String tuple) {
        String[] parts = tuple.split(",");
        int n = parts.length;
        if (n > 0 && parts[n - 1].isBlank()) {
            n--; // a one-element tuple is written "(5,)"
        }
        long[] dims = new long[n];
        for (int i = 0; i < n; i++) {
            try {
                dims[i] = Long.parseLong(parts[i].strip());
            } catch (NumberFormatException e) {
                throw new CorruptRecordingException(file, offset, "shape (" + tuple + ") is not a tuple of integers");
            }
            if (dims[i] < 0) {
                throw new CorruptRecordingException(file, offset, "negative dimension in shape (" + tuple + ")");
            }
        }
        return dims;
    }

    /** The file read. */
    public Path file() {
        return file;
    }

    /** Number of rows (the first dimension). */
    public int rows() {
        return rows;
    }

    /** Number of columns (the second dimension). */
    public long columns() {
        return columns;
    }

    /** Reads columns {@code firstColumn .. firstColumn + count)} of one row into {@code dst[offset ..]}. */
    public void read(int row, long firstColumn, double[] dst, int offset, int count) {
        Objects.checkIndex(row, rows);
        Objects.checkFromIndexSize(firstColumn, count, columns);
        Objects.checkFromIndexSize(offset, count, dst.length);
        long position = dataOffset + ((long) row * columns + firstColumn) * Double.BYTES;
        // In stretches, so that a long request does not need a byte buffer eight times its size.
        for (int done = 0; done < count; ) {
            int n = Math.min(STRETCH, count - done);
            read(file, in, position + (long) done * Double.BYTES, n * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN)
                    .asDoubleBuffer().get(dst, offset + done, n);
            done += n;
        }
    }

    /** One whole row; for arrays whose rows fit in memory. */
    public double[] readRow(int row) {
        if (columns > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(columns + " columns are too many for one array; read in stretches");
        }
        double[] out = new double[(int) columns];
        read(row, 0, out, 0, out.length);
        return out;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be closed: " + e, e);
        }
    }

    private static long size(Path file, FileChannel in) {
        try {
            return in.size();
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e, e);
        }
    }

    private static ByteBuffer read(Path file, FileChannel in, long position, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        try {
            while (b.hasRemaining()) {
                if (in.read(b, position + b.position()) < 0) {
                    throw new CorruptRecordingException(file, position + b.position(), "unexpected end of file");
                }
            }
        } catch (IOException e) {
            throw new RecordingException(file, position, "cannot be read: " + e, e);
        }
        return b.flip();
    }

    private static void closeQuietly(FileChannel in) {
        try {
            in.close();
        } catch (IOException e) {
            // already failing with a more useful message
        }
    }
}
