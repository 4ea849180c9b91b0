package org.neurofusion.modalities.fmri;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;
import org.neurofusion.core.RecordingException;

/**
 * An open NIfTI image: its header, and random access to its voxels without loading them all. Voxels are addressed
 * as in the file, first axis fastest ({@code index = i + nx * (j + ny * (k + nz * t))}, NumPy's Fortran order), so
 * a region or one voxel's time series reads only the bytes it needs. Values are scaled as nibabel's
 * {@code get_fdata()} scales them: {@code stored * scl_slope + scl_inter} in float64 when the header has a slope,
 * the stored value otherwise. A compressed file is decompressed once, on the first read, to a temporary file that
 * {@link #close()} deletes.
 *
 * <p>Reads may come from several threads; every read after {@code close} raises {@link IllegalStateException}.
 */
public final class NiftiImage implements AutoCloseable {
    /** Bytes per positional read: bounds the memory of a read whatever its length. */
    private static final int CHUNK_BYTES = 1 << 16;

    private final Path source;
    private final NiftiHeader header;
    private final boolean single;
    private final boolean compressed;
    private final NiftiDataFile data;
    private final long[] shape;
    private final long voxels;
    private final double slope;
    private final double inter;
    private final boolean scaled;

    NiftiImage(Path source, NiftiHeader header, boolean single, boolean compressed, NiftiDataFile data) {
        this.source = source;
        this.header = header;
        this.single = single;
        this.compressed = compressed;
        this.data = data;
        this.shape = header.shape();
        this.voxels = header.voxelCount();
        OptionalDouble s = header.slope();
        this.scaled = s.isPresent();
        this.slope = s.orElse(1);
        this.inter = header.intercept().orElse(0);
    }

    /** The file this image was opened from. */
    public Path source() {
        return source;
    }

    public NiftiHeader header() {
        return header;
    }

    /** "NIfTI-1" or "NIfTI-2". */
    public String format() {
        return header.formatName();
    }

    /** Whether the header and data share one file ({@code .nii}) rather than a {@code .hdr}/{@code .img} pair. */
    public boolean isSingleFile() {
        return single;
    }

    /** Whether the file (or either file of the pair) is gzip-compressed. */
    public boolean isCompressed() {
        return compressed;
    }

    /** The shape, first axis fastest. */
    public long[] shape() {
        return shape.clone();
    }

    /** Number of voxels. */
    public long voxelCount() {
        return voxels;
    }

    /** nibabel's {@code img.affine}: voxel indices to world millimetres. */
    public double[][] affine() {
        return header.affine();
    }

    /**
     * Reads {@code count} scaled values from voxel {@code firstVoxel} on (file order, first axis fastest).
     *
     * @throws IndexOutOfBoundsException when the range lies outside the image or {@code dst}
     * @throws RecordingException when the data cannot be read (truncated, corrupt, missing)
     */
    public void read(long firstVoxel, double[] dst, int offset, int count) {
        readStored(firstVoxel, dst, offset, count);
        if (scaled) {
            for (int i = offset; i < offset + count; i++) {
                // Two roundings, multiply then add, as NumPy computes arr * slope + inter.
                double v = dst[i] * slope;
                dst[i] = v + inter;
            }
        }
    }

    /** As {@link #read}, without scaling: the values as stored. */
    public void readStored(long firstVoxel, double[] dst, int offset, int count) {
        checkRange(firstVoxel, dst.length, offset, count);
        NiftiDataType t = header.datatype();
        int per = CHUNK_BYTES / t.bytes();
        ByteBuffer buf = ByteBuffer.allocate(Math.min(count, per) * t.bytes()).order(header.byteOrder());
        for (int done = 0; done < count; done += per) {
            int n = Math.min(per, count - done);
            buf.clear().limit(n * t.bytes());
            data.read((firstVoxel + done) * t.bytes(), buf);
            buf.flip();
            NiftiVoxels.decode(t, buf, dst, offset + done, n);
        }
    }

    /**
     * Reads stored integers exactly (labels, 64-bit values beyond double precision), unscaled.
     *
     * @throws IllegalArgumentException when the datatype is floating point
     */
    public void readLongs(long firstVoxel, long[] dst, int offset, int count) {
        NiftiDataType t = header.datatype();
        if (!t.isInteger()) {
            throw new IllegalArgumentException(source + ": voxels are " + t.numpyName() + ", not integers");
        }
        checkRange(firstVoxel, dst.length, offset, count);
        int per = CHUNK_BYTES / t.bytes();
        ByteBuffer buf = ByteBuffer.allocate(Math.min(count, per) * t.bytes()).order(header.byteOrder());
        for (int done = 0; done < count; done += per) {
            int n = Math.min(per, count - done);
            buf.clear().limit(n * t.bytes());
            data.read((firstVoxel + done) * t.bytes(), buf);
            buf.flip();
            NiftiVoxels.decodeLongs(t, buf, dst, offset + done, n);
        }
    }

    /** Stored bytes of the data, in the file's byte order, from byte {@code offset} of the data. */
    void readBytes(long offset, ByteBuffer dst) {
        Objects.checkFromIndexSize(offset, dst.remaining(), header.dataBytes());
        data.read(offset, dst);
    }

    private void checkRange(long firstVoxel, int length, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, length);
        Objects.checkFromIndexSize(firstVoxel, count, voxels);
    }

    /** The linear (file-order) index of a voxel. */
    public long linearIndex(long... index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException("image has " + shape.length + " axes, index has " + index.length);
        }
        long linear = 0;
        for (int a = shape.length - 1; a >= 0; a--) {
            Objects.checkIndex(index[a], shape[a]);
            linear = linear * shape[a] + index[a];
        }
        return linear;
    }

    /** One voxel's scaled value. */
    public double voxel(long... index) {
        double[] v = new double[1];
        read(linearIndex(index), v, 0, 1);
        return v[0];
    }

    /**
     * The scaled values of voxel {@code (i, j, k)} along the fourth axis (time), every further axis at 0.
     *
     * @throws IllegalArgumentException when the image has fewer than four axes
     */
    public double[] timeSeries(long i, long j, long k) {
        if (shape.length < 4) {
            throw new IllegalArgumentException(source + " has " + shape.length + " axes, no time axis");
        }
        long[] start = new long[shape.length];
        long[] size = new long[shape.length];
        Arrays.fill(size, 1);
        start[0] = i;
        start[1] = j;
        start[2] = k;
        size[3] = shape[3];
        return readRegion(start, size);
    }

    /**
     * The scaled values of the box {@code start[a] .. start[a] + size[a]} along every axis, in file order (first
     * axis fastest). Each run along the first axis is one read.
     *
     * @throws IndexOutOfBoundsException when the box leaves the image
     * @throws IllegalArgumentException when the box has more values than one array can hold
     */
    public double[] readRegion(long[] start, long[] size) {
        if (start.length != shape.length || size.length != shape.length) {
            throw new IllegalArgumentException("image has " + shape.length + " axes; start and size need as many");
        }
        long total = 1;
        for (int a = 0; a < shape.length; a++) {
            Objects.checkFromIndexSize(start[a], size[a], shape[a]);
            total = Math.multiplyExact(total, size[a]);
        }
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("region of " + total + " voxels is too large for one array");
        }
        double[] out = new double[(int) total];
        if (total == 0) {
            return out;
        }
        int run = (int) size[0];
        long[] at = new long[shape.length];
        for (int done = 0; done < total; done += run) {
            long linear = 0;
            for (int a = shape.length - 1; a >= 0; a--) {
                linear = linear * shape[a] + start[a] + at[a];
            }
            read(linear, out, done, run);
            // Advance the index of axes 1.. like an odometer.
            for (int a = 1; a < shape.length; a++) {
                if (++at[a] < size[a]) {
                    break;
                }
                at[a] = 0;
            }
        }
        return out;
    }

    /** How often the compressed data were decompressed: 0 before the first read, then 1. */
    int decompressions() {
        return data.decompressions();
    }

    /** The temporary file holding the decompressed data, or null. */
    Path temporaryFile() {
        return data.temporaryFile();
    }

    /** Closes the data file and deletes the temporary copy, if any; closing twice is harmless. */
    @Override
    public void close() {
        data.close();
    }

    @Override
    public String toString() {
        return format() + " " + Arrays.toString(shape) + " " + header.datatype().numpyName() + " from " + source;
    }
}
