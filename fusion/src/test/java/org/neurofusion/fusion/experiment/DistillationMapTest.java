package org.neurofusion.fusion.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.fusion.train.FusionConfig;

/** A minimal map end to end (slow), and the plan's refusals (fast). */
class DistillationMapTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static MapPlan minimal() {
        SimulationConfig sim = SimulationConfig.builder().optSubjects(3)
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1).optTrialsPerSession(8)
                .optPreRestSeconds(5).optPostRestSeconds(8).optRestingRunSeconds(30).build();
        return new MapPlan(List.of(0.0), List.of(2), List.of(7L), 1, sim,
                MapPlan.pretrain(1).with("batch_size", "6").with("min_gap_s", "0"),
                FusionConfig.defaults().with("steps", "4").with("eval_every", "4").with("batch_size", "8"));
    }

    @Test
    @Tag("slow")
    void aMinimalMapWritesItsFilesAndContinuesFromItsRuns() throws Exception {
        Path out = dir.resolve("map");
        StringWriter log = new StringWriter();
        DistillationMap.Result r = DistillationMap.builder().setOutput(out).setPlan(minimal())
                .optLog(new PrintWriter(log, true)).build().run();
        // one knob value x one labelled count x one seed x one held-out subject x 7 conditions
        assertEquals(7, r.rows().size());
        List<String> lines = Files.readAllLines(out.resolve("map.csv"));
        assertEquals(MapCsv.HEADER, lines.get(0));
        assertEquals(8, lines.size());
        Set<Condition> conditions = new TreeSet<>();
        r.rows().forEach(row -> {
            conditions.add(row.condition());
            assertEquals("03", row.subject());
            assertEquals(2, row.labelledPerClass());
        });
        assertEquals(EnumSet.allOf(Condition.class), conditions);
        String md = Files.readString(out.resolve("map.md"));
        assertTrue(md.contains("SIMULATED DATA") && md.contains("| 0 | 2 | 1 |"), md);
        // one pair: no interval can be estimated
        assertTrue(md.contains("[n/a]"), md);
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(out.resolve("map.svg").toFile());
        var rects = doc.getElementsByTagName("rect");
        int cells = 0;
        for (int i = 0; i < rects.getLength(); i++) {
            cells += ((org.w3c.dom.Element) rects.item(i)).getAttribute("class").equals("cell") ? 1 : 0;
        }
        assertEquals(2, cells, "one cell in each of the two panels");

        Path base = out.resolve("runs/shared-0/seed-7");
        JsonNode pre = config(base.resolve("pretrain"));
        assertEquals(0.0, pre.path("pretrain").path("supcon_weight").asDouble(-1), "pre-training saw labels");
        assertEquals("03", pre.path("val_subjects").asText());
        JsonNode self = config(base.resolve("labelled-2/self-training"));
        assertEquals(base.resolve("labelled-2/scratch").toAbsolutePath().normalize().toString(),
                self.path("labeller").asText());
        assertEquals(2, self.path("fusion").path("labelled_per_class").asInt());
        JsonNode student = config(base.resolve("labelled-2/student"));
        assertEquals(base.resolve("labelled-2/teacher").toAbsolutePath().normalize().toString(),
                student.path("teacher").asText());
        assertEquals(-1, config(base.resolve("all-labels")).path("fusion").path("labelled_per_class").asInt());
        assertTrue(log.toString().contains("simulated 3 subjects"), log.toString());

        // a second run reuses every run folder: no training, the same rows
        long metrics = Files.readAllLines(base.resolve("labelled-2/student/metrics.jsonl")).size();
        StringWriter again = new StringWriter();
        DistillationMap.Result r2 = DistillationMap.builder().setOutput(out).setPlan(minimal())
                .optLog(new PrintWriter(again, true)).build().run();
        assertEquals(r.rows(), r2.rows());
        assertEquals(metrics, Files.readAllLines(base.resolve("labelled-2/student/metrics.jsonl")).size());
        assertTrue(!again.toString().contains("simulated 3 subjects"), again.toString());

        // the student's imputation figures: one row, equal to its run's last test row, in the map and the record
        assertEquals(1, r.imputation().size());
        MapImputation.Row imp = r.imputation().get(0);
        JsonNode lastTest = null;
        for (String line : Files.readAllLines(base.resolve("labelled-2/student/metrics.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            lastTest = n.path("split").asText().equals("test") ? n : lastTest;
        }
        assertEquals(lastTest.path("imputation_margin").asDouble(), imp.margin(), 1e-6);
        assertEquals(lastTest.path("imputation_cosine_centred").asDouble(), imp.centred(), 1e-6);
        assertEquals(List.of(imp), MapImputation.read(out.resolve("imputation.csv")));
        Path record = out.resolve("blocks/shared-0-seed-7-imputation.csv");
        assertEquals(List.of(imp), MapImputation.read(record));
        assertTrue(md.contains("## The imputed fNIRS embedding") && md.contains("| 0 | 2 | 1 |"), md);
        // a block recorded before these figures were kept takes them from its runs while they exist
        Files.delete(record);
        DistillationMap.Result backfilled = DistillationMap.builder().setOutput(out).setPlan(minimal())
                .optLog(new PrintWriter(new StringWriter(), true)).build().run();
        assertEquals(List.of(imp), backfilled.imputation());
        assertEquals(List.of(imp), MapImputation.read(record));

        // the finished block is recorded: with its runs deleted, a third run reads the record and trains nothing
        assertTrue(Files.exists(out.resolve("blocks/shared-0-seed-7.csv")));
        try (var walk = Files.walk(out.resolve("runs"))) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
        StringWriter third = new StringWriter();
        DistillationMap.Result r3 = DistillationMap.builder().setOutput(out).setPlan(minimal())
                .optLog(new PrintWriter(third, true)).build().run();
        assertEquals(r.rows(), r3.rows());
        assertTrue(third.toString().contains("not trained again"), third.toString());
        assertTrue(!Files.exists(out.resolve("runs")), "nothing was simulated or trained");
        assertEquals(List.of(imp), r3.imputation(), "read from the record");
        // with neither the record nor the runs, the report says which block's figures are not known
        Files.delete(record);
        DistillationMap.Result r4 = DistillationMap.builder().setOutput(out).setPlan(minimal())
                .optLog(new PrintWriter(new StringWriter(), true)).build().run();
        assertEquals(List.of(), r4.imputation());
        assertTrue(Files.readString(out.resolve("map.md")).contains("Not known for shared_fraction 0, seed 7"),
                Files.readString(out.resolve("map.md")));
    }

    @Test
    @Tag("slow")
    void twoPartsShareOneFolderAndTogetherMakeTheWholeMap() throws Exception {
        MapPlan m = minimal();
        MapPlan plan = new MapPlan(m.sharedFractions(), m.labelledPerClass(), List.of(7L, 8L), 1, m.simulation(),
                m.pretrain(), m.fusion());
        // part 1 of 2 alone: the first block (seed 7); the second is left to part 2
        Path a = dir.resolve("a");
        StringWriter log1 = new StringWriter();
        DistillationMap.Result first = DistillationMap.builder().setOutput(a).setPlan(plan).optPart(1, 2)
                .optLog(new PrintWriter(log1, true)).build().run();
        assertEquals(Set.of(7L), seeds(first.rows()));
        assertEquals(7, first.rows().size());
        assertTrue(log1.toString().contains("[map shared_fraction 0, seed 8] not recorded yet: left to part 2 of 2"),
                log1.toString());
        assertTrue(!Files.exists(a.resolve("runs/shared-0/seed-8")), "part 1 trained part 2's block");
        assertEquals(8, Files.readAllLines(a.resolve("map.csv")).size(), "header and seed 7's rows");

        // part 2 of 2 in another folder, where part 1's record of seed 7 lands while part 2 trains seed 8 (as when
        // two processes share a folder): part 2 trains seed 8 only and its files hold the whole map
        Path b = dir.resolve("b");
        Writer hook = new Writer() {
            private final StringBuilder seen = new StringBuilder();

            @Override
            public void write(char[] c, int off, int len) throws IOException {
                seen.append(c, off, len);
                if (seen.indexOf("left to part 1 of 2") >= 0 && !Files.exists(b.resolve("blocks"))) {
                    Files.createDirectories(b.resolve("blocks"));
                    for (String f : List.of(".csv", ".json", "-imputation.csv")) {
                        Files.copy(a.resolve("blocks/shared-0-seed-7" + f), b.resolve("blocks/shared-0-seed-7" + f));
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        DistillationMap.Result second = DistillationMap.builder().setOutput(b).setPlan(plan).optPart(2, 2)
                .optLog(new PrintWriter(hook, true)).build().run();
        assertTrue(!Files.exists(b.resolve("runs/shared-0/seed-7")), "part 2 trained part 1's block");
        assertEquals(Set.of(7L, 8L), seeds(second.rows()), "the record that landed meanwhile is read at the end");
        assertEquals(14, second.rows().size());
        assertEquals(2, second.imputation().size());
        assertEquals(15, Files.readAllLines(b.resolve("map.csv")).size());

        // one process on either folder now: folder b has nothing left to train; folder a trains seed 8, and the
        // whole maps are the same
        StringWriter again = new StringWriter();
        DistillationMap.Result wholeB = DistillationMap.builder().setOutput(b).setPlan(plan)
                .optLog(new PrintWriter(again, true)).build().run();
        assertEquals(second.rows(), wholeB.rows());
        assertTrue(!again.toString().contains("simulated"), again.toString());
        DistillationMap.Result wholeA = DistillationMap.builder().setOutput(a).setPlan(plan)
                .optLog(new PrintWriter(new StringWriter(), true)).build().run();
        assertEquals(wholeA.rows(), wholeB.rows());
        assertEquals(wholeA.imputation(), wholeB.imputation());
    }

    @Test
    void aBlockAnotherProcessIsTrainingIsLeftToIt() throws Exception {
        Path out = dir.resolve("claimed");
        Path base = out.resolve("runs/shared-0/seed-7");
        StringWriter log = new StringWriter();
        DistillationMap.Result r;
        try (BlockClaim held = BlockClaim.of(base)) {
            assertTrue(held != null);
            assertEquals(null, BlockClaim.of(base), "a claimed block cannot be claimed twice");
            r = DistillationMap.builder().setOutput(out).setPlan(minimal()).optLog(new PrintWriter(log, true))
                    .build().run();
        }
        assertEquals(List.of(), r.rows());
        assertTrue(log.toString().contains("[map shared_fraction 0, seed 7] being trained by another process"),
                log.toString());
        try (var files = Files.list(base)) {
            assertEquals(List.of(BlockClaim.file(base)), files.toList(), "nothing was simulated or trained");
        }
        assertTrue(!Files.exists(out.resolve("blocks")));
        try (BlockClaim again = BlockClaim.of(base)) {
            assertTrue(again != null, "released when its holder closed it");
        }
    }

    private static Set<Long> seeds(List<MapRow> rows) {
        Set<Long> out = new TreeSet<>();
        rows.forEach(r -> out.add(r.seed()));
        return out;
    }

    @Test
    void aPartIsOneOfAtMostAsManyPartsAsTheMapHasBlocks() {
        assertThrows(IllegalArgumentException.class, () -> DistillationMap.builder().optPart(0, 2));
        assertThrows(IllegalArgumentException.class, () -> DistillationMap.builder().optPart(3, 2));
        assertThrows(IllegalArgumentException.class, () -> DistillationMap.builder().optPart(1, 0));
        Path out = dir.resolve("too-many");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DistillationMap.builder()
                .setOutput(out).setPlan(minimal()).optPart(2, 2).optLog(new PrintWriter(new StringWriter(), true))
                .build().run());
        assertTrue(e.getMessage().contains("a map of 1 block cannot be split into 2 parts"), e.getMessage());
        assertTrue(!Files.exists(out.resolve("runs")), "nothing was trained");
    }

    private static JsonNode config(Path run) throws Exception {
        return JSON.readTree(run.resolve("config.json").toFile()).get("config");
    }

    @Test
    void aPlanRefusesLabelsInPreTrainingAndEarlyStoppingOnTheTestSubjects() {
        MapPlan ok = minimal();
        IllegalArgumentException supcon = assertThrows(IllegalArgumentException.class, () -> new MapPlan(
                ok.sharedFractions(), ok.labelledPerClass(), ok.seeds(), 1, ok.simulation(),
                ok.pretrain().with("supcon_weight", "0.5"), ok.fusion()));
        assertTrue(supcon.getMessage().contains("supcon_weight"), supcon.getMessage());
        IllegalArgumentException patience = assertThrows(IllegalArgumentException.class, () -> new MapPlan(
                ok.sharedFractions(), ok.labelledPerClass(), ok.seeds(), 1, ok.simulation(),
                MapPlan.pretrain(4).with("patience", "2"), ok.fusion()));
        assertTrue(patience.getMessage().contains("patience"), patience.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MapPlan(ok.sharedFractions(), List.of(2, 2),
                ok.seeds(), 1, ok.simulation(), ok.pretrain(), ok.fusion()));
        assertThrows(IllegalArgumentException.class, () -> new MapPlan(ok.sharedFractions(), List.of(0),
                ok.seeds(), 1, ok.simulation(), ok.pretrain(), ok.fusion()));
        assertThrows(IllegalArgumentException.class, () -> new MapPlan(List.of(1.5), ok.labelledPerClass(),
                ok.seeds(), 1, ok.simulation(), ok.pretrain(), ok.fusion()));
        assertThrows(IllegalArgumentException.class, () -> new MapPlan(ok.sharedFractions(),
                ok.labelledPerClass(), ok.seeds(), 3, ok.simulation(), ok.pretrain(), ok.fusion()));
        // the held-out subjects of pre-training are the map's test subjects
        assertEquals(1, ok.pretrain().holdoutSubjects());
        assertEquals(4, MapPlan.full(1).pretrain().holdoutSubjects());
        assertEquals(600, MapPlan.full(1).fusion().steps());
        assertEquals(List.of(), MapPlan.full(1).fusion().teacherFrozenList());
        assertEquals("rest", MapPlan.full(1).fusion().eegAlignment());
        assertEquals("rest", MapPlan.quick(1).fusion().eegAlignment());
        assertEquals("random", MapPlan.quick(1).fusion().encoderInit());
        assertEquals(List.of(1L, 2L, 3L), MapPlan.full(1).seeds());
        // full: 3 x 3 x (pre-training + all-labels + 4 + 4 + 3 runs)
        assertEquals(4 * 3 * 13, MapPlan.full(1).runs());
        assertEquals(List.of(0.0, 0.5, 0.8, 1.0), MapPlan.full(1).sharedFractions());
        assertEquals(MapPlan.ERD_DEPTH, MapPlan.full(1).simulation().erdDepth());
        assertEquals(MapPlan.EegWindows.MU_BETA_STREAMABLE, MapPlan.quick(1).eegWindows());
        var eeg = MapPlan.EegWindows.MU_BETA_STREAMABLE.spec(Set.of("mi")).modalities()
                .get(org.neurofusion.core.Modality.EEG);
        assertEquals(List.of("causal_filter", "decimate"), eeg.pipeline().steps().stream().map(p -> p.name()).toList());
        assertTrue(Double.isNaN(eeg.rate()), "decimated, not resampled");
        assertEquals(2 * (2 + 4 + 3), MapPlan.quick(1).runs());
    }

    @Test
    void aPlanTakesFusionSettingsAndFewerSeedsAndSaysWhichItChanged() {
        MapPlan full = MapPlan.full(42).withTeacherExpert("fnirs");
        assertEquals(List.of(), full.changedFusion(), "the published plans change nothing");
        assertFalse(full.describe().contains("beyond the map's"), full.describe());
        MapPlan h = full.withFusion("imputation_target", "haemodynamic").withFusion("fnirs_alignment", "rest");
        assertTrue(h.fusion().imputesHaemodynamics());
        assertEquals(List.of("fnirs_alignment=rest", "imputation_target=haemodynamic"), h.changedFusion());
        assertTrue(h.describe().endsWith("Fusion settings beyond the map's: fnirs_alignment=rest,"
                + " imputation_target=haemodynamic."), h.describe());
        assertEquals(List.of("temperature=3.0"), MapPlan.quick(1).withFusion("temperature", "3").changedFusion());
        assertTrue(MapPlan.quick(1).withFusion("steps", "50").describe().contains("50 fusion steps"), "steps are in the line");
        IllegalArgumentException lpc = assertThrows(IllegalArgumentException.class,
                () -> full.withFusion("labelled_per_class", "3"));
        assertTrue(lpc.getMessage().contains("labelled_per_class"), lpc.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> full.withFusion("imputation_target", "x"));
        assertTrue(bad.getMessage().contains("imputation_target"), bad.getMessage());
        MapPlan one = full.withSeeds(1);
        assertEquals(List.of(42L), one.seeds());
        assertEquals(4 * 13, one.runs());
        assertEquals(List.of(42L, 43L, 44L), full.withSeeds(3).seeds());
        for (int n : new int[] {0, 4}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> full.withSeeds(n));
            assertTrue(e.getMessage().contains("between 1 and 3"), e.getMessage());
        }
    }
}
