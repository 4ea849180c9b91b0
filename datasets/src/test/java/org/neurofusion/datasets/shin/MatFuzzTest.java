package org.neurofusion.datasets.shin;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.modalities.FuzzRules;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.MatFile;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sink;
import us.hebi.matlab.mat.types.Sinks;
import us.hebi.matlab.mat.types.Struct;

/**
 * Fuzz targets for the MATLAB files of the Shin loaders ({@link MatFiles}, {@link Mat5Node} through MFL,
 * {@link Mat73Node} through jHDF) and the BBCI structs read from them ({@link Bbci}, {@link ShinNirs}). The input is
 * one {@code .mat} file holding the variables {@code cnt}, {@code mrk} and {@code mnt}; each is read on its own (a
 * refused variable does not stop the others) by every reader that takes it, cell and struct arrays element by
 * element, and the whole is read twice. Both targets run the same code; they differ in their seeds (MAT v5 from
 * MFL's writer; v7.3 from {@link Mat73Fixtures}), so that each corpus grows from its own format.
 */
class MatFuzzTest {
    /** Elements of a cell or struct array read at most (the published files hold six sessions). */
    private static final int MAX_ELEMENTS = 8;
    private static final ShinNirs.Montage NO_MONTAGE = new ShinNirs.Montage(List.of(), List.of(), Map.of());
    /**
     * {@link MatFiles#read} turns whatever MFL and jHDF throw into a typed error naming the file; a throw of our own
     * code (a cast, an index) wrapped that way would hide a defect, so it counts as a finding.
     */
    private static final FuzzRules.Refusals REFUSALS = FuzzRules.READER_REFUSALS.and(e -> {
        Throwable c = e.getCause();
        boolean ours = c instanceof RuntimeException && c.getStackTrace().length > 0
                && c.getStackTrace()[0].getClassName().startsWith("org.neurofusion.");
        return ours ? "a throw of our own code wrapped as damage to the file" : null;
    });

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "mat.dict")
    void fuzzMat5(byte[] data) {
        check(data);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "mat.dict")
    void fuzzMat73(byte[] data) {
        check(data);
    }

    static void check(byte[] data) {
        FuzzRules.files(Map.of("input.mat", data), "input.mat", REFUSALS, dir -> {
            Path f = dir.resolve("input.mat");
            FuzzRules.sameTwice(f.toString(), read(f), read(f));
        });
    }

    /** Every reader on every variable it takes, each a value or a refusal. */
    private static List<Object> read(Path f) {
        List<Object> out = new ArrayList<>();
        out.add(attempt("format", () -> Shin2017.format(f)));
        Object montage = attempt("mnt", () -> MatFiles.read(f, "mnt", ShinNirs::montage));
        out.add(montage);
        out.add(attempt("mnt", () -> MatFiles.read(f, "mnt", Bbci::positions)));
        ShinNirs.Montage m = montage instanceof ShinNirs.Montage given ? given : NO_MONTAGE;
        out.add(attempt("cnt", () -> MatFiles.read(f, "cnt", cnt -> elements(cnt, e -> List.of(
                attempt("cnt", () -> Bbci.cnt(e)), attempt("cnt", () -> ShinNirs.read(e, m)))))));
        out.add(attempt("mrk", () -> MatFiles.read(f, "mrk", mrk -> elements(mrk,
                e -> Bbci.markers(e, 100, 1, Shin2017::describe, Map.of(16, "left", 32, "right"))))));
        return out;
    }

    private static Object attempt(String what, FuzzRules.Call<?> call) {
        return FuzzRules.outcome(REFUSALS, () -> FuzzRules.timed(what, call));
    }

    /** {@code read} of each element of a cell or struct array (a few at most), or of the value itself. */
    private static List<Object> elements(MatNode n, Function<MatNode, Object> read) {
        List<Object> out = new ArrayList<>();
        if ((n.isCell() || n.isStruct()) && n.numel() != 1) {
            for (int i = 0; i < Math.min(n.numel(), MAX_ELEMENTS); i++) {
                MatNode e = n.element(i);
                out.add(attempt("element", () -> read.apply(e)));
            }
        } else {
            out.add(read.apply(n));
        }
        return out;
    }

    /**
     * MAT v5 (MFL's writer, compressed as MATLAB writes it and not): a 2018-style EEG file (structs, cellstr names,
     * a µV unit), a 2017-style NIRS file (a 1×2 cell of raw-intensity cnt, a 1×2 struct array of markers with event codes,
     * a montage with source–detector pairs), a 2018-style NIRS file (oxy and deoxy). MAT v7.3 ({@link Mat73Fixtures}:
     * groups, char matrices): the EEG and NIRS 2018 layouts.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("input.mat");
        Map<String, MatFile> v5 = new LinkedHashMap<>();
        v5.put("eeg-2018", Mat5.newMatFile().addArray("cnt", cnt(List.of("Fz", "Cz", "Pz"), 100, 10).set("yUnit",
                Mat5.newString("uV"))).addArray("mrk", classMarkers()).addArray("mnt", mnt(List.of("Fz", "Cz", "Pz"))));
        Struct nirs = cnt(List.of("AF7lowWL", "AF8lowWL", "AF7highWL", "AF8highWL"), 10, 6)
                .set("wavelengths", ShinFixtures.row(760, 850));
        Struct nirsMnt = mnt(List.of("AF7", "AF8")).set("sd", pairs())
                .set("source", Mat5.newStruct().set("pos_3d", ShinFixtures.optodes(2, 0)))
                .set("detector", Mat5.newStruct().set("pos_3d", ShinFixtures.optodes(1, 0.1)));
        v5.put("nirs-2017", Mat5.newMatFile().addArray("cnt", ShinFixtures.sessions(List.of(nirs, nirs), false))
                .addArray("mrk", ShinFixtures.sessions(List.of(codeMarkers(), codeMarkers()), true))
                .addArray("mnt", nirsMnt));
        Struct hb = Mat5.newStruct().set("oxy", cnt(List.of("AF7oxy", "AF8oxy"), 10, 6).set("yUnit",
                Mat5.newString("mmol/l"))).set("deoxy", cnt(List.of("AF7deoxy", "AF8deoxy"), 10, 6));
        v5.put("nirs-2018", Mat5.newMatFile().addArray("cnt", hb).addArray("mrk", classMarkers())
                .addArray("mnt", mnt(List.of("AF7", "AF8"))));
        for (Map.Entry<String, MatFile> e : v5.entrySet()) {
            for (boolean compressed : new boolean[] {true, false}) {
                try (Sink sink = Sinks.newStreamingFile(f.toFile())) {
                    Mat5.newWriter(sink).setDeflateLevel(compressed ? Deflater.DEFAULT_COMPRESSION
                            : Deflater.NO_COMPRESSION).writeMat(e.getValue());
                }
                seed("fuzzMat5", "seed-v5-" + e.getKey() + (compressed ? "-compressed" : ""), f);
            }
        }

        Mat73Fixtures.write(f, h -> {
            WritableGroup cnt = Mat73Fixtures.struct(h, "cnt");
            Mat73Fixtures.names(cnt, "clab", List.of("Fz", "Cz", "Pz"));
            Mat73Fixtures.scalar(cnt, "fs", 100);
            Mat73Fixtures.matrix(cnt, "x", new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
            Mat73Fixtures.string(cnt, "yUnit", "uV");
            markers73(h);
            montage73(h);
        });
        seed("fuzzMat73", "seed-v73-eeg-2018", f);
        Mat73Fixtures.write(f, h -> {
            WritableGroup cnt = Mat73Fixtures.struct(h, "cnt");
            for (String kind : new String[] {"oxy", "deoxy"}) {
                WritableGroup g = Mat73Fixtures.struct(cnt, kind);
                Mat73Fixtures.names(g, "clab", List.of("AF7" + kind, "AF8" + kind));
                Mat73Fixtures.scalar(g, "fs", 10);
                Mat73Fixtures.matrix(g, "x", new double[][] {{0.001, 0.002, 0.003}, {-0.001, 0, 0.001}});
                Mat73Fixtures.string(g, "yUnit", "mmol/l");
            }
            markers73(h);
            montage73(h);
        });
        seed("fuzzMat73", "seed-v73-nirs-2018", f);
    }

    private static void seed(String target, String name, Path file) throws IOException {
        FuzzRules.writeSeed(MatFuzzTest.class, target, name, Files.readAllBytes(file));
    }

    /** A cnt struct: names, rate, and {@code samples} × names values. */
    private static Struct cnt(List<String> clab, double fs, int samples) {
        Matrix x = Mat5.newMatrix(samples, clab.size());
        for (int c = 0; c < clab.size(); c++) {
            for (int t = 0; t < samples; t++) {
                x.setDouble(t, c, 1 + c + 0.25 * t);
            }
        }
        return Mat5.newStruct().set("clab", ShinFixtures.cellstr(clab)).set("fs", Mat5.newScalar(fs)).set("x", x);
    }

    /** Two markers of two classes, one-hot in {@code y}. */
    private static Struct classMarkers() {
        Matrix y = Mat5.newMatrix(2, 2);
        y.setDouble(0, 0, 1);
        y.setDouble(1, 1, 1);
        return Mat5.newStruct().set("time", ShinFixtures.row(30, 70)).set("y", y)
                .set("className", ShinFixtures.cellstr(List.of("0-back session", "2-back session")));
    }

    /** Two markers given by event codes only (16 and 32). */
    private static Struct codeMarkers() {
        return Mat5.newStruct().set("time", ShinFixtures.row(100, 400))
                .set("event", Mat5.newStruct().set("desc", ShinFixtures.row(16, 32)));
    }

    private static Struct mnt(List<String> clab) {
        Matrix pos = Mat5.newMatrix(3, clab.size());
        for (int c = 0; c < clab.size(); c++) {
            pos.setDouble(0, c, c == 0 ? Double.NaN : Math.cos(c));
            pos.setDouble(1, c, Math.sin(c));
            pos.setDouble(2, c, 0.5);
        }
        return Mat5.newStruct().set("clab", ShinFixtures.cellstr(clab)).set("pos_3d", pos);
    }

    /** Source and detector of two channels: S1–D1, S2–D1. */
    private static Matrix pairs() {
        Matrix sd = Mat5.newMatrix(2, 2);
        sd.setDouble(0, 0, 1);
        sd.setDouble(1, 0, 2);
        sd.setDouble(0, 1, 1);
        sd.setDouble(1, 1, 1);
        return sd;
    }

    private static void markers73(io.jhdf.WritableHdfFile h) {
        WritableGroup mrk = Mat73Fixtures.struct(h, "mrk");
        Mat73Fixtures.matrix(mrk, "time", new double[][] {{30}, {70}});
        Mat73Fixtures.matrix(mrk, "y", new double[][] {{1, 0}, {0, 1}});
        Mat73Fixtures.names(mrk, "className", List.of("0-back session", "2-back session"));
    }

    private static void montage73(io.jhdf.WritableHdfFile h) {
        WritableGroup mnt = Mat73Fixtures.struct(h, "mnt");
        Mat73Fixtures.names(mnt, "clab", List.of("Fz", "Cz", "Pz"));
        Mat73Fixtures.matrix(mnt, "pos_3d", new double[][] {{0, 0.7, 0.7}, {0.5, 0, 0.8}, {Double.NaN, 0, 1}});
    }
}
