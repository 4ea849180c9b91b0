package org.neurofusion.fusion.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Variants of the map's student in one cell: parsing, the report's arithmetic, refusals, and a run end to end. */
class DistillationAblationTest {
    @TempDir
    Path dir;

    @Test
    void variantsParseAndRefuseWhatIsNotOne() {
        DistillationAblation.Variant v = DistillationAblation.Variant.parse("t1:temperature=1, kl_weight=2");
        assertEquals("t1", v.name());
        assertEquals(Map.of("temperature", "1", "kl_weight", "2"), v.changes());
        assertEquals(8, DistillationAblation.defaults().size());
        for (String bad : new String[] {"t1", ":temperature=1", "t1:", "t1:temperature", "t1:=1",
            "t1:temperature=1,temperature=2", "../up:temperature=1", "student:temperature=1",
            "t1:temprature=1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DistillationAblation.Variant.parse(bad), bad);
            assertTrue(e.getMessage().contains("variant") || e.getMessage().contains("name"), e.getMessage());
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> DistillationAblation.Variant
                .parse("t1:temprature=1")).getMessage().contains("unknown fusion setting 'temprature'"));
        assertThrows(IllegalArgumentException.class, () -> DistillationAblation.builder()
                .optVariants(List.of(v, DistillationAblation.Variant.parse("t1:kl_weight=0"))));
    }

    /**
     * Two seeds × two subjects. The map's student: 0.50, 0.60, 0.55, 0.65; a variant 0.10 better on sub-05 and 0.20
     * on sub-06 (each seed): differences 0.1, 0.2, 0.1, 0.2, mean 0.15, sd 0.057735, t(0.975, 3) = 3.182446, half
     * width 0.091869: +0.150 [+0.058, +0.242]. Scratch equals the student (0 with a zero-width interval).
     */
    @Test
    void theReportPairsEachVariantWithTheMapsRunsBySeedAndSubject() {
        List<DistillationAblation.Row> rows = new ArrayList<>();
        double[] student = {0.50, 0.60, 0.55, 0.65};
        int i = 0;
        for (long seed : new long[] {1, 2}) {
            for (String sub : new String[] {"sub-05", "sub-06"}) {
                double st = student[i++];
                rows.add(new DistillationAblation.Row(1, 5, seed, sub, "scratch", st, st));
                rows.add(new DistillationAblation.Row(1, 5, seed, sub, "self-training", st + 0.05, st));
                rows.add(new DistillationAblation.Row(1, 5, seed, sub, "student", st, st));
                rows.add(new DistillationAblation.Row(1, 5, seed, sub, "t1",
                        st + (sub.equals("sub-05") ? 0.1 : 0.2), st));
            }
        }
        Map<String, List<Double>> margins = new LinkedHashMap<>();
        margins.put("student", List.of(-0.02, -0.04));
        margins.put("t1", List.of(0.01, 0.03));
        MapPlan plan = new MapPlan(List.of(1.0), List.of(5), List.of(1L, 2L), 1,
                DistillationMapTest.minimal().simulation(), DistillationMapTest.minimal().pretrain(),
                DistillationMapTest.minimal().fusion());
        String md = DistillationAblation.markdown(rows, margins, plan, 1, 5,
                List.of(DistillationAblation.Variant.parse("t1:temperature=1")));
        assertTrue(md.contains("SIMULATED DATA") && md.contains("shared fraction 1, 5 labelled"), md);
        assertTrue(md.contains("| t1 | temperature=1 | 0.725 | +0.150 [+0.058, +0.242] | +0.150 [+0.058, +0.242] |"
                + " +0.100 [+0.008, +0.192] | +0.020 |"), md);
        assertTrue(md.contains("| student | (the map's run) | 0.575 | – | +0.000 [+0.000, +0.000] |"
                + " -0.050 [-0.050, -0.050] | -0.030 |"), md);
        assertTrue(md.contains("| scratch | (the map's run) | 0.575 | +0.000 [+0.000, +0.000] | – |"), md);
        String csv = DistillationAblation.csv(rows);
        assertTrue(csv.startsWith(DistillationAblation.HEADER + "\n1,5,1,sub-05,scratch,0.500000,0.500000\n"), csv);
    }

    @Test
    void aCellTheMapHasNotFinishedIsNamed() throws Exception {
        Path run = dir.resolve("runs/shared-0/seed-7/labelled-2/student");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> DistillationAblation.finishedTest(run));
        assertTrue(missing.getMessage().contains("no such run of the map"), missing.getMessage());
        Files.createDirectories(run);
        Files.writeString(run.resolve("config.json"), "{\"config\":{\"fusion\":{\"steps\":600}}}");
        Files.writeString(run.resolve("metrics.jsonl"), "{\"split\":\"test\",\"step\":300}\n");
        IllegalArgumentException unfinished = assertThrows(IllegalArgumentException.class,
                () -> DistillationAblation.finishedTest(run));
        assertTrue(unfinished.getMessage().contains("step 300 of 600"), unfinished.getMessage());
        Files.writeString(run.resolve("metrics.jsonl"), "{\"split\":\"test\",\"step\":300}\n"
                + "{\"split\":\"train\",\"step\":600}\n{\"split\":\"test\",\"step\":600,\"accuracy\":0.5}\n");
        assertEquals(0.5, DistillationAblation.finishedTest(run).path("accuracy").asDouble());
        MapPlan plan = DistillationMapTest.minimal();
        assertThrows(IllegalArgumentException.class, () -> DistillationAblation.builder().setMap(dir)
                .setPlan(plan).setCell(0.5, 2).setOutput(dir.resolve("a")).build());
        assertThrows(IllegalArgumentException.class, () -> DistillationAblation.builder().setMap(dir)
                .setPlan(plan).setCell(0, 5).setOutput(dir.resolve("a")).build());
        assertThrows(IllegalArgumentException.class, () -> DistillationAblation.builder().setMap(dir)
                .setPlan(plan).setCell(0, 2).setOutput(dir).build());
    }

    /**
     * The minimal map, then two variants of its student: one that changes nothing the map's student used (the
     * temperature it already had) must reproduce the map's student exactly, seed for seed; one without the KL term
     * trains differently. Then a second run continues from the runs and trains nothing.
     */
    @Test
    @Tag("slow")
    void variantsTrainAgainstTheMapsTeacherAndTheSameVariantReproducesItsStudent() throws Exception {
        Path map = dir.resolve("map");
        MapPlan plan = DistillationMapTest.minimal();
        DistillationMap.Result m = DistillationMap.builder().setOutput(map).setPlan(plan)
                .optLog(new PrintWriter(new StringWriter(), true)).build().run();
        String t = plan.fusion().toJson().path("temperature").asText();
        StringWriter log = new StringWriter();
        DistillationAblation.Result r = DistillationAblation.builder().setMap(map).setPlan(plan).setCell(0, 2)
                .setOutput(dir.resolve("ablation"))
                .optVariants(List.of(DistillationAblation.Variant.parse("same:temperature=" + t),
                        DistillationAblation.Variant.parse("no-kl:kl_weight=0")))
                .optLog(new PrintWriter(log, true)).build().run();
        // 3 controls + 2 variants, one seed, one held-out subject
        assertEquals(5, r.rows().size());
        double mapStudent = m.rows().stream().filter(x -> x.condition() == Condition.STUDENT).findFirst()
                .orElseThrow().accuracy();
        double mapScratch = m.rows().stream().filter(x -> x.condition() == Condition.SCRATCH).findFirst()
                .orElseThrow().accuracy();
        assertEquals(mapStudent, accuracy(r, "student"), 1e-12);
        assertEquals(mapScratch, accuracy(r, "scratch"), 1e-12);
        assertEquals(mapStudent, accuracy(r, "same"), 1e-12, "the map's own settings give the map's student");
        String md = Files.readString(r.markdown());
        assertTrue(md.contains("| same | temperature=" + t + " |") && md.contains("| no-kl | kl_weight=0 |"), md);
        assertTrue(Files.readString(r.csv()).startsWith(DistillationAblation.HEADER), "csv header");
        long lines = Files.readAllLines(dir.resolve("ablation/runs/shared-0/seed-7/labelled-2/no-kl/metrics.jsonl"))
                .size();
        DistillationAblation.Result again = DistillationAblation.builder().setMap(map).setPlan(plan).setCell(0, 2)
                .setOutput(dir.resolve("ablation"))
                .optVariants(List.of(DistillationAblation.Variant.parse("same:temperature=" + t),
                        DistillationAblation.Variant.parse("no-kl:kl_weight=0")))
                .optLog(new PrintWriter(new StringWriter(), true)).build().run();
        assertEquals(r.rows(), again.rows());
        assertEquals(lines, Files.readAllLines(dir.resolve(
                "ablation/runs/shared-0/seed-7/labelled-2/no-kl/metrics.jsonl")).size(), "nothing trained again");
    }

    private static double accuracy(DistillationAblation.Result r, String condition) {
        return r.rows().stream().filter(x -> x.condition().equals(condition)).findFirst().orElseThrow().accuracy();
    }
}
