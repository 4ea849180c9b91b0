package org.neurofusion.modalities.fnirs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.io.Mat5Bounds;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * The montage of a NIRx recording from its {@code _probeInfo.mat} (written by NIRSite): which source–detector
 * pairs are channels ({@code probeInfo.probes.index_c}, in the order MNE lists channels) and where the optodes
 * sit ({@code coords_s3}, {@code coords_d3}: MNI coordinates in cm).
 *
 * <p>Positions are returned as MNE 1.3 stores them: metres, moved from fsaverage MRI (MNI) coordinates into
 * the head frame by the fsaverage head–MRI transform MNE ships, so distances agree with MNE's to float64
 * rounding (the transform, stored in float32, is not exactly rigid).
 */
final class NirxProbe {
    /** A probe file is a few kB; anything far larger is not one, and MFL would map and inflate all of it. */
    private static final long MAX_BYTES = 64L << 20;
    /** What the probe's compressed variables may inflate to in all: NIRSite's inflate to about 10 kB. */
    private static final long MAX_INFLATED_BYTES = 4L << 20;

    /**
     * MNE's {@code mne/data/fsaverage/fsaverage-trans.fif}: head → MRI, rotation rows then translation (m), as
     * the float32 values stored there. MNE inverts it in float64 to go from MRI to head; so do we.
     */
    private static final float[] HEAD_TO_MRI = {
        0.9999938011169434f, -0.003557611256837845f, -5.701684813175234e-07f,
        0.0035518724471330643f, 0.9983890652656555f, -0.05662653595209122f,
        0.0002020396786974743f, 0.056625932455062866f, 0.9983953833580017f,
        0.0018733639735728502f, -0.028795761987566948f, -0.04129410162568092f,
    };
    private static final double[][] MRI_TO_HEAD = invert(HEAD_TO_MRI);

    /** Channel pairs, 1-based {source, detector}, in the probe's order. */
    final List<int[]> pairs;
    /** Source and detector positions in metres, head frame; index 0 is optode 1. */
    final List<SensorPosition> sources;
    final List<SensorPosition> detectors;

    private NirxProbe(List<int[]> pairs, List<SensorPosition> sources, List<SensorPosition> detectors) {
        this.pairs = pairs;
        this.sources = sources;
        this.detectors = detectors;
    }

    static NirxProbe read(Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
        if (size > MAX_BYTES) {
            throw new CorruptRecordingException(file, -1, "is " + size + " bytes; a NIRx probe file is a few kB");
        }
        // MFL reserves what the file's tags claim before reading it: check every size against the file first.
        Mat5Bounds.check(file, MAX_INFLATED_BYTES);
        // MFL maps the file: every value must be copied out before the file is closed.
        try (Mat5File mat = Mat5.readFromFile(file.toFile())) {
            Struct probes = struct(file, mat.getArray("probeInfo"), "probeInfo");
            probes = struct(file, field(file, probes, "probes", "probeInfo"), "probeInfo.probes");
            Matrix index = matrix(file, probes, "index_c", 2);
            Matrix s3 = matrix(file, probes, "coords_s3", 3);
            Matrix d3 = matrix(file, probes, "coords_d3", 3);
            List<SensorPosition> sources = positions(file, s3, "coords_s3");
            List<SensorPosition> detectors = positions(file, d3, "coords_d3");
            List<int[]> pairs = new ArrayList<>();
            Set<Long> seen = new HashSet<>();
            for (int i = 0; i < index.getNumRows(); i++) {
                int s = optode(file, index.getDouble(i, 0), i, "source", sources.size());
                int d = optode(file, index.getDouble(i, 1), i, "detector", detectors.size());
                if (!seen.add(((long) s << 32) | d)) {
                    throw new CorruptRecordingException(file, -1, "probeInfo.probes.index_c row " + (i + 1)
                            + " repeats the pair S" + s + "_D" + d);
                }
                pairs.add(new int[] {s, d});
            }
            return new NirxProbe(List.copyOf(pairs), sources, detectors);
        } catch (RecordingException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // MFL reports damage as whatever it trips over (buffer underflow, bad tag, class cast, ...).
            throw new CorruptRecordingException(file, -1, "not a readable MATLAB 5 probe file: " + e, e);
        }
    }

    private static Array field(Path file, Struct s, String name, String where) {
        if (!s.getFieldNames().contains(name)) {
            throw new CorruptRecordingException(file, -1, "missing field " + where + "." + name + " (has "
                    + s.getFieldNames() + ")");
        }
        return s.get(name);
    }

    private static Struct struct(Path file, Array a, String where) {
        if (!(a instanceof Struct s) || s.getNumElements() < 1) {
            throw new CorruptRecordingException(file, -1, where + " is not a struct (found "
                    + (a == null ? "nothing" : a.getType()) + ")");
        }
        return s;
    }

    private static Matrix matrix(Path file, Struct probes, String name, int cols) {
        Array a = field(file, probes, name, "probeInfo.probes");
        if (!(a instanceof Matrix m) || a.getNumDimensions() != 2 || a.getNumCols() != cols) {
            throw new CorruptRecordingException(file, -1, "probeInfo.probes." + name + " must be an N×" + cols
                    + " numeric matrix, found " + a.getType() + " " + java.util.Arrays.toString(a.getDimensions()));
        }
        return m;
    }

    private static List<SensorPosition> positions(Path file, Matrix m, String name) {
        List<SensorPosition> out = new ArrayList<>(m.getNumRows());
        double[][] r = MRI_TO_HEAD;
        for (int i = 0; i < m.getNumRows(); i++) {
            double x = m.getDouble(i, 0) / 100;
            double y = m.getDouble(i, 1) / 100;
            double z = m.getDouble(i, 2) / 100;
            if (!Double.isFinite(x) || !Double.isFinite(y) || !Double.isFinite(z)) {
                throw new CorruptRecordingException(file, -1, "probeInfo.probes." + name + " row " + (i + 1)
                        + " is not a finite position");
            }
            out.add(new SensorPosition(r[0][0] * x + r[0][1] * y + r[0][2] * z + r[0][3],
                    r[1][0] * x + r[1][1] * y + r[1][2] * z + r[1][3],
                    r[2][0] * x + r[2][1] * y + r[2][2] * z + r[2][3]));
        }
        return List.copyOf(out);
    }

    private static int optode(Path file, double v, int row, String what, int count) {
        if (v != Math.rint(v) || v < 1 || v > count) {
            throw new CorruptRecordingException(file, -1, "probeInfo.probes.index_c row " + (row + 1) + ": " + what
                    + " " + v + " is not one of the " + count + " " + what + "s in the probe");
        }
        return (int) v;
    }

    /** The inverse of an affine [R | t] given as 12 floats, in float64: [R⁻¹ | −R⁻¹t]. */
    private static double[][] invert(float[] f) {
        double a = f[0], b = f[1], c = f[2], d = f[3], e = f[4], g = f[5], h = f[6], i = f[7], k = f[8];
        double det = a * (e * k - g * i) - b * (d * k - g * h) + c * (d * i - e * h);
        double[][] inv = {
            {(e * k - g * i) / det, (c * i - b * k) / det, (b * g - c * e) / det, 0},
            {(g * h - d * k) / det, (a * k - c * h) / det, (c * d - a * g) / det, 0},
            {(d * i - e * h) / det, (b * h - a * i) / det, (a * e - b * d) / det, 0},
        };
        for (int r = 0; r < 3; r++) {
            inv[r][3] = -(inv[r][0] * f[9] + inv[r][1] * f[10] + inv[r][2] * f[11]);
        }
        return inv;
    }
}
