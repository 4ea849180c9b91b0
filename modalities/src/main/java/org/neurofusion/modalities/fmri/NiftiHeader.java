package org.neurofusion.modalities.fmri;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Every field of a NIfTI-1 or NIfTI-2 header that carries meaning, with the header extensions, as read from a file
 * or as a writer is to write it. Arrays are kept as in the file: {@code dim[0..7]}, {@code pixdim[0..7]}, the
 * quaternion {@code (b, c, d)}, its offset {@code (x, y, z)} and the three {@code srow} rows (12 values, row by row).
 * Text fields are Latin-1, cut at the first NUL as nibabel cuts them. Floating-point fields are held as double; in
 * NIfTI-1 they are float32 and convert exactly.
 *
 * <p>The derived values follow nibabel 5: {@link #zooms()} is {@code pixdim[1..ndim]}, {@link #slope()} is empty
 * when {@code scl_slope} is 0 or not finite, {@link #affine()} is {@code img.affine}.
 */
public record NiftiHeader(int version, ByteOrder byteOrder, NiftiDataType datatype, List<Long> dim,
        List<Double> pixdim, long voxOffset, double sclSlope, double sclInter, double calMin, double calMax,
        int qformCode, int sformCode, List<Double> quatern, List<Double> qoffset, List<Double> srow,
        int xyztUnits, int intentCode, List<Double> intentParams, String intentName, int dimInfo, int sliceCode,
        long sliceStart, long sliceEnd, double sliceDuration, double toffset, String descrip, String auxFile,
        List<NiftiExtension> extensions) {

    /** xyzt_units codes and their names, as nibabel names them. */
    private static final Map<Integer, String> UNITS = Map.of(0, "unknown", 1, "meter", 2, "mm", 3, "micron", 8, "sec",
            16, "msec", 24, "usec", 32, "hz", 40, "ppm", 48, "rads");

    public NiftiHeader {
        if (version != 1 && version != 2) {
            throw new IllegalArgumentException("NIfTI version must be 1 or 2, got " + version);
        }
        Objects.requireNonNull(byteOrder, "byteOrder");
        Objects.requireNonNull(datatype, "datatype");
        dim = sized(dim, 8, "dim");
        pixdim = sized(pixdim, 8, "pixdim");
        quatern = sized(quatern, 3, "quatern");
        qoffset = sized(qoffset, 3, "qoffset");
        srow = sized(srow, 12, "srow");
        intentParams = sized(intentParams, 3, "intentParams");
        extensions = List.copyOf(extensions);
        long n = dim.get(0);
        if (n < 1 || n > 7) {
            throw new IllegalArgumentException("dim[0] must be 1..7, got " + n);
        }
        long voxels = 1;
        for (int i = 1; i <= n; i++) {
            if (dim.get(i) < 0) {
                throw new IllegalArgumentException("dim[" + i + "] is negative: " + dim.get(i));
            }
            voxels = Math.multiplyExact(voxels, dim.get(i));
        }
        Math.multiplyExact(voxels, (long) datatype.bytes());
        if (voxOffset < 0) {
            throw new IllegalArgumentException("negative vox_offset " + voxOffset);
        }
        checkText(descrip, 80, "descrip");
        checkText(auxFile, 24, "aux_file");
        checkText(intentName, 16, "intent_name");
    }

    private static <T> List<T> sized(List<T> values, int size, String name) {
        if (values.size() != size) {
            throw new IllegalArgumentException(name + " needs " + size + " values, got " + values.size());
        }
        return List.copyOf(values);
    }

    private static void checkText(String s, int max, String name) {
        Objects.requireNonNull(s, name);
        if (!StandardCharsets.ISO_8859_1.newEncoder().canEncode(s) || s.length() > max || s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(name + " must be at most " + max + " Latin-1 characters without NUL: '"
                    + s + "'");
        }
    }

    /** "NIfTI-1" or "NIfTI-2". */
    public String formatName() {
        return "NIfTI-" + version;
    }

    /** Number of dimensions, {@code dim[0]}. */
    public int ndim() {
        return (int) (long) dim.get(0);
    }

    /** The image's shape, {@code dim[1..ndim]}, first axis fastest in the file. */
    public long[] shape() {
        long[] s = new long[ndim()];
        for (int i = 0; i < s.length; i++) {
            s[i] = dim.get(i + 1);
        }
        return s;
    }

    /** Voxel sizes and, from the fourth axis on, steps: {@code pixdim[1..ndim]} in the header's units. */
    public double[] zooms() {
        double[] z = new double[ndim()];
        for (int i = 0; i < z.length; i++) {
            z[i] = pixdim.get(i + 1);
        }
        return z;
    }

    /** Number of voxels (the product of the shape). */
    public long voxelCount() {
        long v = 1;
        for (long s : shape()) {
            v *= s;
        }
        return v;
    }

    /** Bytes of voxel data. */
    public long dataBytes() {
        return voxelCount() * datatype.bytes();
    }

    /** The scale factor, or empty when the data are unscaled ({@code scl_slope} 0 or not finite). */
    public OptionalDouble slope() {
        return sclSlope == 0 || !Double.isFinite(sclSlope) ? OptionalDouble.empty() : OptionalDouble.of(sclSlope);
    }

    /** The intercept, or empty when the data are unscaled. */
    public OptionalDouble intercept() {
        return slope().isPresent() ? OptionalDouble.of(sclInter) : OptionalDouble.empty();
    }

    /** The spatial unit's name ({@code mm}, {@code meter}, {@code micron}, {@code unknown}). */
    public String spatialUnit() {
        return UNITS.getOrDefault(xyztUnits % 8, "unknown");
    }

    /** The temporal unit's name ({@code sec}, {@code msec}, {@code usec}, {@code hz}, ..., {@code unknown}). */
    public String timeUnit() {
        return UNITS.getOrDefault(xyztUnits - xyztUnits % 8, "unknown");
    }

    /**
     * The time between volumes in seconds: {@code pixdim[4]} in the header's time unit (seconds when the unit is
     * unknown); empty for images with fewer than four axes or a fourth axis that is not time (Hz, ppm, rad/s).
     */
    public OptionalDouble repetitionTimeSeconds() {
        if (ndim() < 4) {
            return OptionalDouble.empty();
        }
        double factor = switch (timeUnit()) {
            case "sec", "unknown" -> 1;
            case "msec" -> 1e-3;
            case "usec" -> 1e-6;
            default -> Double.NaN;
        };
        return Double.isNaN(factor) ? OptionalDouble.empty() : OptionalDouble.of(pixdim.get(4) * factor);
    }

    /** The voxel-to-world affine (4 × 4, millimetres as the file has them) that nibabel's {@code img.affine} gives. */
    public double[][] affine() {
        return NiftiAffine.best(this);
    }

    /** A builder holding every field of this header. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder for a new NIfTI-1 little-endian header; {@code setDatatype} and {@code setShape} are required. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** Builds headers; defaults are those nibabel gives a new image (zooms 1, no scaling, no orientation codes). */
    public static final class Builder {
        private int version = 1;
        private ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        private NiftiDataType datatype;
        private final long[] dim = {0, 1, 1, 1, 1, 1, 1, 1};
        private final double[] pixdim = {1, 1, 1, 1, 1, 1, 1, 1};
        private long voxOffset;
        private double slope = Double.NaN;
        private double inter = Double.NaN;
        private double calMin;
        private double calMax;
        private int qformCode;
        private int sformCode;
        private final double[] quatern = new double[3];
        private final double[] qoffset = new double[3];
        private final double[] srow = new double[12];
        private int xyztUnits;
        private int intentCode;
        private final double[] intentParams = new double[3];
        private String intentName = "";
        private int dimInfo;
        private int sliceCode;
        private long sliceStart;
        private long sliceEnd;
        private double sliceDuration;
        private double toffset;
        private String descrip = "";
        private String auxFile = "";
        private final List<NiftiExtension> extensions = new ArrayList<>();

        private Builder(NiftiHeader h) {
            if (h == null) {
                return;
            }
            version = h.version;
            order = h.byteOrder;
            datatype = h.datatype;
            for (int i = 0; i < 8; i++) {
                dim[i] = h.dim.get(i);
                pixdim[i] = h.pixdim.get(i);
            }
            voxOffset = h.voxOffset;
            slope = h.sclSlope;
            inter = h.sclInter;
            calMin = h.calMin;
            calMax = h.calMax;
            qformCode = h.qformCode;
            sformCode = h.sformCode;
            for (int i = 0; i < 3; i++) {
                quatern[i] = h.quatern.get(i);
                qoffset[i] = h.qoffset.get(i);
                intentParams[i] = h.intentParams.get(i);
            }
            for (int i = 0; i < 12; i++) {
                srow[i] = h.srow.get(i);
            }
            xyztUnits = h.xyztUnits;
            intentCode = h.intentCode;
            intentName = h.intentName;
            dimInfo = h.dimInfo;
            sliceCode = h.sliceCode;
            sliceStart = h.sliceStart;
            sliceEnd = h.sliceEnd;
            sliceDuration = h.sliceDuration;
            toffset = h.toffset;
            descrip = h.descrip;
            auxFile = h.auxFile;
            extensions.addAll(h.extensions);
        }

        public Builder setDatatype(NiftiDataType t) {
            datatype = Objects.requireNonNull(t, "datatype");
            return this;
        }

        /** The shape (1 to 7 axes); the unused {@code dim} entries become 1, as nibabel writes them. */
        public Builder setShape(long... shape) {
            if (shape.length < 1 || shape.length > 7) {
                throw new IllegalArgumentException("a NIfTI image has 1 to 7 axes, got " + shape.length);
            }
            java.util.Arrays.fill(dim, 1);
            dim[0] = shape.length;
            System.arraycopy(shape, 0, dim, 1, shape.length);
            return this;
        }

        /** 1 (default) or 2. */
        public Builder optVersion(int v) {
            version = v;
            return this;
        }

        public Builder optByteOrder(ByteOrder o) {
            order = Objects.requireNonNull(o, "byteOrder");
            return this;
        }

        /** {@code pixdim[1..]}: voxel sizes, then the time step and the steps of further axes. */
        public Builder optZooms(double... zooms) {
            if (zooms.length > 7) {
                throw new IllegalArgumentException("at most 7 zooms, got " + zooms.length);
            }
            System.arraycopy(zooms, 0, pixdim, 1, zooms.length);
            return this;
        }

        /** {@code pixdim[0]}: the qform's handedness, 1 or -1. */
        public Builder optQfac(double qfac) {
            pixdim[0] = qfac;
            return this;
        }

        /** Only a file reader needs this; writers place the data themselves. */
        Builder optVoxOffset(long offset) {
            voxOffset = offset;
            return this;
        }

        /** {@code scl_slope} and {@code scl_inter}; a slope of 0 or NaN means unscaled. */
        public Builder optScaling(double sclSlope, double sclInter) {
            slope = sclSlope;
            inter = sclInter;
            return this;
        }

        public Builder optCalibration(double min, double max) {
            calMin = min;
            calMax = max;
            return this;
        }

        /** The qform: its code, the quaternion's {@code b, c, d} and the offset (mm). */
        public Builder optQform(int code, double b, double c, double d, double x, double y, double z) {
            qformCode = code;
            quatern[0] = b;
            quatern[1] = c;
            quatern[2] = d;
            qoffset[0] = x;
            qoffset[1] = y;
            qoffset[2] = z;
            return this;
        }

        /** The sform: its code and the first three rows of the affine (3 × 4 or 4 × 4). */
        public Builder optSform(int code, double[][] affine) {
            if (affine.length < 3) {
                throw new IllegalArgumentException("an sform needs 3 rows of 4 values");
            }
            sformCode = code;
            for (int r = 0; r < 3; r++) {
                if (affine[r].length != 4) {
                    throw new IllegalArgumentException("sform row " + r + " needs 4 values, got " + affine[r].length);
                }
                System.arraycopy(affine[r], 0, srow, 4 * r, 4);
            }
            return this;
        }

        /** The qform and sform codes alone. */
        public Builder optCodes(int qform, int sform) {
            qformCode = qform;
            sformCode = sform;
            return this;
        }

        /** The raw {@code xyzt_units} (spatial code + time code, e.g. 2 + 8 for mm and seconds). */
        public Builder optXyztUnits(int code) {
            xyztUnits = code;
            return this;
        }

        public Builder optIntent(int code, double p1, double p2, double p3, String name) {
            intentCode = code;
            intentParams[0] = p1;
            intentParams[1] = p2;
            intentParams[2] = p3;
            intentName = name;
            return this;
        }

        /** {@code dim_info}, {@code slice_code}, {@code slice_start}, {@code slice_end}, {@code slice_duration}. */
        public Builder optSliceTiming(int info, int code, long start, long end, double duration) {
            dimInfo = info;
            sliceCode = code;
            sliceStart = start;
            sliceEnd = end;
            sliceDuration = duration;
            return this;
        }

        public Builder optToffset(double t) {
            toffset = t;
            return this;
        }

        public Builder optDescrip(String d) {
            descrip = Objects.requireNonNull(d);
            return this;
        }

        public Builder optAuxFile(String a) {
            auxFile = Objects.requireNonNull(a);
            return this;
        }

        /** Replaces the extensions. */
        public Builder optExtensions(List<NiftiExtension> ext) {
            extensions.clear();
            extensions.addAll(ext);
            return this;
        }

        /**
         * @throws IllegalArgumentException when the datatype or shape is missing or a field is out of range
         */
        public NiftiHeader build() {
            if (datatype == null || dim[0] == 0) {
                throw new IllegalArgumentException("a NIfTI header needs a datatype and a shape");
            }
            return new NiftiHeader(version, order, datatype, boxed(dim), boxed(pixdim), voxOffset, slope, inter,
                    calMin, calMax, qformCode, sformCode, boxed(quatern), boxed(qoffset), boxed(srow), xyztUnits,
                    intentCode, boxed(intentParams), intentName, dimInfo, sliceCode, sliceStart, sliceEnd,
                    sliceDuration, toffset, descrip, auxFile, extensions);
        }

        private static List<Long> boxed(long[] a) {
            return java.util.Arrays.stream(a).boxed().toList();
        }

        private static List<Double> boxed(double[] a) {
            return java.util.Arrays.stream(a).boxed().toList();
        }
    }
}
