package org.neurofusion.modalities.eeg;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.neurofusion.core.Mappings;
import org.neurofusion.core.RecordingException;

/**
 * The samples of a BrainVision binary data file, read on demand through read-only memory mappings of at most
 * 1 GiB each (a mapping cannot exceed 2 GiB, and files can be far larger), mapped the first time they are
 * touched. The mapping size is a multiple of every sample size, so no sample straddles two mappings.
 * Reads use absolute gets only, so they are safe from several threads.
 */
final class BrainVisionDataFile implements AutoCloseable {
    private static final int CHUNK_SHIFT = 30;
    private static final long CHUNK_MASK = (1L << CHUNK_SHIFT) - 1;

    private final Path file;
    private final FileChannel channel;
    private final BrainVisionSampleFormat format;
    private final ByteOrder order;
    private final int channelCount;
    private final boolean multiplexed;
    private final long samples;
    /** Samples per channel block in a vectorized file (DataPoints, or what the file holds). */
    private final long vectorStride;
    private final long dataBytes;
    private final AtomicReferenceArray<MappedByteBuffer> chunks;
    private volatile boolean closed;

    /**
     * @param samples samples per channel to expose (already checked against the file's size)
     * @param vectorStride samples per channel block in a vectorized file (ignored when multiplexed)
     */
    BrainVisionDataFile(Path file, BrainVisionSampleFormat format, ByteOrder order, int channelCount,
            boolean multiplexed, long samples, long vectorStride) {
        this.file = file;
        this.format = format;
        this.order = order;
        this.channelCount = channelCount;
        this.multiplexed = multiplexed;
        this.samples = samples;
        this.vectorStride = vectorStride;
        // The caller checked these products against the file's size, so they cannot overflow.
        long perChannel = multiplexed ? samples : vectorStride;
        this.dataBytes = multiplexed ? samples * channelCount * format.bytes()
                : (channelCount - 1) * perChannel * format.bytes() + samples * format.bytes();
        this.chunks = new AtomicReferenceArray<>((int) ((dataBytes + CHUNK_MASK) >>> CHUNK_SHIFT));
        try {
            this.channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (IOException e) {
            throw new RecordingException(file, -1, "data file cannot be opened: " + e.getMessage(), e);
        }
    }

    /**
     * Reads raw samples {@code [first, first + count)} of one channel, each multiplied by {@code factor}.
     * Bounds are checked by the caller.
     */
    void read(int ch, long first, double factor, double[] dst, int offset, int count) {
        if (closed) {
            throw new IllegalStateException(file + ": the recording is closed");
        }
        int bytes = format.bytes();
        long step = multiplexed ? (long) channelCount * bytes : bytes;
        long pos = multiplexed ? (first * channelCount + ch) * bytes : (ch * vectorStride + first) * bytes;
        int done = 0;
        try {
            while (done < count) {
                int chunkIndex = (int) (pos >>> CHUNK_SHIFT);
                MappedByteBuffer buf = chunk(chunkIndex);
                long chunkEnd = ((long) chunkIndex << CHUNK_SHIFT) + buf.capacity();
                // How many of the remaining samples lie in this mapping.
                long inChunk = (chunkEnd - pos + step - 1) / step;
                int n = (int) Math.min(count - done, inChunk);
                if (n <= 0) {
                    // Only a position past the mapped data gets here; fail rather than loop without progress.
                    throw new IllegalStateException(file + ": sample position " + pos + " lies past the mapped data"
                            + " (channel " + ch + ", first " + first + ", count " + count + ")");
                }
                int p = (int) (pos & CHUNK_MASK);
                int s = (int) step;
                switch (format) {
                    case INT_16 -> {
                        for (int i = 0; i < n; i++, p += s) {
                            dst[offset + done + i] = buf.getShort(p) * factor;
                        }
                    }
                    case INT_32 -> {
                        for (int i = 0; i < n; i++, p += s) {
                            dst[offset + done + i] = buf.getInt(p) * factor;
                        }
                    }
                    default -> {
                        for (int i = 0; i < n; i++, p += s) {
                            dst[offset + done + i] = buf.getFloat(p) * factor;
                        }
                    }
                }
                done += n;
                pos += n * step;
            }
        } catch (InternalError e) {
            // What the JVM raises when a mapped page vanished: the file shrank after it was opened.
            throw new RecordingException(file, pos, "data file could not be read at this offset (was it truncated "
                    + "after the recording was opened?): " + e.getMessage(), e);
        }
    }

    private MappedByteBuffer chunk(int index) {
        MappedByteBuffer b = chunks.get(index);
        if (b != null) {
            return b;
        }
        long start = (long) index << CHUNK_SHIFT;
        long size = Math.min(1L << CHUNK_SHIFT, dataBytes - start);
        try {
            MappedByteBuffer mapped = Mappings.readOnly(channel, start, size);
            mapped.order(order);
            // Another thread may have mapped it meanwhile; both mappings are equivalent, keep the first.
            if (chunks.compareAndSet(index, null, mapped)) {
                return mapped;
            }
            MappedByteBuffer won = chunks.get(index);
            return won != null ? won : mapped;
        } catch (IOException e) {
            throw new RecordingException(file, start, "data file cannot be mapped: " + e.getMessage(), e);
        }
    }

    long samples() {
        return samples;
    }

    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < chunks.length(); i++) {
            chunks.set(i, null);
        }
        try {
            channel.close();
        } catch (IOException e) {
            throw new RecordingException(file, -1, "data file cannot be closed: " + e.getMessage(), e);
        }
    }
}
