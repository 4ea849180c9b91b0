package org.neurofusion.modalities.fmri;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.ProcessingStep;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SensorPosition;

/**
 * Parcel-mean time series of a 4-D BOLD image under a 3-D integer label image (an atlas): one {@link ChannelType#BOLD}
 * channel per non-zero label, at 1 / TR Hz, positioned at the parcel's centroid in world coordinates (metres), so
 * that fMRI parcels enter the montage-agnostic encoders like any other sensor.
 *
 * <p>When the label image has the BOLD image's grid (same first three axes, affines equal within 1e-4 mm) its voxels
 * are used as they are; otherwise each BOLD voxel takes the label of the nearest label voxel through the two
 * affines (label voxel = round(inverse(label affine) · BOLD affine · BOLD voxel); outside the label image: none).
 * A parcel's value at time t is the mean of its voxels that are not NaN (NaN when all are); its centroid is the mean
 * of its BOLD voxel indices through the BOLD affine. The BOLD image is read once, a chunk at a time; memory holds one
 * int per label voxel and per BOLD voxel of one volume, and the result.
 */
public final class Parcellation {
    private static final double SAME_GRID_TOLERANCE_MM = 1e-4;
    private static final int CHUNK = 1 << 16;

    private Parcellation() {
    }

    /**
     * Computes the parcel means.
     *
     * @param names label names (from {@link LabelTable}); labels without a name are called {@code parcel-N}
     * @throws RecordingException naming the file when the BOLD image is not 4-D, has no usable TR, the label image
     *     holds a value that is not an integer, or a volume is too large for this in-memory computation
     */
    public static InMemoryRecording parcelMeans(NiftiImage bold, NiftiImage labels, Map<Integer, String> names) {
        long[] bs = bold.shape();
        if (bs.length < 4 || trailing(bs, 4) != 1) {
            throw new RecordingException(bold.source(), -1, "shape " + java.util.Arrays.toString(bs)
                    + ": parcel means need a 4-D BOLD image (x, y, z, time)");
        }
        NiftiHeader bh = bold.header();
        double tr = bh.repetitionTimeSeconds().orElse(Double.NaN);
        if (!(tr > 0) || !Double.isFinite(tr)) {
            NiftiLayout l = NiftiLayout.of(bh.version());
            throw new RecordingException(bold.source(), l.pixdim + 4L * l.realWidth, "the time step pixdim[4] is "
                    + bh.pixdim().get(4) + " (" + bh.timeUnit() + "); parcel means need a positive TR");
        }
        int volume = checkedSize(bold, bs[0] * bs[1] * bs[2]);
        boolean resampled = !sameGrid(bold, labels);
        int[] label = labelsOnBoldGrid(bold, labels, resampled);

        // Parcels in increasing label order; parcelOf[v] is the parcel of BOLD voxel v, or -1.
        TreeMap<Integer, Integer> parcels = new TreeMap<>();
        for (int v : label) {
            if (v != 0) {
                parcels.putIfAbsent(v, 0);
            }
        }
        int p = 0;
        for (Map.Entry<Integer, Integer> e : parcels.entrySet()) {
            e.setValue(p++);
        }
        int n = parcels.size();
        int[] parcelOf = new int[volume];
        double[][] indexSums = new double[n][3];
        long[] voxels = new long[n];
        for (int v = 0; v < volume; v++) {
            int q = label[v] == 0 ? -1 : parcels.get(label[v]);
            parcelOf[v] = q;
            if (q >= 0) {
                indexSums[q][0] += v % bs[0];
                indexSums[q][1] += (v / bs[0]) % bs[1];
                indexSums[q][2] += v / (bs[0] * bs[1]);
                voxels[q]++;
            }
        }
        double[][] series = means(bold, parcelOf, n, volume, (int) Math.min(bs[3], Integer.MAX_VALUE));

        double toMetres = switch (bh.spatialUnit()) {
            case "meter" -> 1;
            case "micron" -> 1e-6;
            default -> 1e-3; // mm, and unknown: NIfTI world coordinates are millimetres by convention
        };
        double[][] affine = bold.affine();
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat(bold.format() + " parcel means")
                .optSource(bold.source()).optHeader("atlas", String.valueOf(labels.source()))
                .optHeader("atlas_resampled", resampled ? "nearest neighbour" : "no (same grid)")
                .optHeader("tr_s", Double.toString(tr))
                .optHistory(java.util.List.of(new ProcessingStep("parcel_means", Map.of("atlas",
                        String.valueOf(labels.source()), "resampling", resampled ? "nearest" : "none"))));
        for (Map.Entry<Integer, Integer> e : parcels.entrySet()) {
            int q = e.getValue();
            double[] w = NiftiAffine.apply(affine, indexSums[q][0] / voxels[q], indexSums[q][1] / voxels[q],
                    indexSums[q][2] / voxels[q]);
            String name = names.getOrDefault(e.getKey(), "parcel-" + e.getKey());
            Channel c = new Channel(name, ChannelType.BOLD, ChannelType.BOLD.defaultUnit(), 1 / tr, series[q].length,
                    Optional.of(new SensorPosition(w[0] * toMetres, w[1] * toMetres, w[2] * toMetres)),
                    Map.of("label", Integer.toString(e.getKey()), "voxels", Long.toString(voxels[q])));
            b.addOwnedChannel(c, series[q]);
        }
        return b.build();
    }

    /** Mean of each parcel's non-NaN voxels, volume by volume, reading the image once in chunks. */
    private static double[][] means(NiftiImage bold, int[] parcelOf, int n, int volume, int times) {
        double[][] out = new double[n][times];
        double[] sum = new double[n];
        int[] count = new int[n];
        double[] buf = new double[Math.min(CHUNK, volume)];
        for (int t = 0; t < times; t++) {
            java.util.Arrays.fill(sum, 0);
            java.util.Arrays.fill(count, 0);
            long base = (long) t * volume;
            for (int off = 0; off < volume; off += buf.length) {
                int m = Math.min(buf.length, volume - off);
                bold.read(base + off, buf, 0, m);
                for (int i = 0; i < m; i++) {
                    int q = parcelOf[off + i];
                    if (q >= 0 && !Double.isNaN(buf[i])) {
                        sum[q] += buf[i];
                        count[q]++;
                    }
                }
            }
            for (int q = 0; q < n; q++) {
                out[q][t] = count[q] == 0 ? Double.NaN : sum[q] / count[q];
            }
        }
        return out;
    }

    /** The label of every BOLD voxel of one volume, in file order. */
    private static int[] labelsOnBoldGrid(NiftiImage bold, NiftiImage labels, boolean resampled) {
        long[] ls = spatial(labels);
        int[] lab = readLabels(labels, checkedSize(labels, ls[0] * ls[1] * ls[2]));
        if (!resampled) {
            return lab;
        }
        long[] bs = bold.shape();
        double[][] m = multiply(NiftiAffine.invert(labels.affine()), bold.affine());
        int[] out = new int[(int) (bs[0] * bs[1] * bs[2])];
        int v = 0;
        for (long k = 0; k < bs[2]; k++) {
            for (long j = 0; j < bs[1]; j++) {
                for (long i = 0; i < bs[0]; i++, v++) {
                    double[] x = NiftiAffine.apply(m, i, j, k);
                    long li = Math.round(x[0]);
                    long lj = Math.round(x[1]);
                    long lk = Math.round(x[2]);
                    if (li >= 0 && lj >= 0 && lk >= 0 && li < ls[0] && lj < ls[1] && lk < ls[2]) {
                        out[v] = lab[(int) (li + ls[0] * (lj + ls[1] * lk))];
                    }
                }
            }
        }
        return out;
    }

    private static int[] readLabels(NiftiImage labels, int size) {
        int[] lab = new int[size];
        double[] buf = new double[Math.min(CHUNK, Math.max(size, 1))];
        for (int off = 0; off < size; off += buf.length) {
            int m = Math.min(buf.length, size - off);
            labels.read(off, buf, 0, m);
            for (int i = 0; i < m; i++) {
                double x = buf[i];
                if (x != Math.rint(x) || Math.abs(x) > Integer.MAX_VALUE) {
                    throw new RecordingException(labels.source(), -1, "voxel " + (off + i) + " holds " + x
                            + ": a label image must hold integers");
                }
                lab[off + i] = (int) x;
            }
        }
        return lab;
    }

    private static boolean sameGrid(NiftiImage bold, NiftiImage labels) {
        long[] bs = bold.shape();
        long[] ls = spatial(labels);
        if (bs[0] != ls[0] || bs[1] != ls[1] || bs[2] != ls[2]) {
            return false;
        }
        double[][] a = bold.affine();
        double[][] b = labels.affine();
        for (int r = 0; r < 3; r++) {
            for (int c = 0; c < 4; c++) {
                if (!(Math.abs(a[r][c] - b[r][c]) <= SAME_GRID_TOLERANCE_MM)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The label image's three spatial sizes (missing axes count as 1; further axes must be 1). */
    private static long[] spatial(NiftiImage labels) {
        long[] s = labels.shape();
        if (trailing(s, 3) != 1) {
            throw new RecordingException(labels.source(), -1, "shape " + java.util.Arrays.toString(s)
                    + ": a label image is 3-D (further axes of size 1 allowed)");
        }
        return new long[] {s[0], s.length > 1 ? s[1] : 1, s.length > 2 ? s[2] : 1};
    }

    /** The product of the sizes of axes {@code from..}. */
    private static long trailing(long[] shape, int from) {
        long p = 1;
        for (int a = from; a < shape.length; a++) {
            p *= shape[a];
        }
        return p;
    }

    private static int checkedSize(NiftiImage img, long voxels) {
        if (voxels > Integer.MAX_VALUE - 16) {
            throw new RecordingException(img.source(), -1, "a volume of " + voxels + " voxels is too large for parcel"
                    + " means");
        }
        return (int) voxels;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        double[][] c = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 4; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }
}
