package org.neurofusion.alignment.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The checkpoint file format. One file, so that a single atomic rename publishes it whole:
 * <pre>
 *   magic "NFCKPT" (6 bytes), version (u16 = 1)
 *   state:  length (i32), UTF-8 JSON of the TrainingState, CRC-32 (i32)
 *   count (i32), then per array: group (u8: 0 parameters, 1 optimizer), name length (u16), UTF-8 name,
 *           length (i32), DJL's NDArray encoding (dtype, shape, raw bytes), CRC-32 (i32)
 *   end marker "NFEND" (5 bytes)
 * </pre>
 * Big-endian. The state comes first so that resuming can read the step without decoding any array. Every length
 * is checked against the bytes left before anything is allocated, the counts inside DJL's encoding included
 * ({@link EncodedArray}); a checksum per array lets an error name the array whose bytes are bad.
 */
final class CheckpointFile {
    static final int MAX_NAME_BYTES = 0xFFFF;
    private static final byte[] MAGIC = "NFCKPT".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "NFEND".getBytes(StandardCharsets.US_ASCII);
    private static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private CheckpointFile() {
    }

    /** Writes {@code checkpoint} to {@code os} (not closed). */
    static void write(OutputStream os, Checkpoint checkpoint) throws IOException {
        DataOutputStream out = new DataOutputStream(os);
        out.write(MAGIC);
        out.writeShort(VERSION);
        writeBlock(out, JSON.writeValueAsBytes(checkpoint.state().toJson()));
        out.writeInt(checkpoint.parameters().size() + checkpoint.optimizerState().size());
        writeGroup(out, 0, checkpoint.parameters());
        writeGroup(out, 1, checkpoint.optimizerState());
        out.write(END);
        out.flush();
    }

    private static void writeGroup(DataOutputStream out, int group, Map<String, NDArray> arrays) throws IOException {
        for (Map.Entry<String, NDArray> e : arrays.entrySet()) {
            byte[] name = e.getKey().getBytes(StandardCharsets.UTF_8);
            out.writeByte(group);
            out.writeShort(name.length);
            out.write(name);
            writeBlock(out, e.getValue().encode());
        }
    }

    private static void writeBlock(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
        out.writeInt(crc(bytes, 0, bytes.length));
    }

    /** Only the training state: enough to truncate the metrics on resume without a deep-learning engine. */
    static TrainingState readState(Path file) {
        byte[] head = new byte[MAGIC.length + 2 + 4];
        try (InputStream in = Files.newInputStream(file)) {
            int n = in.readNBytes(head, 0, head.length);
            Reader r = new Reader(file, ByteBuffer.wrap(head, 0, n), Files.size(file));
            r.header();
            int length = r.length("state", null);
            byte[] rest = in.readNBytes(length + 4);
            Reader s = new Reader(file, ByteBuffer.allocate(head.length + rest.length).put(head).put(rest).flip(),
                    Files.size(file));
            s.header();
            return s.state();
        } catch (IOException e) {
            throw new RunDirectoryException(file, -1, "cannot read checkpoint: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a whole checkpoint, its arrays into {@code manager}.
     *
     * @throws CorruptCheckpointException naming the file, the offset and the array that is bad or truncated
     */
    static Checkpoint read(Path file, NDManager manager) {
        byte[] bytes;
        try {
            if (Files.size(file) > Integer.MAX_VALUE - 16) {
                throw new CorruptCheckpointException(file, -1, null, "is over 2 GB, more than this format reads");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new RunDirectoryException(file, -1, "cannot read checkpoint: " + e.getMessage(), e);
        }
        Reader r = new Reader(file, ByteBuffer.wrap(bytes), bytes.length);
        r.header();
        TrainingState state = r.state();
        int count = r.count();
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        Map<String, NDArray> optimizer = new LinkedHashMap<>();
        try {
            for (int i = 0; i < count; i++) {
                r.array(manager, parameters, optimizer, i);
            }
            r.end();
        } catch (RuntimeException e) {
            // Arrays decoded before the bad one must not outlive the failure in the caller's manager.
            parameters.values().forEach(NDArray::close);
            optimizer.values().forEach(NDArray::close);
            throw e;
        }
        return Checkpoint.loaded(parameters, optimizer, state, file);
    }

    private static int crc(byte[] b, int off, int len) {
        CRC32 c = new CRC32();
        c.update(b, off, len);
        return (int) c.getValue();
    }

    /** Reads fields with their offsets at hand, so that every error says where. */
    private static final class Reader {
        private final Path file;
        private final ByteBuffer buf;
        private final long fileSize;

        Reader(Path file, ByteBuffer buf, long fileSize) {
            this.file = file;
            this.buf = buf;
            this.fileSize = fileSize;
        }

        void header() {
            byte[] magic = bytes(MAGIC.length, null, "the signature");
            if (!Arrays.equals(magic, MAGIC)) {
                throw new CorruptCheckpointException(file, 0, null, "is not a neurofusion checkpoint (first bytes "
                        + java.util.HexFormat.of().formatHex(magic) + ", expected \"NFCKPT\")");
            }
            need(2, null, "the version");
            int version = Short.toUnsignedInt(buf.getShort());
            if (version != VERSION) {
                throw new CorruptCheckpointException(file, buf.position() - 2, null, "has format version " + version
                        + "; this build reads version " + VERSION);
            }
        }

        TrainingState state() {
            int at = buf.position();
            byte[] json = block("state", null);
            try {
                JsonNode node = JSON.readTree(json);
                return TrainingState.fromJson(node);
            } catch (IOException | IllegalArgumentException e) {
                throw new CorruptCheckpointException(file, at, null, "bad training state: " + e.getMessage(), e);
            }
        }

        int count() {
            need(4, null, "the array count");
            int count = buf.getInt();
            // Every array takes at least 11 bytes of framing: a count beyond what the file can hold is corrupt.
            if (count < 0 || (long) count * 11 > buf.remaining()) {
                throw new CorruptCheckpointException(file, buf.position() - 4, null, "claims " + count
                        + " arrays, more than its remaining " + buf.remaining() + " bytes can hold");
            }
            return count;
        }

        void array(NDManager manager, Map<String, NDArray> parameters, Map<String, NDArray> optimizer, int index) {
            need(3, "#" + index, "the array's group and name length");
            int groupAt = buf.position();
            int group = Byte.toUnsignedInt(buf.get());
            int nameLength = Short.toUnsignedInt(buf.getShort());
            String name = new String(bytes(nameLength, "#" + index, "the array's name"), StandardCharsets.UTF_8);
            // what the writer refuses to write, the reader refuses to read, as a corrupt file (not an argument error)
            if (name.isBlank()) {
                throw new CorruptCheckpointException(file, groupAt + 1, "#" + index, "has a blank name");
            }
            // undecodable bytes become U+FFFD, three bytes each: the name as the writer would write it can be longer
            int nameBytes = name.getBytes(StandardCharsets.UTF_8).length;
            if (nameBytes > MAX_NAME_BYTES) {
                throw new CorruptCheckpointException(file, groupAt + 1, "#" + index, "has a name of " + nameBytes
                        + " bytes once decoded, more than " + MAX_NAME_BYTES);
            }
            Map<String, NDArray> target;
            String label;
            if (group == 0) {
                target = parameters;
                label = Checkpoint.PARAMETERS + "/" + name;
            } else if (group == 1) {
                target = optimizer;
                label = Checkpoint.OPTIMIZER + "/" + name;
            } else {
                throw new CorruptCheckpointException(file, groupAt, name, "has group code " + group
                        + "; expected 0 (parameters) or 1 (optimizer)");
            }
            if (target.containsKey(name)) {
                throw new CorruptCheckpointException(file, groupAt, label, "appears twice");
            }
            int at = buf.position();
            byte[] encoded = block(label, "its bytes");
            // DJL allocates from the counts inside the encoding: check them against the bytes first.
            EncodedArray.check(file, at + 4, label, encoded);
            try {
                target.put(name, NDArray.decode(manager, encoded));
            } catch (RuntimeException e) {
                throw new CorruptCheckpointException(file, at, label, "cannot be decoded: " + e.getMessage(), e);
            }
        }

        void end() {
            byte[] end = bytes(END.length, null, "the end marker");
            if (!Arrays.equals(end, END)) {
                throw new CorruptCheckpointException(file, buf.position() - END.length, null,
                        "has no end marker after its last array");
            }
            if (buf.hasRemaining()) {
                throw new CorruptCheckpointException(file, buf.position(), null, "has " + buf.remaining()
                        + " unexpected bytes after its end marker");
            }
        }

        int length(String what, String array) {
            need(4, array, "the length of " + what);
            int length = buf.getInt();
            if (length < 0 || (long) length + 4 > fileSize - buf.position()) {
                throw new CorruptCheckpointException(file, buf.position() - 4, array, "claims " + length
                        + " bytes for " + what + " but the file has " + Math.max(0, fileSize - buf.position() - 4)
                        + " left (truncated?)");
            }
            return length;
        }

        private byte[] block(String label, String what) {
            String array = what == null ? null : label;
            int length = length(what == null ? label : what, array);
            int at = buf.position();
            byte[] b = bytes(length, array, what == null ? label : what);
            need(4, array, "the checksum");
            int stored = buf.getInt();
            if (stored != crc(b, 0, b.length)) {
                throw new CorruptCheckpointException(file, at, array, "checksum mismatch over " + length
                        + " bytes of " + (what == null ? label : what) + ": the file is damaged");
            }
            return b;
        }

        private byte[] bytes(int n, String array, String what) {
            need(n, array, what);
            byte[] b = new byte[n];
            buf.get(b);
            return b;
        }

        private void need(int n, String array, String what) {
            if (buf.remaining() < n) {
                throw new CorruptCheckpointException(file, buf.position(), array, "ends after " + buf.position()
                        + " bytes, before " + what + " (" + n + " bytes needed): truncated");
            }
        }
    }
}
