package org.neurofusion.datasets.shin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.PairedRecording;

/** The 2018 layout, written as MATLAB v7.3 (HDF5) files. */
class Shin2018Test {
    private static final List<String> EEG = List.of("Fp1", "AFF5h", "Cz", "HEOG", "VEOG");
    private static final List<String> NIRS = List.of("AF7", "C3h", "C4h");
    private static final List<String> CLASSES = List.of("0-back session", "2-back session", "3-back session");
    private static final double[] MARKER_MS = {1000, 2500, 4000};
    private static final double NIRS_OFFSET_MS = 700; // NIRS recording started 0.7 s after the EEG

    @TempDir
    Path root;

    @Test
    void loadsV73SubjectWithHbInMolPerLitre() throws IOException {
        writeSubject(1);
        Shin2018 ds = Shin2018.open(root);
        assertEquals(List.of("01"), ds.subjects());
        try (PairedRecording p = ds.load("1", "nback")) {
            assertEquals("01", p.key().subject());
            assertEquals("nback", p.key().task());
            Recording eeg = p.recording(Modality.EEG);
            assertTrue(eeg.format().contains("7.3"), eeg.format());
            List<Channel> ec = eeg.channels();
            assertEquals(EEG, ec.stream().map(Channel::name).toList());
            assertEquals(ChannelType.EOG, ec.get(3).type());
            assertEquals(ChannelType.EEG, ec.get(2).type());
            assertEquals(2e-6, eeg.readAll(2)[0], 1e-15);
            assertEquals((2 + 0.25 * 77) * 1e-6, eeg.readAll(2)[77], 1e-15);
            assertTrue(ec.get(0).position().isPresent());
            assertFalse(ec.get(4).position().isPresent());

            Recording nirs = p.recording(Modality.FNIRS);
            List<Channel> nc = nirs.channels();
            assertEquals(List.of("AF7 hbo", "C3h hbo", "C4h hbo", "AF7 hbr", "C3h hbr", "C4h hbr"),
                    nc.stream().map(Channel::name).toList());
            assertEquals(ChannelType.HBR, nc.get(4).type());
            assertEquals("mol/L", nc.get(4).unit());
            // 0.002 mmol/l is 2 µmol/l.
            assertEquals(0.002 * 1e-3, nirs.readAll(0)[5], 1e-18);
            assertEquals(-0.001 * 1e-3, nirs.readAll(4)[5], 1e-18);
            assertEquals(0.095, nc.get(1).position().orElseThrow().z(), 1e-12);

            List<Annotation> ev = p.events();
            assertEquals(CLASSES, ev.stream().map(Annotation::description).toList());
            assertEquals(1.0 - 0.005, ev.get(0).onset(), 1e-12);
            // The NIRS clock is fitted from the shared markers: its 0.7 s late start is undone.
            Annotation n0 = nirs.annotations().get(0);
            assertEquals(ev.get(0).onset(), p.clocks().get(Modality.FNIRS).toReference(n0.onset()), 1e-6);
        }
    }

    @Test
    void missingTaskFileNamesIt() throws IOException {
        writeSubject(1);
        RecordingException e = assertThrows(RecordingException.class, () -> Shin2018.load(root, "01", "wg"));
        assertTrue(e.getMessage().contains("cnt_wg.mat") || e.getMessage().contains("mnt_wg.mat"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Shin2018.load(root, "01", "rest"));
    }

    @Test
    void wrongStructureInV73NamesPath() throws IOException {
        writeSubject(1);
        Path nirs = root.resolve("NIRS/VP001-NIRS/cnt_nback.mat");
        Mat73Fixtures.write(nirs, f -> {
            WritableGroup cnt = Mat73Fixtures.struct(f, "cnt_nback");
            WritableGroup oxy = Mat73Fixtures.struct(cnt, "oxy");
            Mat73Fixtures.names(oxy, "clab", NIRS);
            Mat73Fixtures.scalar(oxy, "fs", 10);
            Mat73Fixtures.matrix(oxy, "x", new double[2][50]);
            WritableGroup deoxy = Mat73Fixtures.struct(cnt, "deoxy");
            Mat73Fixtures.names(deoxy, "clab", NIRS);
            Mat73Fixtures.scalar(deoxy, "fs", 10);
            Mat73Fixtures.matrix(deoxy, "x", new double[3][50]);
        });
        RecordingException e = assertThrows(RecordingException.class, () -> Shin2018.load(root, "01", "nback"));
        assertTrue(e.getMessage().startsWith(nirs.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("cnt_nback.oxy.x: expected numeric N×3"), e.getMessage());
        assertTrue(e.getMessage().contains("found double 50×2"), e.getMessage());
    }

    private void writeSubject(int vp) throws IOException {
        Path eeg = Files.createDirectories(root.resolve(String.format("EEG/VP%03d-EEG", vp)));
        Path nirs = Files.createDirectories(root.resolve(String.format("NIRS/VP%03d-NIRS", vp)));
        Mat73Fixtures.write(eeg.resolve("cnt_nback.mat"), f -> {
            WritableGroup cnt = Mat73Fixtures.struct(f, "cnt_nback");
            Mat73Fixtures.names(cnt, "clab", EEG);
            Mat73Fixtures.scalar(cnt, "fs", 200);
            double[][] x = new double[EEG.size()][1000];
            for (int c = 0; c < x.length; c++) {
                for (int t = 0; t < 1000; t++) {
                    x[c][t] = c + 0.25 * t;
                }
            }
            Mat73Fixtures.matrix(cnt, "x", x);
            Mat73Fixtures.string(cnt, "title", "VP001 nback");
        });
        Mat73Fixtures.write(eeg.resolve("mrk_nback.mat"), f -> markers(f, 0));
        Mat73Fixtures.write(eeg.resolve("mnt_nback.mat"), f -> montage(f, EEG, 3));
        Mat73Fixtures.write(nirs.resolve("cnt_nback.mat"), f -> {
            WritableGroup cnt = Mat73Fixtures.struct(f, "cnt_nback");
            for (String hb : new String[] {"oxy", "deoxy"}) {
                WritableGroup g = Mat73Fixtures.struct(cnt, hb);
                Mat73Fixtures.names(g, "clab", NIRS);
                Mat73Fixtures.scalar(g, "fs", 10);
                double[][] x = new double[NIRS.size()][50];
                for (double[] col : x) {
                    java.util.Arrays.fill(col, hb.equals("oxy") ? 0.002 : -0.001);
                }
                Mat73Fixtures.matrix(g, "x", x);
                Mat73Fixtures.string(g, "yUnit", "mmol/l");
            }
        });
        Mat73Fixtures.write(nirs.resolve("mrk_nback.mat"), f -> markers(f, NIRS_OFFSET_MS));
        Mat73Fixtures.write(nirs.resolve("mnt_nback.mat"), f -> montage(f, NIRS, NIRS.size()));
    }

    private static void markers(io.jhdf.WritableHdfFile f, double startedLateMs) {
        WritableGroup mrk = Mat73Fixtures.struct(f, "mrk_nback");
        double[][] time = new double[MARKER_MS.length][1];
        double[][] y = new double[MARKER_MS.length][CLASSES.size()];
        for (int e = 0; e < MARKER_MS.length; e++) {
            time[e][0] = MARKER_MS[e] - startedLateMs;
            y[e][e] = 1;
        }
        Mat73Fixtures.matrix(mrk, "time", time);
        Mat73Fixtures.matrix(mrk, "y", y);
        Mat73Fixtures.names(mrk, "className", new ArrayList<>(CLASSES));
    }

    /** Positions (0, 0, 1) on the unit sphere for the first {@code placed} labels, NaN for the rest. */
    private static void montage(io.jhdf.WritableHdfFile f, List<String> clab, int placed) {
        WritableGroup mnt = Mat73Fixtures.struct(f, "mnt_nback");
        Mat73Fixtures.names(mnt, "clab", clab);
        double[][] pos = new double[clab.size()][3];
        for (int c = 0; c < clab.size(); c++) {
            pos[c] = c < placed ? new double[] {0, 0, 1} : new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        Mat73Fixtures.matrix(mnt, "pos_3d", pos);
    }
}
