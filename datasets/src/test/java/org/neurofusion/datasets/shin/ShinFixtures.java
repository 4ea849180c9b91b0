package org.neurofusion.datasets.shin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/**
 * Writes small datasets in the published Shin 2017 layout (MAT v5, BBCI structs), with values that tests can
 * predict: EEG sample t of channel c is {@code eeg(c, t)} µV, NIRS sample t of column c is {@code nirs(c, t)}.
 */
final class ShinFixtures {
    static final double EEG_FS = 200;
    static final double NIRS_FS = 10;
    static final int EEG_SAMPLES = 800; // 4 s
    static final int NIRS_SAMPLES = 40;
    static final List<String> EEG_CLAB = eegClab();
    static final List<String> NIRS_LABELS = List.of("AF7", "AFF5", "C3h", "C5h");
    /** Source and detector of each NIRS label. */
    static final int[][] SD = {{1, 1}, {1, 2}, {2, 2}, {2, 3}};
    /** Marker times in ms, shared by EEG and NIRS (multiples of the NIRS sample interval). */
    static final double[] MARKER_MS = {500, 1200, 2000, 3100};

    private ShinFixtures() {
    }

    static double eeg(int c, int t) {
        return 10 * c + 0.5 * t;
    }

    static double nirs(int c, int t) {
        return 1 + 0.01 * c + 0.001 * t;
    }

    private static List<String> eegClab() {
        List<String> l = new ArrayList<>();
        String[] names = {"AFp1", "AFp2", "AFF1h", "AFF2h", "AFF5h", "AFF6h", "F3", "F4", "F7", "F8", "FCC3h", "FCC4h",
            "FCC5h", "FCC6h", "T7", "T8", "Cz", "CCP3h", "CCP4h", "CCP5h", "CCP6h", "Pz", "P3", "P4", "P7", "P8",
            "PPO1h", "PPO2h", "POO1", "POO2"};
        l.addAll(List.of(names));
        l.add("VEOG");
        l.add("HEOG");
        return List.copyOf(l);
    }

    /** Class names of a 1-based session, as the tests expect them to be described. */
    static String[] classNames(int session) {
        return session % 2 == 1 ? new String[] {"left", "right"} : new String[] {"MA", "baseline"};
    }

    /**
     * Writes subject {@code nn}; with {@code structArrays} the six sessions are 1×6 struct arrays, else 1×6
     * cells (as published).
     */
    static void write2017(Path root, String nn, boolean structArrays) throws IOException {
        Path eeg = Files.createDirectories(root.resolve("EEG/subject " + nn + "/with occular artifact"));
        Path nirs = Files.createDirectories(root.resolve("NIRS/subject " + nn));
        List<Struct> eegCnt = new ArrayList<>();
        List<Struct> nirsCnt = new ArrayList<>();
        List<Struct> mrk = new ArrayList<>();
        List<Struct> nirsMrk = new ArrayList<>();
        for (int s = 1; s <= 6; s++) {
            eegCnt.add(eegCnt(EEG_CLAB.size()));
            nirsCnt.add(nirsCnt());
            mrk.add(mrk(classNames(s)));
            nirsMrk.add(mrk(classNames(s)));
        }
        save(eeg.resolve("cnt.mat"), "cnt", sessions(eegCnt, structArrays));
        save(eeg.resolve("mrk.mat"), "mrk", sessions(mrk, structArrays));
        save(eeg.resolve("mnt.mat"), "mnt", eegMnt());
        save(nirs.resolve("cnt.mat"), "cnt", sessions(nirsCnt, structArrays));
        save(nirs.resolve("mrk.mat"), "mrk", sessions(nirsMrk, structArrays));
        save(nirs.resolve("mnt.mat"), "mnt", nirsMnt());
    }

    static Struct eegCnt(int columns) {
        Matrix x = Mat5.newMatrix(EEG_SAMPLES, columns);
        for (int c = 0; c < columns; c++) {
            for (int t = 0; t < EEG_SAMPLES; t++) {
                x.setDouble(t, c, eeg(c, t));
            }
        }
        return Mat5.newStruct().set("clab", cellstr(EEG_CLAB)).set("fs", Mat5.newScalar(EEG_FS)).set("x", x)
                .set("title", Mat5.newString("fixture"));
    }

    static Struct nirsCnt() {
        List<String> clab = new ArrayList<>();
        NIRS_LABELS.forEach(l -> clab.add(l + "lowWL"));
        NIRS_LABELS.forEach(l -> clab.add(l + "highWL"));
        Matrix x = Mat5.newMatrix(NIRS_SAMPLES, clab.size());
        for (int c = 0; c < clab.size(); c++) {
            for (int t = 0; t < NIRS_SAMPLES; t++) {
                x.setDouble(t, c, nirs(c, t));
            }
        }
        return Mat5.newStruct().set("clab", cellstr(clab)).set("fs", Mat5.newScalar(NIRS_FS)).set("x", x)
                .set("wavelengths", row(760, 850));
    }

    static Struct mrk(String[] classes) {
        Matrix y = Mat5.newMatrix(2, MARKER_MS.length);
        Matrix desc = Mat5.newMatrix(MARKER_MS.length, 1);
        for (int e = 0; e < MARKER_MS.length; e++) {
            y.setDouble(e % 2, e, 1);
            desc.setDouble(e, 0, e % 2 == 0 ? 16 : 32);
        }
        return Mat5.newStruct().set("time", row(MARKER_MS)).set("y", y).set("className", cellstr(List.of(classes)))
                .set("event", Mat5.newStruct().set("desc", desc));
    }

    static Struct eegMnt() {
        Matrix pos = Mat5.newMatrix(3, EEG_CLAB.size());
        for (int c = 0; c < EEG_CLAB.size(); c++) {
            boolean eog = EEG_CLAB.get(c).endsWith("EOG");
            pos.setDouble(0, c, eog ? Double.NaN : Math.cos(c));
            pos.setDouble(1, c, eog ? Double.NaN : Math.sin(c));
            pos.setDouble(2, c, eog ? Double.NaN : 0);
        }
        return Mat5.newStruct().set("clab", cellstr(EEG_CLAB)).set("pos_3d", pos);
    }

    static Struct nirsMnt() {
        Matrix sd = Mat5.newMatrix(SD.length, 2);
        for (int i = 0; i < SD.length; i++) {
            sd.setDouble(i, 0, SD[i][0]);
            sd.setDouble(i, 1, SD[i][1]);
        }
        return Mat5.newStruct().set("clab", cellstr(NIRS_LABELS)).set("sd", sd)
                .set("source", Mat5.newStruct().set("pos_3d", optodes(2, 0)))
                .set("detector", Mat5.newStruct().set("pos_3d", optodes(3, 0.1)));
    }

    /** Optode k (1-based) at (k/10 + shift, 0, 1) on the unit sphere's scale. */
    static Matrix optodes(int n, double shift) {
        Matrix m = Mat5.newMatrix(3, n);
        for (int k = 0; k < n; k++) {
            m.setDouble(0, k, (k + 1) / 10.0 + shift);
            m.setDouble(2, k, 1);
        }
        return m;
    }

    static Array sessions(List<Struct> s, boolean structArray) {
        if (structArray) {
            Struct a = Mat5.newStruct(1, s.size());
            for (int i = 0; i < s.size(); i++) {
                for (String f : s.get(i).getFieldNames()) {
                    a.set(f, i, s.get(i).get(f));
                }
            }
            return a;
        }
        Cell c = Mat5.newCell(1, s.size());
        for (int i = 0; i < s.size(); i++) {
            c.set(i, s.get(i));
        }
        return c;
    }

    static Cell cellstr(List<String> names) {
        Cell c = Mat5.newCell(1, names.size());
        for (int i = 0; i < names.size(); i++) {
            c.set(i, Mat5.newString(names.get(i)));
        }
        return c;
    }

    static Matrix row(double... v) {
        Matrix m = Mat5.newMatrix(1, v.length);
        for (int i = 0; i < v.length; i++) {
            m.setDouble(0, i, v[i]);
        }
        return m;
    }

    static void save(Path file, String name, Array value) throws IOException {
        Mat5.writeToFile(Mat5.newMatFile().addArray(name, value), file.toFile());
    }
}
