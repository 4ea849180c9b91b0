package org.neurofusion.datasets.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Mappings;
import org.neurofusion.core.RecordingException;

/**
 * A read-only file mapped lazily in chunks: a {@code MappedByteBuffer} holds at most 2 GiB, so a larger file is
 * mapped piece by piece, each piece only when first touched. The pages themselves belong to the operating
 * system's cache, not to the Java heap, which is why reading a store of any size needs little heap.
 * Thread-safe: reads use absolute positions only.
 */
final class ChunkedMapping implements Closeable {
    /** The default chunk: well below the 2 GiB limit of one mapping. */
    static final long DEFAULT_CHUNK = 1L << 30;

    private final Path file;
    private final FileChannel channel;
    private final long size;
    private final long chunk;
    private final AtomicReferenceArray<MappedByteBuffer> chunks;

    /**
     * @param expectedSize the size the store's header promises; a different size means a truncated or foreign
     *        file, found here before anything is read
     */
    ChunkedMapping(Path file, long expectedSize, long chunkBytes) {
        if (chunkBytes <= 0 || chunkBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("chunk size must be in (0, 2 GiB), got " + chunkBytes);
        }
        this.file = file;
        this.chunk = chunkBytes;
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
            this.size = channel.size();
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be opened: " + e.getMessage(), e);
        }
        if (size != expectedSize) {
            closeQuietly();
            throw new CorruptRecordingException(file, size, "the store header promises " + expectedSize
                    + " bytes but the file holds " + size + " (truncated or replaced)");
        }
        long count = (size + chunk - 1) / chunk;
        this.chunks = new AtomicReferenceArray<>((int) count);
    }

    long size() {
        return size;
    }

    Path file() {
        return file;
    }

    /**
     * Bytes {@code [pos, pos + len)} as a little-endian buffer: a view into the mapping when they lie in one chunk,
     * a copy when they straddle two (rare: once per chunk boundary).
     */
    ByteBuffer slice(long pos, int len) {
        if (pos < 0 || len < 0 || pos + len > size) {
            throw new CorruptRecordingException(file, pos, "a read of " + len + " bytes runs past the end of the "
                    + size + "-byte file");
        }
        if (len == 0) {
            return ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
        }
        int first = (int) (pos / chunk);
        int last = (int) ((pos + len - 1) / chunk);
        if (first == last) {
            return chunk(first).slice((int) (pos - first * chunk), len).order(ByteOrder.LITTLE_ENDIAN);
        }
        ByteBuffer out = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
        int done = 0;
        for (int k = first; k <= last; k++) {
            long start = Math.max(pos, k * chunk);
            long end = Math.min(pos + len, (k + 1) * chunk);
            int n = (int) (end - start);
            out.put(done, chunk(k), (int) (start - k * chunk), n);
            done += n;
        }
        return out;
    }

    /** Reads {@code dst.length} little-endian floats starting at byte {@code pos}. */
    void readFloats(long pos, float[] dst) {
        slice(pos, Math.multiplyExact(dst.length, Float.BYTES)).asFloatBuffer().get(dst);
    }

    private MappedByteBuffer chunk(int k) {
        MappedByteBuffer b = chunks.get(k);
        if (b != null) {
            return b;
        }
        synchronized (this) {
            b = chunks.get(k);
            if (b == null) {
                long start = k * chunk;
                long len = Math.min(chunk, size - start);
                try {
                    b = Mappings.readOnly(channel, start, len);
                } catch (IOException e) {
                    throw new RecordingException(file, start, "cannot be mapped: " + e.getMessage(), e);
                }
                chunks.set(k, b);
            }
            return b;
        }
    }

    /**
     * Closes the file. Mappings already made stay valid until collected (Java cannot unmap them explicitly), which
     * is harmless: they are read-only and the store's files are never rewritten in place.
     */
    @Override
    public void close() {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Read-only: nothing can be lost by a failed close.
        }
    }
}
