package org.neurofusion.modalities.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.RecordingException;

/**
 * Writes a two-dimensional float64 array (rows × columns, C order, little-endian) as a NumPy {@code .npy}
 * file, format version 1.0, so that {@code numpy.load} reads it as is; or an N-dimensional one in Fortran order
 * ({@link #writeFortranOrder}), as images are stored.
 *
 * <p>Rows are pulled from a {@link RowSource} a chunk at a time, so an array larger than memory can be
 * written. The file appears under its final name only when complete: the data go to a temporary file in the
 * same folder, which is renamed over the target at the end and deleted if anything fails.
 */
public final class NpyWriter {
    /** The bytes every .npy file starts with. */
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** numpy pads the header so that the data start on a multiple of this many bytes. */
    static final int ALIGNMENT = 64;
    /** numpy leaves room for the first dimension to grow to this many digits without rewriting the file. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Values per chunk: 512 KiB of doubles, small enough to bound memory, large enough to amortise calls. */
    private static final int DEFAULT_CHUNK = 1 << 16;

    /**
     * Supplies the values of the array, one stretch of one row at a time.
     */
    @FunctionalInterface
    public interface RowSource {
        /**
         * Fills {@code dst[0 .. count)} with columns {@code firstColumn .. firstColumn + count) of row
         * {@code row}.
         */
        void fill(int row, long firstColumn, double[] dst, int count) throws IOException;
    }

    private final int chunk;

    /** A writer that pulls rows in chunks of 65536 values. */
    public NpyWriter() {
        this(DEFAULT_CHUNK);
    }

    /** A writer that pulls rows in chunks of at most {@code chunkValues} values. */
    public NpyWriter(int chunkValues) {
        if (chunkValues < 1) {
            throw new IllegalArgumentException("chunk size must be positive, got " + chunkValues);
        }
        this.chunk = chunkValues;
    }

    /**
     * Writes the array to {@code file}, replacing any file there only once the new one is complete.
     *
     * @throws RecordingException naming the file when it cannot be written
     * @throws IllegalArgumentException when the shape is negative or too large for one file
     * @throws RuntimeException whatever the source throws, after the temporary file is removed
     */
    public void write(Path file, int rows, long columns, RowSource source) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(source, "source");
        if (rows < 0 || columns < 0) {
            throw new IllegalArgumentException("negative shape (" + rows + ", " + columns + ")");
        }
        if (columns > 0 && rows > Long.MAX_VALUE / Double.BYTES / columns) {
            throw new IllegalArgumentException("shape (" + rows + ", " + columns + ") is too large for one file");
        }
        AtomicFiles.write(file, out -> {
            out.write(header(rows, columns));
            writeData(out, rows, columns, source);
        });
    }

    /** Supplies the values of an array in its file order, one stretch at a time. */
    @FunctionalInterface
    public interface LinearSource {
        /** Fills {@code dst[0 .. count)} with the values at file positions {@code first .. first + count)}. */
        void fill(long first, double[] dst, int count) throws IOException;
    }

    /**
     * Writes an N-dimensional array (e.g. an image, 1 to 7 axes) in Fortran order, first axis fastest, so that
     * {@code numpy.load} gives an array of this shape whose {@code [i, j, k]} is the value at file position
     * {@code i + n0 * (j + n1 * k)}; values are pulled from {@code source} in that order.
     *
     * @throws RecordingException naming the file when it cannot be written
     * @throws IllegalArgumentException when the shape has a negative size or too many values for one file
     */
    public void writeFortranOrder(Path file, long[] shape, LinearSource source) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(source, "source");
        long total = 1;
        for (long n : shape) {
            if (n < 0) {
                throw new IllegalArgumentException("negative shape " + java.util.Arrays.toString(shape));
            }
            total = n == 0 ? 0 : total;
            if (n > 0 && total > Long.MAX_VALUE / Double.BYTES / n) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape)
                        + " is too large for one file");
            }
            total *= n;
        }
        long values = total;
        byte[] head = header(shape.clone(), true);
        AtomicFiles.write(file, out -> {
            out.write(head);
            writeData(out, 1, values, (row, column, dst, count) -> source.fill(column, dst, count));
        });
    }

    /**
     * Pulls and encodes chunk k + 1 on the calling thread while a writer thread hands chunk k to the file:
     * reading and the system's write take about as long as each other, so on two cores the write costs little
     * more than the read. Two byte buffers alternate; the source is only ever called from this thread.
     */
    private void writeData(OutputStream out, int rows, long columns, RowSource source) throws IOException {
        int n = (int) Math.min(chunk, Math.max(columns, 1));
        double[] values = new double[n];
        byte[][] bytes = {new byte[n * Double.BYTES], new byte[n * Double.BYTES]};
        @SuppressWarnings("unchecked")
        Future<?>[] pending = new Future<?>[2];
        ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "npy-writer");
            t.setDaemon(true);
            return t;
        });
        try {
            int k = 0;
            for (int r = 0; r < rows; r++) {
                for (long c = 0; c < columns; c += n, k ^= 1) {
                    int count = (int) Math.min(n, columns - c);
                    source.fill(r, c, values, count);
                    await(pending[k]);
                    byte[] b = bytes[k];
                    ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(values, 0, count);
                    pending[k] = writer.submit(() -> {
                        out.write(b, 0, count * Double.BYTES);
                        return null;
                    });
                }
            }
            await(pending[k ^ 1]);
            await(pending[k]);
        } finally {
            // Let a write in flight finish before the caller closes the stream (it is not thread-safe, and an
            // interrupt would close the channel under it); its failure, if any, was already rethrown by await.
            writer.shutdown();
            try {
                if (!writer.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES)) {
                    writer.shutdownNow();
                }
            } catch (InterruptedException e) {
                writer.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for a write, rethrowing its failure as it was thrown. */
    private static void await(Future<?> f) throws IOException {
        if (f == null) {
            return;
        }
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(e.getCause());
        }
    }

    /**
     * The header numpy itself writes for this shape: magic, version 1.0, the header length, and the header
     * dictionary padded with spaces (after numpy's growth room) and a newline to a multiple of 64 bytes.
     */
    static byte[] header(int rows, long columns) {
        return header(new long[] {rows, columns}, false);
    }

    /**
     * The header numpy writes for a float64 array of this shape in C or Fortran order. numpy leaves growth room
     * after the dictionary for the axis that may grow: the first in C order, the last in Fortran order.
     */
    static byte[] header(long[] shape, boolean fortranOrder) {
        StringBuilder tuple = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            tuple.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        tuple.append(shape.length == 1 ? ",)" : ")");
        StringBuilder dict = new StringBuilder("{'descr': '<f8', 'fortran_order': ")
                .append(fortranOrder ? "True" : "False").append(", 'shape': ").append(tuple).append(", }");
        if (shape.length > 0) {
            long growing = shape[fortranOrder ? shape.length - 1 : 0];
            dict.append(" ".repeat(Math.max(0, GROWTH_AXIS_MAX_DIGITS - Long.toString(growing).length())));
        }
        int prefix = MAGIC.length + 2 + 2;
        int withNewline = dict.length() + 1;
        // numpy's rule, kept exactly (a header already aligned still gets a full 64 bytes of padding).
        int pad = ALIGNMENT - ((prefix + withNewline) % ALIGNMENT);
        dict.append(" ".repeat(pad)).append('\n');
        byte[] text = dict.toString().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(prefix + text.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) text.length).put(text);
        return b.array();
    }
}
