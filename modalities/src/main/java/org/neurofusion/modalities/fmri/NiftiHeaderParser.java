package org.neurofusion.modalities.fmri;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * Reads and checks a NIfTI-1 or NIfTI-2 header and its extensions from the start of a stream: the version and
 * byte order from {@code sizeof_hdr} (348 or 540, read both ways), then the magic, then every field at its offset.
 * Nothing is allocated from a header count: extension contents are read as far as the stream really goes.
 *
 * <p>As nibabel does when it loads a header, non-positive voxel sizes {@code pixdim[1..3]} are made positive (0
 * becomes 1, a negative size its absolute value), a {@code qfac} other than ±1 becomes 1 and an unknown qform or
 * sform code becomes 0.
 */
final class NiftiHeaderParser {
    /** nibabel refuses a quaternion whose b² + c² + d² exceeds 1 by more than 3 epsilons of the stored type. */
    private static final double QUATERNION_SLACK_V1 = 3 * Math.ulp(1.0f);
    private static final double QUATERNION_SLACK_V2 = 3 * Math.ulp(1.0);

    /** A parsed header and whether it came from a single file (magic {@code n+}) or a pair's header ({@code ni}). */
    record Parsed(NiftiHeader header, boolean single) {
    }

    private final Path file;
    private NiftiLayout layout;
    private ByteBuffer buf;

    private NiftiHeaderParser(Path file) {
        this.file = file;
    }

    /** Whether these first bytes (at least 348 of them, or 540 for NIfTI-2) carry a NIfTI magic. */
    static boolean hasSignature(byte[] head) {
        return magicAt(head, 344, '1') || magicAt(head, 4, '2');
    }

    private static boolean magicAt(byte[] head, int at, char version) {
        return head.length >= at + 4 && head[at] == 'n' && (head[at + 1] == '+' || head[at + 1] == 'i')
                && head[at + 2] == version && head[at + 3] == 0;
    }

    /**
     * Parses the header at the start of {@code in}, and the extensions after it.
     *
     * @param knownSize the stream's length when known (an uncompressed file), else -1
     * @throws RecordingException (a subtype) naming {@code file} and the byte offset of any problem
     */
    static Parsed parse(Path file, InputStream in, long knownSize) {
        CountingStream counted = new CountingStream(in);
        try {
            return new NiftiHeaderParser(file).parse(counted, knownSize);
        } catch (java.io.EOFException | java.util.zip.ZipException e) {
            // Only a decompressing stream throws these: the compressed file is cut short or damaged.
            throw new CorruptRecordingException(file, counted.count, "compressed stream is corrupt or truncated after "
                    + counted.count + " decompressed bytes: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot read the NIfTI header: " + e.getMessage(), e);
        }
    }

    /** Counts the bytes read, so that a failure of the decompressor can say where the stream broke. */
    private static final class CountingStream extends java.io.FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }

    private Parsed parse(InputStream in, long knownSize) throws IOException {
        byte[] head = in.readNBytes(NiftiLayout.V2.sizeofHdr);
        if (head.length < 4) {
            throw new CorruptRecordingException(file, head.length, "file ends before sizeof_hdr (" + head.length
                    + " bytes)");
        }
        detect(head);
        if (head.length < layout.sizeofHdr) {
            throw new CorruptRecordingException(file, head.length, "file ends inside the " + layout.sizeofHdr
                    + "-byte NIfTI-" + version() + " header (" + head.length + " bytes)");
        }
        buf = ByteBuffer.wrap(head).order(buf.order());
        boolean single = checkMagic(head);
        NiftiHeader.Builder b = NiftiHeader.builder().optVersion(version()).optByteOrder(buf.order());
        b.setDatatype(NiftiDataType.fromCode(buf.getShort(layout.datatype), file, layout.datatype));
        b.setShape(shape());
        double[] pixdim = new double[8];
        for (int i = 0; i < 8; i++) {
            pixdim[i] = real(layout.pixdim + i * layout.realWidth);
        }
        fixPixdim(pixdim);
        b.optQfac(pixdim[0]).optZooms(Arrays.copyOfRange(pixdim, 1, 8));
        long voxOffset = voxOffset(single);
        b.optVoxOffset(voxOffset);
        double slope = real(layout.sclSlope);
        double inter = real(layout.sclInter);
        if (slope != 0 && Double.isFinite(slope) && !Double.isFinite(inter)) {
            throw new CorruptRecordingException(file, layout.sclInter, "scl_slope is " + slope + " but scl_inter is "
                    + inter + "; a scaled image needs a finite intercept");
        }
        b.optScaling(slope, inter).optCalibration(real(layout.calMin), real(layout.calMax));
        int qformCode = xformCode(layout.qformCode);
        int sformCode = xformCode(layout.sformCode);
        double[] q = new double[6];
        for (int i = 0; i < 6; i++) {
            q[i] = real(layout.quaternB + i * layout.realWidth);
        }
        b.optQform(qformCode, q[0], q[1], q[2], q[3], q[4], q[5]);
        double[][] srow = new double[3][4];
        for (int i = 0; i < 12; i++) {
            srow[i / 4][i % 4] = real(layout.srowX + i * layout.realWidth);
        }
        b.optSform(sformCode, srow);
        if (sformCode == 0 && qformCode != 0) {
            checkQuaternion(q);
        }
        b.optXyztUnits(smallCode(layout.xyztUnits));
        b.optIntent((int) integer(layout.intentCode, layout.codeWidth), real(layout.intentP1),
                real(layout.intentP1 + layout.realWidth), real(layout.intentP1 + 2 * layout.realWidth),
                text(layout.intentName, 16));
        b.optSliceTiming(head[layout.dimInfo] & 0xff, smallCode(layout.sliceCode),
                integer(layout.sliceStart, layout.dimWidth), integer(layout.sliceEnd, layout.dimWidth),
                real(layout.sliceDuration));
        b.optToffset(real(layout.toffset)).optDescrip(text(layout.descrip, 80)).optAuxFile(text(layout.auxFile, 24));
        InputStream rest = new SequenceInputStream(new ByteArrayInputStream(head, layout.sizeofHdr,
                head.length - layout.sizeofHdr), in);
        b.optExtensions(extensions(rest, single, voxOffset, knownSize));
        return new Parsed(b.build(), single);
    }

    private int version() {
        return layout == NiftiLayout.V1 ? 1 : 2;
    }

    /** The version and byte order, from sizeof_hdr read both ways. */
    private void detect(byte[] head) {
        ByteBuffer le = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        int little = le.getInt(0);
        int big = Integer.reverseBytes(little);
        for (NiftiLayout l : NiftiLayout.values()) {
            if (little == l.sizeofHdr || big == l.sizeofHdr) {
                layout = l;
                buf = ByteBuffer.wrap(head).order(little == l.sizeofHdr ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                return;
            }
        }
        String found = "sizeof_hdr is " + little + " read little-endian, " + big + " big-endian";
        if (magicAt(head, 344, '1')) {
            throw new CorruptRecordingException(file, 0, found + "; the NIfTI-1 magic at byte 344 needs 348");
        }
        if (magicAt(head, 4, '2')) {
            throw new CorruptRecordingException(file, 0, found + "; the NIfTI-2 magic at byte 4 needs 540");
        }
        throw new UnsupportedFormatException(file, 0, "not a NIfTI file: " + found
                + " (NIfTI-1 needs 348, NIfTI-2 540) and there is no NIfTI magic");
    }

    /** Checks the magic; true for a single file ({@code n+1}, {@code n+2}), false for a pair's header. */
    private boolean checkMagic(byte[] head) {
        int at = layout.magic;
        if (!magicAt(head, at, version() == 1 ? '1' : '2')) {
            String found = new String(head, at, 4, StandardCharsets.ISO_8859_1).replace("\0", "\\0");
            if (version() == 1) {
                throw new UnsupportedFormatException(file, at, "no NIfTI-1 magic (\"n+1\\0\" or \"ni1\\0\"), found \""
                        + found + "\": an Analyze 7.5 header, which is not read");
            }
            throw new CorruptRecordingException(file, at, "sizeof_hdr says NIfTI-2 but the magic is \"" + found
                    + "\", not \"n+2\\0\" or \"ni2\\0\"");
        }
        if (version() == 2) {
            byte[] eol = Arrays.copyOfRange(head, 8, 12);
            // nibabel accepts all zeros (and fills them in); anything else but \r\n\032\n means a mangled transfer.
            if (!Arrays.equals(eol, new byte[4]) && !Arrays.equals(eol, new byte[] {'\r', '\n', 0x1a, '\n'})) {
                throw new CorruptRecordingException(file, 8, "NIfTI-2 end-of-line check bytes are "
                        + Arrays.toString(eol) + ", not [13, 10, 26, 10]: the file was probably transferred as text");
            }
        }
        return head[at + 1] == '+';
    }

    private long[] shape() {
        long ndim = integer(layout.dim, layout.dimWidth);
        if (ndim < 1 || ndim > 7) {
            throw new CorruptRecordingException(file, layout.dim, "dim[0] is " + ndim + "; it must be 1..7");
        }
        long[] shape = new long[(int) ndim];
        long bytes = NiftiDataType.fromCode(buf.getShort(layout.datatype), file, layout.datatype).bytes();
        for (int i = 0; i < shape.length; i++) {
            int at = layout.dim + (i + 1) * layout.dimWidth;
            shape[i] = integer(at, layout.dimWidth);
            if (shape[i] < 0) {
                throw new CorruptRecordingException(file, at, "dim[" + (i + 1) + "] is negative: " + shape[i]);
            }
            try {
                bytes = Math.multiplyExact(bytes, shape[i]);
            } catch (ArithmeticException e) {
                throw new CorruptRecordingException(file, at, "dims " + Arrays.toString(Arrays.copyOf(shape, i + 1))
                        + " overflow: the image would need more than 2^63 bytes");
            }
        }
        return shape;
    }

    /** nibabel's repairs on load: qfac must be ±1; voxel sizes positive. */
    private static void fixPixdim(double[] p) {
        if (p[0] != 1 && p[0] != -1) {
            p[0] = 1;
        }
        for (int i = 1; i <= 3; i++) {
            if (p[i] == 0) {
                p[i] = 1;
            } else if (p[i] < 0) {
                p[i] = -p[i];
            }
        }
    }

    private long voxOffset(boolean single) {
        int at = layout.voxOffset;
        long offset;
        if (layout == NiftiLayout.V1) {
            double v = buf.getFloat(at);
            if (!(v >= 0) || v > (1L << 53)) {
                throw new CorruptRecordingException(file, at, "vox_offset is " + v + "; it must be a byte offset >= 0");
            }
            offset = (long) v;
        } else {
            offset = buf.getLong(at);
            if (offset < 0) {
                throw new CorruptRecordingException(file, at, "vox_offset is negative: " + offset);
            }
        }
        if (single && offset == 0) {
            // Unset: the data follow the header directly (no extensions can be read).
            return layout.minimumVoxOffset();
        }
        if (single && offset < layout.minimumVoxOffset()) {
            throw new CorruptRecordingException(file, at, "vox_offset " + offset + " lies inside the header: a single "
                    + "NIfTI-" + version() + " file needs at least " + layout.minimumVoxOffset());
        }
        return offset;
    }

    /** A qform or sform code, 0 when it is not one the standard defines (nibabel's repair). */
    private int xformCode(int at) {
        long code = integer(at, layout.codeWidth);
        return code >= 0 && code <= 5 ? (int) code : 0;
    }

    private void checkQuaternion(double[] q) {
        double n = q[0] * q[0] + q[1] * q[1] + q[2] * q[2];
        double slack = layout == NiftiLayout.V1 ? QUATERNION_SLACK_V1 : QUATERNION_SLACK_V2;
        if (!(1 - n >= -slack)) {
            throw new CorruptRecordingException(file, layout.quaternB, "quaternion (b, c, d) = (" + q[0] + ", " + q[1]
                    + ", " + q[2] + ") is not the vector part of a unit quaternion (b²+c²+d² = " + n + ")");
        }
    }

    private List<NiftiExtension> extensions(InputStream in, boolean single, long voxOffset, long knownSize)
            throws IOException {
        long pos = layout.sizeofHdr;
        byte[] flag = in.readNBytes(4);
        List<NiftiExtension> out = new ArrayList<>();
        if (flag.length < 4 || flag[0] == 0) {
            return out;
        }
        pos += 4;
        // A single file's extensions end where the data begin; a pair's header file holds them up to its end.
        long end = single ? voxOffset : knownSize >= 0 ? knownSize : Long.MAX_VALUE;
        while (end - pos >= 16 || !single && end - pos >= 8) {
            byte[] def = in.readNBytes(8);
            if (def.length == 0 && !single) {
                break;
            }
            if (def.length < 8) {
                throw new CorruptRecordingException(file, pos + def.length, "file ends inside the size and code of "
                        + "header extension " + (out.size() + 1));
            }
            ByteBuffer d = ByteBuffer.wrap(def).order(buf.order());
            int esize = d.getInt(0);
            int ecode = d.getInt(4);
            if (esize < 8) {
                throw new CorruptRecordingException(file, pos, "header extension " + (out.size() + 1) + " has size "
                        + esize + "; it must be at least 8 (a multiple of 16)");
            }
            if (esize > end - pos) {
                throw new CorruptRecordingException(file, pos, "header extension " + (out.size() + 1) + " of " + esize
                        + " bytes runs past " + (single ? "vox_offset " : "the end of the header file at ") + end);
            }
            byte[] content = in.readNBytes(esize - 8);
            if (content.length < esize - 8) {
                throw new CorruptRecordingException(file, pos + 8 + content.length, "file ends inside header "
                        + "extension " + (out.size() + 1) + " (" + esize + " bytes from byte " + pos + ")");
            }
            int len = content.length;
            while (len > 0 && content[len - 1] == 0) {
                len--;
            }
            out.add(new NiftiExtension(ecode, Arrays.copyOf(content, len)));
            pos += esize;
        }
        return out;
    }

    private double real(int at) {
        return layout.realWidth == 4 ? buf.getFloat(at) : buf.getDouble(at);
    }

    private long integer(int at, int width) {
        return switch (width) {
            case 2 -> buf.getShort(at);
            case 4 -> buf.getInt(at);
            default -> buf.getLong(at);
        };
    }

    /** slice_code and xyzt_units: an unsigned byte in NIfTI-1, an int32 in NIfTI-2. */
    private int smallCode(int at) {
        return layout.smallCodeWidth == 1 ? buf.get(at) & 0xff : buf.getInt(at);
    }

    private String text(int at, int length) {
        byte[] a = buf.array();
        int n = 0;
        while (n < length && a[at + n] != 0) {
            n++;
        }
        return new String(a, at, n, StandardCharsets.ISO_8859_1);
    }
}
