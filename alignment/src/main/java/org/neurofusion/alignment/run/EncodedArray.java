package org.neurofusion.alignment.run;

import ai.djl.ndarray.types.DataType;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Checks one array of a checkpoint in DJL's NDArray encoding before {@code NDArray.decode} reads it, because DJL
 * allocates from the counts the bytes declare (a dimension count of 8 million made it reserve 65 MB for a 265-byte
 * checkpoint) and hands the engine as many values as the shape says. The encoding, versions 1 to 3, big-endian:
 * <pre>
 *   "NDAR" (u16 length + bytes), version (i32), [v2+: has-name (u8), name if 1], sparse format, data type
 *   (each u16 length + bytes), dimensions (i32 count, i64 each), layout (i32 count, u16 each),
 *   [v3+: byte order (u8)], data length (i32), data
 * </pre>
 * What passes is one whole array of a fixed-size type whose data holds exactly the shape's values.
 */
final class EncodedArray {
    private final Path file;
    private final long at;
    private final String label;
    private final ByteBuffer buf;

    private EncodedArray(Path file, long at, String label, byte[] encoded) {
        this.file = file;
        this.at = at;
        this.label = label;
        this.buf = ByteBuffer.wrap(encoded);
    }

    /**
     * Checks {@code encoded}, the bytes of array {@code label} found at byte {@code at} of {@code file}.
     *
     * @throws CorruptCheckpointException naming the file, the offset of the bad field and the array
     */
    static void check(Path file, long at, String label, byte[] encoded) {
        new EncodedArray(file, at, label, encoded).check();
    }

    private void check() {
        if (!"NDAR".equals(text("the NDArray signature"))) {
            throw bad(0, "does not start with DJL's NDArray signature \"NDAR\"");
        }
        int version = i32("the encoding version");
        if (version < 1 || version > 3) {
            throw bad(buf.position() - 4, "has NDArray encoding version " + version + "; DJL writes 1 to 3");
        }
        if (version > 1 && u8("the name flag") == 1) {
            text("the array's name");
        }
        text("the sparse format");
        int typeAt = buf.position();
        String typeName = text("the data type");
        DataType type;
        try {
            type = DataType.valueOf(typeName);
        } catch (IllegalArgumentException e) {
            throw bad(typeAt, "has data type '" + typeName + "', which DJL does not know");
        }
        if (type.getNumOfBytes() <= 0) {
            throw bad(typeAt, "has data type " + type.name() + ", which holds no fixed-size values; a checkpoint holds"
                    + " numbers only");
        }
        int dimsAt = buf.position();
        int dims = i32("the dimension count");
        if (dims < 0 || (long) dims * Long.BYTES > buf.remaining()) {
            throw bad(dimsAt, "declares " + dims + " dimensions, more than its remaining " + buf.remaining()
                    + " bytes can hold");
        }
        long values = 1;
        for (int d = 0; d < dims; d++) {
            long size = buf.getLong();
            if (size < 0) {
                throw bad(buf.position() - 8, "has dimension " + d + " of size " + size);
            }
            values = size == 0 || values == 0 ? 0 : values > Long.MAX_VALUE / size ? -1 : values * size;
            if (values < 0) {
                throw bad(buf.position() - 8, "has dimensions whose product overflows 64 bits");
            }
        }
        int layoutAt = buf.position();
        int layout = i32("the layout length");
        if (layout < 0 || (long) layout * Character.BYTES > buf.remaining()) {
            throw bad(layoutAt, "declares a layout of " + layout + " characters, more than its remaining "
                    + buf.remaining() + " bytes can hold");
        }
        buf.position(buf.position() + layout * Character.BYTES);
        if (version > 2) {
            u8("the byte order");
        }
        int lengthAt = buf.position();
        int length = i32("the data length");
        long expected = values > Long.MAX_VALUE / type.getNumOfBytes() ? -1 : values * type.getNumOfBytes();
        if (length != expected || length > buf.remaining()) {
            throw bad(lengthAt, "declares " + length + " bytes of data for " + values + " values of " + type.name()
                    + " (" + expected + " bytes), with " + buf.remaining() + " bytes left");
        }
    }

    /** A string as DJL writes it (u16 length, then bytes); DJL reads lengths over 255 wrongly, so they are refused. */
    private String text(String what) {
        int lengthAt = buf.position();
        int length = Short.toUnsignedInt(need(2, what).getShort());
        if (length > 0xFF) {
            throw bad(lengthAt, "declares " + length + " bytes for " + what + "; DJL decodes no string over 255 bytes");
        }
        byte[] b = new byte[length];
        need(length, what).get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private int i32(String what) {
        return need(4, what).getInt();
    }

    private int u8(String what) {
        return Byte.toUnsignedInt(need(1, what).get());
    }

    private ByteBuffer need(int n, String what) {
        if (buf.remaining() < n) {
            throw bad(buf.position(), "ends before " + what + " (" + n + " bytes needed, " + buf.remaining()
                    + " left)");
        }
        return buf;
    }

    private CorruptCheckpointException bad(int offset, String problem) {
        return new CorruptCheckpointException(file, at + offset, label, "DJL's encoding " + problem);
    }
}
