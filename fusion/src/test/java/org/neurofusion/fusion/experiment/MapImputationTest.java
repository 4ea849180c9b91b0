package org.neurofusion.fusion.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The students' imputation figures: read from a run's last test row, kept in a CSV and a block's record, and
 * summarised with intervals whose values are derived by hand below.
 */
class MapImputationTest {
    @TempDir
    Path dir;

    private static MapImputation.Row row(double sf, int lpc, long seed, double margin) {
        return new MapImputation.Row(sf, lpc, seed, 0.5 + margin, 0.5, margin, margin / 2);
    }

    /**
     * Shared fraction 0: margins −0.02, −0.01, 0.00 over three seeds (mean −0.01, sd 0.01); 0.8: 0.10, 0.12, 0.14
     * (mean 0.12, sd 0.02). With t(0.975, 2) = 4.302653 the half-widths are 0.024841 and 0.049682: [−0.035, +0.015]
     * (includes 0) and [+0.070, +0.170] (above 0).
     */
    static List<MapImputation.Row> rows() {
        List<MapImputation.Row> out = new ArrayList<>();
        double[] none = {-0.02, -0.01, 0.0};
        double[] high = {0.10, 0.12, 0.14};
        for (int i = 0; i < 3; i++) {
            out.add(row(0, 5, 42 + i, none[i]));
            out.add(row(0.8, 5, 42 + i, high[i]));
        }
        return out;
    }

    @Test
    void theSectionGivesEachCellAndKnobWithItsIntervalAndAVerdictFromThem() {
        String md = MapImputation.markdown(rows(), List.of());
        assertTrue(md.contains("## The imputed fNIRS embedding (held-out windows)"), md);
        assertTrue(md.contains("| 0 | 5 | 3 | 0.490 | 0.500 | -0.010 [-0.035, +0.015] | -0.005 |"), md);
        assertTrue(md.contains("| 0.8 | 5 | 3 | 0.620 | 0.500 | +0.120 [+0.070, +0.170] | 0.060 |"), md);
        assertTrue(md.contains("- Shared fraction 0.8, every labelled count and seed (3 students): margin +0.120"
                + " [+0.070, +0.170], centred cosine +0.060."), md);
        assertTrue(md.contains("closer to the real one than the mean training embedding (margin interval above 0)"
                + " at shared fraction 0.8 +0.120 [+0.070, +0.170]; further from it (below 0) at none; neither at"
                + " shared fraction 0 -0.010 [-0.035, +0.015]."), md);
        assertFalse(md.contains("haemodynamic"), md);
        String h = MapImputation.markdown(rows(), List.of(), true);
        assertTrue(h.startsWith("\n## The imputed fNIRS haemodynamic features (held-out windows)\n\nThese students"
                + " imputed the missing fNIRS window's haemodynamic features"), h);
        assertEquals(md.substring(md.indexOf("| shared_fraction")), h.substring(h.indexOf("| shared_fraction")),
                "the same figures under another heading");
        assertEquals("", MapImputation.markdown(List.of(), List.of(), true));
        assertEquals("", MapImputation.markdown(List.of(), List.of()));
        assertTrue(MapImputation.markdown(List.of(), List.of("shared_fraction 0, seed 42"))
                .contains("Not known for shared_fraction 0, seed 42"));
        // a student consistently worse than the mean embedding is said to be further from it
        List<MapImputation.Row> worse = List.of(row(0.5, 10, 1, -0.10), row(0.5, 10, 2, -0.12),
                row(0.5, 10, 3, -0.14));
        assertTrue(MapImputation.markdown(worse, List.of()).contains("at no shared fraction; further from it (below"
                + " 0) at shared fraction 0.5 -0.120 [-0.170, -0.070]; neither at none."),
                MapImputation.markdown(worse, List.of()));
    }

    @Test
    void theReportCarriesTheSectionAfterTheGains() {
        String md = MapReport.markdown(CellSummary.of(MapFilesTest.synthetic()), rows(), List.of(), "setup.");
        int gains = md.indexOf("## The student's gain");
        int imputation = md.indexOf("## The imputed fNIRS embedding");
        assertTrue(gains > 0 && imputation > gains, md);
        assertTrue(!MapReport.markdown(CellSummary.of(MapFilesTest.synthetic()), "setup.")
                .contains("imputed fNIRS"));
    }

    @Test
    void aRunsLastStudentTestRowIsRead() throws Exception {
        Path run = dir.resolve("student");
        Files.createDirectories(run);
        assertEquals(Optional.empty(), MapImputation.fromRun(0.5, 5, 1, run), "no metrics yet");
        Files.writeString(run.resolve("metrics.jsonl"), String.join("\n",
                "{\"split\":\"train\",\"stage\":\"student\",\"step\":10,\"loss\":1.0}",
                "{\"split\":\"test\",\"stage\":\"student\",\"step\":10,\"imputation_cosine\":0.1,"
                        + "\"mean_embedding_cosine\":0.2,\"imputation_margin\":-0.1,\"imputation_cosine_centred\":0.0}",
                "{\"split\":\"test\",\"stage\":\"student\",\"step\":20,\"imputation_cosine\":0.7,"
                        + "\"mean_embedding_cosine\":0.6,\"imputation_margin\":0.1,\"imputation_cosine_centred\":0.3}",
                "{\"split\":\"train\",\"stage\":\"student\",\"step\":30,\"loss\":0.5}", ""));
        assertEquals(Optional.of(new MapImputation.Row(0.5, 5, 1, 0.7, 0.6, 0.1, 0.3)),
                MapImputation.fromRun(0.5, 5, 1, run));
        Files.writeString(run.resolve("metrics.jsonl"), "{\"split\":\"test\",\"stage\":\"student\",\"step\":20,"
                + "\"imputation_cosine\":0.7,\"mean_embedding_cosine\":0.6,\"imputation_margin\":0.1,"
                + "\"imputation_cosine_centred\":0.3,\"prototype_cosine\":0.8,\"class_oracle_margin\":-0.01,"
                + "\"shrink_oracle_margin\":0.002}\n");
        assertEquals(Optional.of(new MapImputation.Row(0.5, 5, 1, 0.7, 0.6, 0.1, 0.3,
                new MapImputation.ClassFigures(0.8, -0.01, 0.002))), MapImputation.fromRun(0.5, 5, 1, run));
        Files.writeString(run.resolve("metrics.jsonl"), "{\"split\":\"test\",\"stage\":\"student\",\"step\":20,"
                + "\"imputation_cosine\":0.7,\"mean_embedding_cosine\":0.6,\"imputation_margin\":0.1,"
                + "\"imputation_cosine_centred\":0.3,\"prototype_cosine\":0.8,\"shrink_oracle_margin\":0.0}\n");
        assertEquals(Optional.of(new MapImputation.Row(0.5, 5, 1, 0.7, 0.6, 0.1, 0.3)),
                MapImputation.fromRun(0.5, 5, 1, run), "without the class oracle (one held-out subject) none is kept");
        Files.writeString(run.resolve("metrics.jsonl"), "{\"split\":\"test\",\"stage\":\"student\",\"step\":20,"
                + "\"imputation_cosine\":0.7,\"mean_embedding_cosine\":0.6,\"imputation_margin\":0.1,"
                + "\"imputation_cosine_centred\":0.3,\"prototype_cosine\":0.8,\"class_oracle_margin\":\"x\","
                + "\"shrink_oracle_margin\":0.0}\n");
        IllegalArgumentException partial = assertThrows(IllegalArgumentException.class,
                () -> MapImputation.fromRun(0.5, 5, 1, run));
        assertTrue(partial.getMessage().contains("class_oracle_margin"), partial.getMessage());
        Files.writeString(run.resolve("metrics.jsonl"), "{\"split\":\"train\",\"stage\":\"student\"}\n");
        assertEquals(Optional.empty(), MapImputation.fromRun(0.5, 5, 1, run), "no test row yet");
        Files.writeString(run.resolve("metrics.jsonl"), "{\"split\":\"test\",\"stage\":\"student\","
                + "\"imputation_cosine\":0.7}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapImputation.fromRun(0.5, 5, 1, run));
        assertTrue(e.getMessage().contains("metrics.jsonl") && e.getMessage().contains("mean_embedding_cosine"),
                e.getMessage());
        Files.writeString(run.resolve("metrics.jsonl"), "{\"split\":\"train\"}\n{torn\n");
        e = assertThrows(IllegalArgumentException.class, () -> MapImputation.fromRun(0.5, 5, 1, run));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        // a teacher's test rows are not a student's
        Files.writeString(run.resolve("metrics.jsonl"), "{\"split\":\"test\",\"stage\":\"teacher\","
                + "\"imputation_cosine\":0.7,\"mean_embedding_cosine\":0.6,\"imputation_margin\":0.1,"
                + "\"imputation_cosine_centred\":0.3}\n");
        assertEquals(Optional.empty(), MapImputation.fromRun(0.5, 5, 1, run));
        IllegalArgumentException notNumber = assertThrows(IllegalArgumentException.class, () -> MapImputation.of(0,
                5, 1, new ObjectMapper().readTree("{\"imputation_cosine\":\"high\"}"), "here"));
        assertTrue(notNumber.getMessage().startsWith("here: ") && notNumber.getMessage().contains("imputation_cosine"),
                notNumber.getMessage());
    }

    @Test
    void theCsvReadsBackAndRefusesWhatItDidNotWrite() throws Exception {
        Path f = dir.resolve("imputation.csv");
        MapImputation.write(f, rows());
        List<String> lines = Files.readAllLines(f);
        assertEquals(MapImputation.HEADER, lines.get(0));
        assertEquals("0,5,42,0.480000,0.500000,-0.020000,-0.010000,,,", lines.get(1));
        assertEquals(rows().size(), MapImputation.read(f).size());
        assertEquals(rows().get(3), MapImputation.read(f).get(3));
        MapImputation.write(f, List.of(new MapImputation.Row(1, -1, 2, 0.25, 0.5, -0.25, 0)));
        assertEquals("1,all,2,0.250000,0.500000,-0.250000,0.000000,,,", Files.readAllLines(f).get(1));
        assertEquals(-1, MapImputation.read(f).get(0).labelledPerClass());
        MapImputation.Row withClasses = new MapImputation.Row(0.8, 10, 3, 0.6, 0.5, 0.1, 0.2,
                new MapImputation.ClassFigures(0.7, -0.002, 0.004));
        MapImputation.write(f, List.of(withClasses));
        assertEquals("0.8,10,3,0.600000,0.500000,0.100000,0.200000,0.700000,-0.002000,0.004000",
                Files.readAllLines(f).get(1));
        assertEquals(List.of(withClasses), MapImputation.read(f));
        // a file written before the class-conditional figures existed still reads, without them
        Files.writeString(f, MapImputation.LEGACY_HEADER + "\n0,5,42,0.5,0.4,0.1,0\n");
        assertEquals(List.of(new MapImputation.Row(0, 5, 42, 0.5, 0.4, 0.1, 0)), MapImputation.read(f));
        Files.writeString(f, MapImputation.LEGACY_HEADER + "\n0,5,42,0.5,0.4,0.1,0,,,\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MapImputation.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("7 fields"), e.getMessage());
        Files.writeString(f, MapImputation.HEADER + "\n0,5,42,0.5,0.5,0,0,0.7,,0.6\n");
        e = assertThrows(IllegalArgumentException.class, () -> MapImputation.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("all given or all empty"),
                e.getMessage());
        Files.writeString(f, MapImputation.HEADER + "\n0,5,42,0.5,0.5,0\n");
        e = assertThrows(IllegalArgumentException.class, () -> MapImputation.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("10 fields"), e.getMessage());
        Files.writeString(f, MapImputation.HEADER + "\n0,5,42,NaN,0.5,0,0,,,\n");
        e = assertThrows(IllegalArgumentException.class, () -> MapImputation.read(f));
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("not finite"), e.getMessage());
        Files.writeString(f, "shared_fraction,seed\n");
        assertThrows(IllegalArgumentException.class, () -> MapImputation.read(f));
    }

    @Test
    void aBlockRecordHoldsOneRowPerLabelledCountOfItsBlock() {
        MapPlan plan = DistillationMapTest.minimal(); // shared 0, labelled [2], seed 7
        MapBlocks blocks = new MapBlocks(dir, plan);
        assertEquals(Optional.empty(), blocks.readImputation(0, 7));
        MapImputation.Row r = row(0, 2, 7, 0.05);
        assertEquals(List.of(r), blocks.writeImputation(0, 7, List.of(r)));
        assertEquals(dir.resolve("blocks/shared-0-seed-7-imputation.csv"), blocks.imputationFile(0, 7));
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> blocks.writeImputation(0, 7, List.of(row(0, 2, 8, 0.05))));
        assertTrue(other.getMessage().contains("seed 8"), other.getMessage());
        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
                () -> blocks.writeImputation(0, 7, List.of(r, r)));
        assertTrue(twice.getMessage().contains("one row for each of [2]"), twice.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> blocks.writeImputation(0, 7, List.of(row(0, 5, 7, 0.05))));
        assertTrue(count.getMessage().contains("[5]"), count.getMessage());
        assertEquals(List.of(r), blocks.readImputation(0, 7).orElseThrow(), "a refused write leaves the record");
    }

    /**
     * Shared fraction 1, seeds 1–3: class-conditional cosines 0.70, 0.72, 0.74 against mean-embedding cosines 0.60
     * (differences 0.10, 0.12, 0.14: mean 0.12, sd 0.02, half-width 4.302653 · 0.02 / √3 = 0.049682); class oracle
     * 0.01, 0.02, 0.03 (half-width 0.024841); shrinkage oracle 0 for every seed (interval [0, 0]). Shared fraction 0:
     * one seed with the figures and one without.
     */
    @Test
    void theBoundsSubsectionGivesEachCellAndKnobWithIntervals() {
        List<MapImputation.Row> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rows.add(new MapImputation.Row(1, 5, 1 + i, 0.5, 0.6, -0.1, 0,
                    new MapImputation.ClassFigures(0.70 + 0.02 * i, 0.01 + 0.01 * i, 0)));
        }
        rows.add(new MapImputation.Row(0, 5, 1, 0.5, 0.6, -0.1, 0, new MapImputation.ClassFigures(0.55, -0.01, 0)));
        rows.add(new MapImputation.Row(0, 5, 2, 0.5, 0.6, -0.1, 0));
        String md = MapImputation.markdown(rows, List.of());
        assertTrue(md.contains("### What an imputation could reach"), md);
        assertTrue(md.contains("Not known for shared_fraction 0, seed 2 (evaluated before"), md);
        assertTrue(md.contains("| 1 | 5 | 3 | +0.120 [+0.070, +0.170] | +0.020 [-0.005, +0.045] | +0.000 [+0.000,"
                + " +0.000] |"), md);
        assertTrue(md.contains("| 0 | 5 | 1 | -0.050"), md);
        assertTrue(md.contains("- Shared fraction 1 (3 students): class-conditional − mean +0.120 [+0.070, +0.170];"
                + " class oracle +0.020 [-0.005, +0.045]; shrinkage oracle +0.000 [+0.000, +0.000]."), md);
        assertEquals("", MapImputation.classMarkdown(List.of(new MapImputation.Row(0, 5, 2, 0.5, 0.6, -0.1, 0))));
    }
}
