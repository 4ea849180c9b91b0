package org.neurofusion.alignment.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;

class OracleRetrievalTest {
    @TempDir
    static Path dir;
    private static Path bids;
    private static List<TruthWindow> train;
    private static List<TruthWindow> test;

    /** Two subjects, one short motor-imagery run each: subject 01 trains the oracle, subject 02 is held out. */
    @BeforeAll
    static void simulate() {
        SimulationConfig c = SimulationConfig.builder().optSeed(5).optSubjects(2)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(10)
                .optPreRestSeconds(10).optPostRestSeconds(10).optRestingRunSeconds(0).build();
        bids = dir.resolve("bids");
        new CohortWriter(c, EnumSet.of(Modality.FNIRS), ".bdf").write(bids, (s, done, total) -> { });
        train = windows(new RecordingKey("01", "", "mi", "1"), 250);
        test = windows(new RecordingKey("02", "", "mi", "1"), 250);
    }

    /** Windows every 2 s: EEG part [t, t + 4) s, fNIRS part [t + 3, t + 11) s (the haemodynamic lag). */
    private static List<TruthWindow> windows(RecordingKey run, double until) {
        List<TruthWindow> out = new ArrayList<>();
        for (double t = 0; t + 11 <= until; t += 2) {
            out.add(new TruthWindow(run, t, 4, t + 3, 8));
        }
        return out;
    }

    @Test
    void truthFeaturesAreWindowMeansOfTheNamedRows() throws IOException {
        TruthFeatures f = SimulationTruth.read(bids, List.of(train.get(3)));
        Path npy = SimulationTruth.truthFile(bids, train.get(3).run());
        assertTrue(Files.exists(npy), npy.toString());
        // recompute the first source's means by hand from the file: band_power is a named row, 10 Hz
        try (var in = org.neurofusion.modalities.io.NpyReader.open(npy)) {
            var meta = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                    npy.resolveSibling(npy.getFileName().toString().replace(".npy", ".json")).toFile());
            List<String> rows = new ArrayList<>();
            meta.get("rows").forEach(r -> rows.add(r.asText()));
            String source = f.sources().get(0);
            double[] power = in.readRow(rows.indexOf(source + " band_power"));
            double[] hbr = in.readRow(rows.indexOf(source + " hbr"));
            // window 3: EEG [6, 10) s = samples 60..99, fNIRS [9, 17) s = samples 90..169
            double p = 0;
            for (int i = 60; i < 100; i++) {
                p += power[i] / 40;
            }
            double r = 0;
            for (int i = 90; i < 170; i++) {
                r += hbr[i] / 80;
            }
            assertEquals(p, f.eeg()[0][0], 1e-12 * Math.abs(p));
            assertEquals(r, f.fnirs()[0][1], 1e-12 * Math.abs(r));
        }
        assertEquals(2 * f.sources().size(), f.fnirs()[0].length);
    }

    @Test
    void oracleRetrievesHeldOutWindowsWellAboveChance() {
        TruthFeatures tr = SimulationTruth.read(bids, train);
        TruthFeatures te = SimulationTruth.read(bids, test);
        List<String> groups = test.stream().map(w -> w.run().toString()).toList();
        Retrieval.Result r = OracleRetrieval.builder().build().evaluate(tr, te, groups);
        for (RetrievalResult d : List.of(r.aToB(), r.bToA())) {
            assertEquals(test.size(), d.queries());
            assertEquals(test.size(), d.meanPoolSize());
            assertTrue(d.top1() > 5 * d.chanceTop1(), d.toString());
            assertFalse(d.withinChance(1, 0.001), d.toString());
            assertTrue(d.medianRank() < test.size() / 10.0, d.toString());
        }
        System.out.println("oracle, held-out subject: " + r.aToB());
    }

    @Test
    void shuffledHaemodynamicsFallToChance() {
        TruthFeatures tr = SimulationTruth.read(bids, train);
        TruthFeatures te = SimulationTruth.read(bids, test).shuffledFnirs(17);
        List<String> groups = test.stream().map(w -> w.run().toString()).toList();
        Retrieval.Result r = OracleRetrieval.builder().build().evaluate(tr, te, groups);
        for (RetrievalResult d : List.of(r.aToB(), r.bToA())) {
            assertTrue(d.withinChance(1, 0.01), d.toString());
            assertTrue(d.withinChance(5, 0.01), d.toString());
            // the median rank of a random order is near the middle of the pool
            assertEquals((test.size() + 1) / 2.0, d.medianRank(), test.size() / 5.0, d.toString());
        }
        System.out.println("oracle, shuffled fNIRS: " + r.aToB());
    }

    @Test
    void missingOrMalformedTruthIsNamed() throws IOException {
        RecordingKey absent = new RecordingKey("07", "", "mi", "1");
        RecordingException e = assertThrows(RecordingException.class,
                () -> SimulationTruth.read(bids, List.of(new TruthWindow(absent, 0, 4, 3, 8))));
        assertTrue(e.getMessage().contains("sub-07_task-mi_run-1_desc-truth"), e.getMessage());

        // a copy of subject 01's truth whose .npy claims a huge shape: refused from the header, before allocating
        Path copy = dir.resolve("broken");
        Path src = SimulationTruth.truthFile(bids, train.get(0).run());
        Path dst = SimulationTruth.truthFile(copy, train.get(0).run());
        Files.createDirectories(dst.getParent());
        Files.copy(src.resolveSibling(src.getFileName().toString().replace(".npy", ".json")),
                dst.resolveSibling(dst.getFileName().toString().replace(".npy", ".json")));
        // header only: a million × a million float64, which nobody should try to allocate
        String header = "{'descr': '<f8', 'fortran_order': False, 'shape': (1000000, 1000000), }";
        header = header + " ".repeat(63 - (10 + header.length()) % 64) + "\n";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.write(header.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        byte[] patched = out.toByteArray();
        Files.write(dst, patched);
        e = assertThrows(RecordingException.class, () -> SimulationTruth.read(copy, List.of(train.get(0))));
        assertTrue(e.getMessage().contains(dst.toString()) && e.getMessage().contains("(1000000, 1000000)"),
                e.getMessage());

        // a window past the end of its run names the window and the file
        TruthWindow late = new TruthWindow(train.get(0).run(), 10_000, 4, 10_003, 8);
        e = assertThrows(RecordingException.class, () -> SimulationTruth.read(bids, List.of(train.get(0), late)));
        assertTrue(e.getMessage().contains("window 1") && e.getMessage().contains("desc-truth.npy"), e.getMessage());
    }

    @Test
    void standardisationUsesTheTrainingWindowsOnly() {
        // Test windows whose haemodynamics sit far from the training range (shifted and rescaled): the oracle must
        // map both sides with the training means and deviations, as a reference computed here does.
        SplittableRandom random = new SplittableRandom(4);
        int n = 40;
        double[][] xTrain = new double[n][2];
        double[][] yTrain = new double[n][4];
        double[][] xTest = new double[n][2];
        double[][] yTest = new double[n][4];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 2; j++) {
                xTrain[i][j] = random.nextGaussian();
                xTest[i][j] = 3 + 2 * random.nextGaussian();
            }
            for (int k = 0; k < 4; k++) {
                yTrain[i][k] = (k % 2 == 0 ? 1 : -1) * xTrain[i][k / 2] + 0.5 * random.nextGaussian();
                yTest[i][k] = 5 + 3 * ((k % 2 == 0 ? 1 : -1) * xTest[i][k / 2] + 0.5 * random.nextGaussian());
            }
        }
        List<String> sources = List.of("a", "b");
        List<Integer> groups = java.util.Collections.nCopies(n, 0);
        Retrieval.Result r = OracleRetrieval.builder().optRidge(2).build().evaluate(
                new TruthFeatures(sources, xTrain, yTrain), new TruthFeatures(sources, xTest, yTest), groups);
        double[][] w = OracleRetrieval.fit(standardise(xTrain, xTrain), standardise(yTrain, yTrain), 2);
        double[][] zx = standardise(xTrain, xTest);
        double[][] predicted = new double[n][4];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                predicted[i][k] = zx[i][0] * w[0][k] + zx[i][1] * w[1][k];
            }
        }
        assertEquals(Retrieval.evaluate(predicted, standardise(yTrain, yTest), groups, Retrieval.Ties.PESSIMISTIC), r);
    }

    /** {@code x} standardised column by column with the mean and (population) deviation of {@code by}. */
    private static double[][] standardise(double[][] by, double[][] x) {
        int p = by[0].length;
        double[][] out = new double[x.length][p];
        for (int j = 0; j < p; j++) {
            double m = 0;
            for (double[] row : by) {
                m += row[j] / by.length;
            }
            double v = 0;
            for (double[] row : by) {
                v += (row[j] - m) * (row[j] - m) / by.length;
            }
            for (int i = 0; i < x.length; i++) {
                out[i][j] = (x[i][j] - m) / Math.sqrt(v);
            }
        }
        return out;
    }

    @Test
    void ridgeSolvesTheNormalEquations() {
        SplittableRandom random = new SplittableRandom(2);
        double[][] x = new double[30][3];
        double[][] y = new double[30][2];
        for (int i = 0; i < 30; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextGaussian();
            }
            y[i][0] = 2 * x[i][0] - x[i][2] + 0.1 * random.nextGaussian();
            y[i][1] = random.nextGaussian();
        }
        double lambda = 0.7;
        double[][] w = OracleRetrieval.fit(x, y, lambda);
        // (XᵀX + λI) W = XᵀY, column by column
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < 3; j++) {
                double lhs = lambda * w[j][c];
                double rhs = 0;
                for (int i = 0; i < 30; i++) {
                    double xw = 0;
                    for (int m = 0; m < 3; m++) {
                        xw += x[i][m] * w[m][c];
                    }
                    lhs += x[i][j] * xw;
                    rhs += x[i][j] * y[i][c];
                }
                assertEquals(rhs, lhs, 1e-9 * Math.max(1, Math.abs(rhs)));
            }
        }
        assertEquals(2, w[0][0], 0.2);
    }

    @Test
    void ridgeRetrievalOnArraysNamesWhatDoesNotFit() {
        OracleRetrieval o = OracleRetrieval.builder().build();
        double[][] x = {{1, 2}, {3, 4}, {5, 7}};
        double[][] y = {{1}, {2}, {4}};
        java.util.List<String> g = java.util.List.of("a", "a");
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> o.evaluate(x, y, new double[][] {{1, 2, 3}, {4, 5, 6}}, new double[][] {{1}, {2}}, g));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("x 2 vs 3"), e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> o.evaluate(x, y, new double[][] {{1, Double.NaN}, {4, 5}}, new double[][] {{1}, {2}}, g));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("test x row 0 column 1 is NaN"),
                e.getMessage());
    }
}
