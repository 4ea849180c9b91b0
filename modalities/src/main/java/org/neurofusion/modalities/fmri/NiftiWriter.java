package org.neurofusion.modalities.fmri;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.RecordingException;

/**
 * Writes single-file NIfTI-1 or NIfTI-2 images ({@code .nii}, or {@code .nii.gz} compressed), in the version and
 * byte order the header names, with its extensions. The data follow the header and extensions directly
 * ({@code vox_offset} is set accordingly, whatever the header held). Values are pulled a chunk at a time, so an
 * image larger than memory can be written, and the file appears under its name only when complete
 * ({@link AtomicFiles}).
 */
public final class NiftiWriter {
    private static final int CHUNK_BYTES = 1 << 16;

    private NiftiWriter() {
    }

    /** Supplies the stored (unscaled) values of the image in file order, first axis fastest. */
    @FunctionalInterface
    public interface VoxelSource {
        /** Fills {@code dst[0 .. count)} with the values of voxels {@code firstVoxel ..}. */
        void fill(long firstVoxel, double[] dst, int count) throws IOException;
    }

    /**
     * Writes an image whose stored values are {@code values} (file order, first axis fastest).
     *
     * @throws IllegalArgumentException when the array's length is not the header's voxel count, a value cannot be
     *     stored exactly in an integer datatype, a field does not fit the version, or the name does not end in
     *     {@code .nii} or {@code .nii.gz}
     * @throws RecordingException naming the file when it cannot be written
     */
    public static void write(Path out, NiftiHeader header, double[] values) {
        if (values.length != header.voxelCount()) {
            throw new IllegalArgumentException(values.length + " values for an image of " + header.voxelCount()
                    + " voxels");
        }
        write(out, header, (first, dst, count) -> System.arraycopy(values, (int) first, dst, 0, count));
    }

    /** As {@link #write(Path, NiftiHeader, double[])}, pulling values from {@code source}. */
    public static void write(Path out, NiftiHeader header, VoxelSource source) {
        Objects.requireNonNull(source, "source");
        byte[] head = NiftiHeaderEncoder.encode(header);
        NiftiDataType t = header.datatype();
        int per = CHUNK_BYTES / t.bytes();
        writeFile(out, head, os -> {
            double[] values = new double[per];
            ByteBuffer buf = ByteBuffer.allocate(per * t.bytes()).order(header.byteOrder());
            long total = header.voxelCount();
            for (long done = 0; done < total; done += per) {
                int n = (int) Math.min(per, total - done);
                source.fill(done, values, n);
                buf.clear();
                for (int i = 0; i < n; i++) {
                    try {
                        NiftiVoxels.encode(t, values[i], buf);
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("voxel " + (done + i) + ": " + e.getMessage(), e);
                    }
                }
                os.write(buf.array(), 0, buf.position());
            }
        });
    }

    /**
     * Writes the voxels of {@code in} byte for byte (only swapped when the byte orders differ) under
     * {@code header}, which must have the image's datatype and voxel count: a lossless change of version, byte
     * order, compression or header fields.
     *
     * @throws IllegalArgumentException when the header's datatype or voxel count differ from the image's
     */
    public static void copy(NiftiImage in, NiftiHeader header, Path out) {
        NiftiHeader from = in.header();
        if (from.datatype() != header.datatype() || from.voxelCount() != header.voxelCount()) {
            throw new IllegalArgumentException("the header describes " + header.voxelCount() + " "
                    + header.datatype().numpyName() + " voxels, the image holds " + from.voxelCount() + " "
                    + from.datatype().numpyName());
        }
        byte[] head = NiftiHeaderEncoder.encode(header);
        int size = header.datatype().bytes();
        boolean swap = from.byteOrder() != header.byteOrder() && size > 1;
        writeFile(out, head, os -> {
            long total = from.dataBytes();
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK_BYTES, Math.max(total, 1)));
            for (long done = 0; done < total; done += buf.capacity()) {
                buf.clear().limit((int) Math.min(buf.capacity(), total - done));
                in.readBytes(done, buf);
                byte[] a = buf.array();
                if (swap) {
                    reverseEach(a, buf.limit(), size);
                }
                os.write(a, 0, buf.limit());
            }
        });
    }

    /** Reverses every group of {@code size} bytes in {@code a[0 .. n)}. */
    private static void reverseEach(byte[] a, int n, int size) {
        for (int g = 0; g < n; g += size) {
            for (int i = 0, j = size - 1; i < j; i++, j--) {
                byte x = a[g + i];
                a[g + i] = a[g + j];
                a[g + j] = x;
            }
        }
    }

    /** The header for a copy of {@code h} in another version and byte order. */
    public static NiftiHeader convert(NiftiHeader h, int version, ByteOrder order) {
        return h.toBuilder().optVersion(version).optByteOrder(order).build();
    }

    private interface Body {
        void writeTo(OutputStream os) throws IOException;
    }

    private static void writeFile(Path out, byte[] head, Body body) {
        String name = out.getFileName() == null ? "" : out.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean gzip = name.endsWith(".nii.gz");
        if (!gzip && !name.endsWith(".nii")) {
            throw new IllegalArgumentException("a NIfTI file name ends in .nii or .nii.gz: " + out);
        }
        AtomicFiles.write(out, os -> {
            if (gzip) {
                GZIPOutputStream gz = new GZIPOutputStream(os, CHUNK_BYTES);
                gz.write(head);
                body.writeTo(gz);
                // finish, not close: AtomicFiles owns the stream below and syncs it before the rename.
                gz.finish();
            } else {
                os.write(head);
                body.writeTo(os);
            }
        });
    }
}
