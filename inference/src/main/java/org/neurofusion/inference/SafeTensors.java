package org.neurofusion.inference;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.RecordingException;

/**
 * Reads and writes float tensors in the safetensors format, the parameter file of a deployable artifact.
 *
 * <p>A file is an 8-byte little-endian unsigned header size N, N bytes of UTF-8 JSON header, then the data.
 * The header maps each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}}, offsets
 * relative to the start of the data; an optional {@code "__metadata__"} object maps strings to strings.
 * Values are little-endian and row-major, and the tensors cover the data exactly, without holes or overlap.
 * Only {@code F32} is supported.
 *
 * <p>Reading treats the file as hostile: every size and offset is checked against the file before anything
 * is allocated from it, and every problem is an {@link ArtifactFormatException} naming the file, the byte
 * offset and what was expected.
 */
public final class SafeTensors {
    private static final int CHUNK_BYTES = 1 << 16;

    private SafeTensors() {
    }

    /**
     * A dense float tensor: its shape (row-major) and its values. Both arrays are copied on the way in and out,
     * so a tensor cannot change after it is made; equality, hash code and text are by content.
     *
     * @param shape the size of each dimension, outermost first; empty for a scalar
     * @param values the values in row-major order; as many as the product of {@code shape}
     */
    public record Tensor(long[] shape, float[] values) {
        /** How many values {@link #toString()} shows before it abbreviates. */
        private static final int SHOWN = 32;

        /**
         * @throws IllegalArgumentException when a dimension is negative, the shape holds more values than one
         *     Java array can, or {@code values} does not hold exactly as many values as the shape
         */
        public Tensor {
            Objects.requireNonNull(shape, "shape");
            Objects.requireNonNull(values, "values");
            shape = shape.clone();
            values = values.clone();
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
                }
            }
            long count = count(shape);
            if (count < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds more than "
                        + Integer.MAX_VALUE + " values, more than one Java array can hold");
            }
            if (count != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + count
                        + " values but " + values.length + " were given");
            }
        }

        /** The size of each dimension, outermost first (a copy). */
        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** The values in row-major order (a copy). */
        @Override
        public float[] values() {
            return values.clone();
        }

        /**
         * The number of values a shape of non-negative dimensions holds, or -1 when that is more than
         * {@link Integer#MAX_VALUE}. A zero dimension makes the tensor empty however large the others are.
         */
        static long count(long[] shape) {
            for (long d : shape) {
                if (d == 0) {
                    return 0;
                }
            }
            long count = 1;
            for (long d : shape) {
                // count <= MAX_VALUE and d >= 1, so the test cannot overflow before it fails.
                if (d > Integer.MAX_VALUE / count) {
                    return -1;
                }
                count *= d;
            }
            return count;
        }

        /** Equal when both shape and values are equal, value by value ({@link Arrays#equals(float[], float[])}). */
        @Override
        public boolean equals(Object o) {
            return o instanceof Tensor t && Arrays.equals(shape, t.shape) && Arrays.equals(values, t.values);
        }

        /** A hash of the shape and the values, consistent with {@link #equals(Object)}. */
        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(shape) + Arrays.hashCode(values);
        }

        /** The shape and the values; beyond {@value #SHOWN} values only the first ones and the count are shown. */
        @Override
        public String toString() {
            String shown;
            if (values.length <= SHOWN) {
                shown = Arrays.toString(values);
            } else {
                String head = Arrays.toString(Arrays.copyOf(values, SHOWN));
                shown = head.substring(0, head.length() - 1) + ", ... (" + values.length + " values)]";
            }
            return "Tensor[shape=" + Arrays.toString(shape) + ", values=" + shown + "]";
        }
    }

    /**
     * What a safetensors file holds.
     *
     * @param tensors the tensors by name, in the order of their bytes in the file (unmodifiable)
     * @param metadata the {@code __metadata__} strings in header order, empty when the file has none
     *     (unmodifiable)
     */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
        /** Copies both maps, keeping their iteration order. */
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(tensors, "tensors")));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(metadata, "metadata")));
        }
    }

    /**
     * Writes {@code tensors} as F32 in their iteration order (pass a {@link LinkedHashMap} for a fixed order),
     * with {@code metadata} as the header's {@code __metadata__} (left out when empty). The header is padded
     * with spaces to a multiple of 8 bytes. The file is written under a temporary name in the same folder and
     * renamed over {@code file} only when complete, so no reader ever sees it half-written.
     *
     * @param file where to write; an existing file is replaced
     * @param tensors the tensors by name; names must be non-empty and not {@code __metadata__}
     * @param metadata free-form strings stored with the tensors; may be empty
     * @throws IllegalArgumentException naming the file when a name, tensor or metadata entry is invalid;
     *     nothing is written then
     * @throws RecordingException naming the file when it cannot be written (from {@link AtomicFiles})
     */
    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(tensors, "tensors");
        Objects.requireNonNull(metadata, "metadata");
        // One snapshot, so that the header and the data describe the same tensors in the same order.
        List<Map.Entry<String, Tensor>> entries = new ArrayList<>(tensors.size());
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("cannot write " + file + ": a tensor name is "
                        + (name == null ? "null" : "empty") + "; names must be non-empty");
            }
            if (SafeTensorsHeader.METADATA_KEY.equals(name)) {
                throw new IllegalArgumentException("cannot write " + file + ": the tensor name '"
                        + SafeTensorsHeader.METADATA_KEY + "' is reserved for the file's metadata");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("cannot write " + file + ": tensor '" + name + "' is null");
            }
            entries.add(Map.entry(name, e.getValue()));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, String> m : metadata.entrySet()) {
            if (m.getKey() == null || m.getValue() == null) {
                throw new IllegalArgumentException("cannot write " + file + ": metadata " + m.getKey() + " = "
                        + m.getValue() + " has a null key or value");
            }
            meta.put(m.getKey(), m.getValue());
        }
        byte[] header = SafeTensorsHeader.encode(entries, meta);
        AtomicFiles.write(file, os -> {
            ByteBuffer size = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length);
            os.write(size.array());
            os.write(header);
            ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            for (Map.Entry<String, Tensor> e : entries) {
                writeFloats(os, e.getValue().values, chunk);
            }
        });
    }

    private static void writeFloats(OutputStream os, float[] values, ByteBuffer chunk) throws IOException {
        int perChunk = chunk.capacity() / SafeTensorsHeader.F32_BYTES;
        for (int from = 0; from < values.length; from += perChunk) {
            int n = Math.min(perChunk, values.length - from);
            chunk.clear();
            // The float view writes through to the chunk in the chunk's byte order (little-endian); raw bits
            // keep NaN payloads as they are.
            chunk.asFloatBuffer().put(values, from, n);
            os.write(chunk.array(), 0, n * SafeTensorsHeader.F32_BYTES);
        }
    }

    /**
     * Reads every tensor and the metadata of a safetensors file, after checking the whole header and layout.
     *
     * @return the tensors in the order of their bytes in the file, and the metadata
     * @throws ArtifactFormatException naming the file, the byte offset and what was expected, when the file
     *     cannot be read, is truncated, malformed, uses a dtype other than F32, or its tensors do not cover its
     *     data exactly
     */
    public static Contents read(Path file) {
        Objects.requireNonNull(file, "file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new ArtifactFormatException(file, 0, "file is " + size + " bytes, shorter than the 8-byte"
                        + " header size that begins a safetensors file (truncated?)");
            }
            long n = readFully(file, ch, 0, 8).getLong();
            if (Long.compareUnsigned(n, SafeTensorsHeader.MAX_HEADER_BYTES) > 0) {
                throw new ArtifactFormatException(file, 0, "header size " + Long.toUnsignedString(n)
                        + " exceeds the limit of " + SafeTensorsHeader.MAX_HEADER_BYTES + " bytes");
            }
            if (n > size - 8) {
                throw new ArtifactFormatException(file, 0, "header size " + n + " runs past the end of the file:"
                        + " only " + (size - 8) + " bytes follow the size field (truncated?)");
            }
            byte[] header = readFully(file, ch, 8, (int) n).array();
            SafeTensorsHeader.Parsed parsed = SafeTensorsHeader.parse(file, header);
            long dataStart = 8 + n;
            List<SafeTensorsHeader.Entry> layout = checkLayout(file, parsed.entries(), dataStart, size - dataStart);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (SafeTensorsHeader.Entry e : layout) {
                float[] values = readFloats(file, ch, dataStart + e.begin(), e.count());
                tensors.put(e.name(), new Tensor(e.shape(), values));
            }
            return new Contents(tensors, parsed.metadata());
        } catch (IOException e) {
            throw new ArtifactFormatException(file, -1, "cannot be read: " + e, e);
        }
    }

    /**
     * The entries sorted by where their bytes begin, after checking that they cover the data's
     * {@code dataLength} bytes from 0 to the end, each beginning where the one before ends.
     */
    private static List<SafeTensorsHeader.Entry> checkLayout(Path file, List<SafeTensorsHeader.Entry> entries,
            long dataStart, long dataLength) {
        List<SafeTensorsHeader.Entry> sorted = new ArrayList<>(entries);
        // Stable, so empty tensors sharing an offset keep their header order.
        sorted.sort(Comparator.comparingLong(SafeTensorsHeader.Entry::begin)
                .thenComparingLong(SafeTensorsHeader.Entry::end));
        long expected = 0;
        SafeTensorsHeader.Entry previous = null;
        for (SafeTensorsHeader.Entry e : sorted) {
            if (e.begin() < expected) {
                throw new ArtifactFormatException(file, dataStart + e.begin(), e.describe() + " overlap "
                        + previous.describe() + "; tensors must not share bytes");
            }
            if (e.begin() > expected) {
                throw new ArtifactFormatException(file, dataStart + expected, "data bytes [" + expected + ", "
                        + e.begin() + ") belong to no tensor, a hole before " + e.describe()
                        + "; tensors must cover the data contiguously");
            }
            expected = e.end();
            previous = e;
        }
        if (expected < dataLength) {
            throw new ArtifactFormatException(file, dataStart + expected, (dataLength - expected)
                    + " trailing bytes follow the last tensor's data; tensors must cover the data to the end of"
                    + " the file");
        }
        if (expected > dataLength) {
            throw new ArtifactFormatException(file, dataStart + previous.begin(), previous.describe()
                    + " end at byte " + (dataStart + expected) + " but the file ends at byte "
                    + (dataStart + dataLength) + " (truncated?)");
        }
        return sorted;
    }

    private static float[] readFloats(Path file, FileChannel ch, long position, int count) throws IOException {
        float[] values = new float[count];
        ByteBuffer chunk = ByteBuffer.allocate(Math.min(CHUNK_BYTES, count * SafeTensorsHeader.F32_BYTES))
                .order(ByteOrder.LITTLE_ENDIAN);
        int perChunk = Math.max(1, chunk.capacity() / SafeTensorsHeader.F32_BYTES);
        for (int from = 0; from < count; from += perChunk) {
            int n = Math.min(perChunk, count - from);
            chunk.clear().limit(n * SafeTensorsHeader.F32_BYTES);
            fill(file, ch, chunk, position + (long) from * SafeTensorsHeader.F32_BYTES);
            chunk.flip().asFloatBuffer().get(values, from, n);
        }
        return values;
    }

    private static ByteBuffer readFully(Path file, FileChannel ch, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        fill(file, ch, buffer, position);
        return buffer.flip();
    }

    /** Fills {@code buffer} from {@code position}; the size was checked, so an early end means the file shrank. */
    private static void fill(Path file, FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        long at = position;
        while (buffer.hasRemaining()) {
            int read = ch.read(buffer, at);
            if (read < 0) {
                throw new ArtifactFormatException(file, at, "file ends early at byte " + at
                        + " (was it changed while being read?)");
            }
            at += read;
        }
    }
}
