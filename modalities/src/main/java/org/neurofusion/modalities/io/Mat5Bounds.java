package org.neurofusion.modalities.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * Checks the sizes a MATLAB 5 MAT file declares before a MAT library allocates from them. MFL
 * ({@code us.hebi.matlab.mat}) reserves whatever an element's tag claims (a buffer of the tag's byte count, an array
 * of a struct's fields × elements) before reading it, so a damaged tag in a file of a few kB asks for gigabytes.
 * This walks the file's elements as MFL will read them (variables, compressed variables inflated as a stream, and
 * inside each variable its flags, dimensions, name and parts, recursively) and refuses, naming the file, the byte
 * and the problem:
 *
 * <ul>
 *   <li>an element whose byte count runs past the end of what holds it (the file, the compressed stream, the
 *       enclosing variable);
 *   <li>a compressed variable that claims more inflated bytes than {@code maxInflatedBytes} allows in all, or that
 *       inflates to fewer bytes than it claims;
 *   <li>dimensions that are negative or multiply past 2³¹ − 1 elements, a numeric array whose data hold another
 *       number of values than its dimensions, cells and struct fields more numerous than the bytes left could hold;
 *   <li>nesting deeper than {@value #MAX_DEPTH} levels (MFL parses recursively);
 *   <li>what neurofusion does not read: sparse arrays, MATLAB objects and function handles, the subsystem that holds
 *       class objects.
 * </ul>
 *
 * <p>It reads the file once, with a fixed small buffer; what passes can be handed to MFL, which then allocates no
 * more than the file holds (inflated, at most {@code maxInflatedBytes}). MAT files of version 7.3 are HDF5 and not
 * MAT 5: they fail the byte-order mark check.
 */
public final class Mat5Bounds {
    /** Deepest nesting of cells and structs accepted. */
    public static final int MAX_DEPTH = 32;
    private static final int HEADER = 128;
    private static final int MI_INT8 = 1;
    private static final int MI_UINT8 = 2;
    private static final int MI_INT16 = 3;
    private static final int MI_UINT16 = 4;
    private static final int MI_INT32 = 5;
    private static final int MI_UINT32 = 6;
    private static final int MI_SINGLE = 7;
    private static final int MI_DOUBLE = 9;
    private static final int MI_INT64 = 12;
    private static final int MI_UINT64 = 13;
    private static final int MI_MATRIX = 14;
    private static final int MI_COMPRESSED = 15;
    private static final int MI_UTF8 = 16;
    private static final int MI_UTF16 = 17;
    private static final int MI_UTF32 = 18;
    private static final int CLASS_CELL = 1;
    private static final int CLASS_STRUCT = 2;
    private static final int CLASS_CHAR = 4;
    private static final int CLASS_DOUBLE = 6;
    private static final int CLASS_UINT64 = 15;

    private final Path file;
    private final long maxInflated;
    private long inflated;

    private Mat5Bounds(Path file, long maxInflated) {
        this.file = file;
        this.maxInflated = maxInflated;
    }

    /**
     * Checks {@code file}.
     *
     * @param maxInflatedBytes the most that all compressed variables together may inflate to
     * @throws CorruptRecordingException naming the file and the byte of the first size that cannot be right
     * @throws UnsupportedFormatException for sparse arrays, objects and the subsystem
     */
    public static void check(Path file, long maxInflatedBytes) {
        new Mat5Bounds(file, maxInflatedBytes).run();
    }

    private void run() {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, "no such file");
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            byte[] header = in.readNBytes(HEADER);
            if (header.length < HEADER) {
                throw new CorruptRecordingException(file, 0, "is " + size + " bytes, shorter than the 128-byte MAT 5"
                        + " header");
            }
            ByteOrder order;
            if (header[126] == 'I' && header[127] == 'M') {
                order = ByteOrder.LITTLE_ENDIAN;
            } else if (header[126] == 'M' && header[127] == 'I') {
                order = ByteOrder.BIG_ENDIAN;
            } else {
                throw new CorruptRecordingException(file, 126, String.format("expected the byte-order mark IM or MI"
                        + " of a MAT 5 file, found 0x%02x%02x", header[126] & 0xff, header[127] & 0xff));
            }
            long subsystem = ByteBuffer.wrap(header, 116, 8).order(order).getLong();
            boolean hasSubsystem = subsystem != 0 && subsystem != 0x2020202020202020L;
            Part top = new Part(in, order, HEADER, size - HEADER, -1, "the file");
            // MFL stops where fewer than a tag's 8 bytes are left.
            while (top.remaining() >= 8) {
                long at = top.position();
                if (hasSubsystem && at == subsystem) {
                    throw new UnsupportedFormatException(file, at, "holds a subsystem (MATLAB class objects), which"
                            + " is not read");
                }
                Tag t = top.tag();
                if (t.type == MI_MATRIX) {
                    Part variable = top.part(t);
                    array(variable, 0);
                    variable.end();
                } else if (t.type == MI_COMPRESSED) {
                    compressed(top, t, order);
                } else {
                    throw new CorruptRecordingException(file, at, "expected a variable (data type 14, miMATRIX, or"
                            + " 15, miCOMPRESSED), found data type " + t.type);
                }
            }
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** A compressed variable: inflated as a stream, never more than the limit left. */
    private void compressed(Part top, Tag t, ByteOrder order) throws IOException {
        Part deflated = top.part(t);
        Inflater inflater = new Inflater();
        try {
            InputStream stream = new InflaterInputStream(deflated.stream(), inflater, 1 << 12);
            Part inner = new Part(stream, order, 0, Long.MAX_VALUE, t.at, "the inflated variable");
            Tag variable = inner.tag();
            if (variable.type != MI_MATRIX) {
                throw inner.corrupt(variable.at, "expected a variable (data type 14, miMATRIX), found data type "
                        + variable.type);
            }
            long left = maxInflated - inflated;
            if (variable.bytes > left - 8) {
                throw inner.corrupt(variable.at, "the compressed variable claims " + variable.bytes + " bytes when"
                        + " inflated, more than the " + maxInflated + " bytes allowed for this file in all");
            }
            inflated += 8 + variable.bytes;
            Part content = inner.part(variable);
            array(content, 0);
            content.end();
        } catch (ZipException | EOFException e) {
            throw new CorruptRecordingException(file, t.at, "the compressed variable cannot be inflated: "
                    + e.getMessage());
        } finally {
            inflater.end();
        }
        deflated.skipRest();
    }

    /** One array (a variable, a cell, a field value) of {@code p}'s bytes, after its miMATRIX tag. */
    private void array(Part p, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw p.corrupt(p.position(), "arrays are nested deeper than " + MAX_DEPTH + " levels");
        }
        Tag flagsTag = p.tag();
        if (flagsTag.type != MI_UINT32 || flagsTag.bytes != 8) {
            throw p.corrupt(flagsTag.at, "expected the array flags (8 bytes of data type 6, miUINT32), found "
                    + flagsTag.bytes + " bytes of data type " + flagsTag.type);
        }
        int flags = p.readInt();
        p.readInt();
        p.skipPadding(flagsTag);
        int arrayClass = flags & 0xff;
        boolean complex = (flags & 0x800) != 0;
        if (arrayClass != CLASS_CELL && arrayClass != CLASS_STRUCT && arrayClass != CLASS_CHAR
                && (arrayClass < CLASS_DOUBLE || arrayClass > CLASS_UINT64)) {
            String what = switch (arrayClass) {
                case 3 -> "a MATLAB object";
                case 5 -> "a sparse array";
                case 16 -> "a function handle";
                case 17 -> "an opaque MATLAB object";
                default -> null;
            };
            if (what == null) {
                throw p.corrupt(flagsTag.at, "array class " + arrayClass + " is not a MAT 5 class");
            }
            throw new UnsupportedFormatException(file, p.fileOffset(flagsTag.at), p.where(flagsTag.at) + what
                    + " (array class " + arrayClass + "), which is not read");
        }
        Tag dimsTag = p.tag();
        if (dimsTag.type != MI_INT32 || dimsTag.bytes < 8 || dimsTag.bytes % 4 != 0) {
            throw p.corrupt(dimsTag.at, "expected the dimensions (two or more of data type 5, miINT32), found "
                    + dimsTag.bytes + " bytes of data type " + dimsTag.type);
        }
        long elements = 1;
        for (long i = 0; i < dimsTag.bytes / 4; i++) {
            int d = p.readInt();
            if (d < 0) {
                throw p.corrupt(dimsTag.at, "dimension " + (i + 1) + " is " + d);
            }
            elements *= d;
            if (elements > Integer.MAX_VALUE) {
                throw p.corrupt(dimsTag.at, "the dimensions multiply to more than 2^31 - 1 elements");
            }
        }
        p.skipPadding(dimsTag);
        Tag name = p.tag();
        if (name.type != MI_INT8) {
            throw p.corrupt(name.at, "expected the array name (data type 1, miINT8), found data type " + name.type);
        }
        p.skipData(name);
        switch (arrayClass) {
            case CLASS_CELL -> children(p, elements, depth);
            case CLASS_STRUCT -> struct(p, elements, depth);
            case CLASS_CHAR -> {
                Tag chars = p.tag();
                if (chars.type != MI_UTF8 && chars.type != MI_UTF16 && chars.type != MI_UTF32
                        && chars.type != MI_UINT16 && chars.type != MI_UINT8 && chars.type != MI_INT8) {
                    throw p.corrupt(chars.at, "expected characters, found data type " + chars.type);
                }
                p.skipData(chars);
            }
            default -> {
                numbers(p, elements, "real part");
                if (complex) {
                    numbers(p, elements, "imaginary part");
                }
            }
        }
    }

    private void struct(Part p, long elements, int depth) throws IOException {
        Tag lengthTag = p.tag();
        if (lengthTag.type != MI_INT32 || lengthTag.bytes != 4) {
            throw p.corrupt(lengthTag.at, "expected the field name length (one value of data type 5, miINT32)");
        }
        int length = p.readInt();
        p.skipPadding(lengthTag);
        Tag names = p.tag();
        if (names.type != MI_INT8) {
            throw p.corrupt(names.at, "expected the field names (data type 1, miINT8), found data type "
                    + names.type);
        }
        if (length < 0 || (length == 0 && names.bytes > 0)) {
            throw p.corrupt(lengthTag.at, "field name length " + length + " for " + names.bytes + " bytes of names");
        }
        long fields = length == 0 ? 0 : names.bytes / length;
        p.skipData(names);
        children(p, elements * fields, depth);
    }

    /** {@code count} arrays, each at least its 8-byte tag: more than the bytes left can hold is refused first. */
    private void children(Part p, long count, int depth) throws IOException {
        if (count > p.remaining() / 8) {
            throw p.corrupt(p.position(), count + " cells or field values cannot fit in the " + p.remaining()
                    + " bytes left of this array");
        }
        for (long i = 0; i < count; i++) {
            Tag t = p.tag();
            if (t.type != MI_MATRIX) {
                throw p.corrupt(t.at, "expected an array (data type 14, miMATRIX), found data type " + t.type);
            }
            if (t.bytes == 0) {
                continue; // MATLAB writes empty cells and fields as a bare tag
            }
            Part child = p.part(t);
            array(child, depth + 1);
            child.end();
        }
    }

    private void numbers(Part p, long elements, String what) throws IOException {
        Tag t = p.tag();
        int width = switch (t.type) {
            case MI_INT8, MI_UINT8 -> 1;
            case MI_INT16, MI_UINT16 -> 2;
            case MI_INT32, MI_UINT32, MI_SINGLE -> 4;
            case MI_DOUBLE, MI_INT64, MI_UINT64 -> 8;
            default -> throw p.corrupt(t.at, "expected the " + what + "'s numbers, found data type " + t.type);
        };
        if (t.bytes % width != 0 || t.bytes / width != elements) {
            throw p.corrupt(t.at, "the " + what + " holds " + t.bytes + " bytes of " + width + "-byte values; the"
                    + " dimensions declare " + elements + " values");
        }
        p.skipData(t);
    }

    /** A data element's tag: where it starts, its data type and its byte count (small elements: at most 4). */
    private record Tag(long at, int type, long bytes, boolean small) {
        /** The bytes taken after the tag: data and padding to 8 bytes (4 for a small element). */
        long span() {
            if (small) {
                return 4;
            }
            return type == MI_MATRIX || type == MI_COMPRESSED ? bytes : (bytes + 7) & ~7L;
        }
    }

    /**
     * A run of bytes that holds elements: the whole file after the header, a compressed variable's inflated stream,
     * one array. Positions count from the start of the file, or of the inflated stream ({@code base} is then the
     * compressed variable's tag in the file).
     */
    private final class Part {
        private final InputStream in;
        private final ByteOrder order;
        private final long base;
        private final long end;
        private final String what;
        private final byte[] scratch = new byte[8];
        private long position;

        Part(InputStream in, ByteOrder order, long position, long length, long base, String what) {
            this.in = in;
            this.what = what;
            this.order = order;
            this.position = position;
            this.end = length == Long.MAX_VALUE ? Long.MAX_VALUE : position + length;
            this.base = base;
        }

        long position() {
            return position;
        }

        long remaining() {
            return end - position;
        }

        Tag tag() throws IOException {
            long at = position;
            if (remaining() < 8) {
                throw corrupt(at, "a tag needs 8 bytes, " + remaining() + " are left");
            }
            int word = readInt();
            if ((word >>> 16) != 0) {
                long bytes = word >>> 16;
                if (bytes > 4) {
                    throw corrupt(at, "a small data element claims " + bytes + " bytes (at most 4)");
                }
                return new Tag(at, word & 0xffff, bytes, true);
            }
            long bytes = readInt() & 0xffffffffL;
            Tag t = new Tag(at, word, bytes, false);
            if (t.span() > remaining()) {
                throw corrupt(at, "an element of data type " + word + " claims " + bytes + " bytes; "
                        + remaining() + " are left in " + what);
            }
            return t;
        }

        /** The bytes of element {@code t} (just read) as a part of their own. */
        Part part(Tag t) {
            Part p = new Part(in, order, position, t.bytes, base, t.type == MI_COMPRESSED ? "the compressed data"
                    : "the array");
            position += t.bytes;
            return p;
        }

        /** The rest of this part, as a stream that ends where the part ends. */
        InputStream stream() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    if (position >= end) {
                        return -1;
                    }
                    int b = in.read();
                    if (b < 0) {
                        throw new EOFException();
                    }
                    position++;
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (position >= end) {
                        return -1;
                    }
                    int n = in.read(b, off, (int) Math.min(len, end - position));
                    if (n < 0) {
                        throw new EOFException();
                    }
                    position += n;
                    return n;
                }
            };
        }

        int readInt() throws IOException {
            fill(4);
            return ByteBuffer.wrap(scratch, 0, 4).order(order).getInt();
        }

        void skipData(Tag t) throws IOException {
            skip(t.span());
        }

        void skipPadding(Tag t) throws IOException {
            skip(t.span() - t.bytes);
        }

        void skipRest() throws IOException {
            skip(remaining());
        }

        /** Checks that the array's parts took exactly its declared bytes, as MFL checks after reading it. */
        void end() throws IOException {
            if (remaining() != 0) {
                throw corrupt(position, "the array's parts end " + remaining() + " bytes before its declared end");
            }
        }

        private void fill(int n) throws IOException {
            for (int done = 0; done < n; ) {
                int got = in.read(scratch, done, n - done);
                if (got < 0) {
                    throw corrupt(position, "the data end early");
                }
                done += got;
                position += got;
            }
        }

        private void skip(long n) throws IOException {
            if (n > remaining()) {
                throw corrupt(position, n + " bytes to skip, " + remaining() + " left");
            }
            byte[] buf = new byte[(int) Math.min(n, 1 << 12)];
            for (long left = n; left > 0; ) {
                int got = in.read(buf, 0, (int) Math.min(left, buf.length));
                if (got < 0) {
                    throw corrupt(position, "the data end " + left + " bytes before the element's declared end"
                            + (base < 0 ? "" : " (the compressed variable inflates to less than it claims)"));
                }
                left -= got;
                position += got;
            }
        }

        /** The file offset for an error at {@code at}: itself, or the compressed variable's when inflated. */
        long fileOffset(long at) {
            return base < 0 ? at : base;
        }

        /** What to say before a problem at {@code at}: nothing in the file, the inflated offset otherwise. */
        String where(long at) {
            return base < 0 ? "" : "inflated byte " + at + " of the compressed variable: ";
        }

        CorruptRecordingException corrupt(long at, String problem) {
            return new CorruptRecordingException(file, fileOffset(at), where(at) + problem);
        }
    }
}
