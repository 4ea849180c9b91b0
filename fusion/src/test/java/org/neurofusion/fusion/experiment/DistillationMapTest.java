package org.neurofusion.fusion.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
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
}
