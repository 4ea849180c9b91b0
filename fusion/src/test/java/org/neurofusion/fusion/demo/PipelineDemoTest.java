package org.neurofusion.fusion.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.evaluation.ProgressListener;

/**
 * The whole demo on a tiny cohort (3 subjects, 1 held out, 1 epoch, 4 steps per run: nothing here measures
 * accuracy): every stage's files, every condition's row, the few-shot rows, the student's predictions on the raw
 * held-out recording, a resumed run that trains nothing again, and a folder of another demo refused.
 */
class PipelineDemoTest {
    @TempDir
    Path dir;

    @Test
    void theWholePathWritesEveryStageAndResumesWithoutTrainingAgain() throws Exception {
        PipelineDemo.Settings tiny = new PipelineDemo.Settings(7, 3, 1, 1, 4, 10);
        List<String> log = new ArrayList<>();
        PipelineDemo.Result r = PipelineDemo.run(tiny, dir, Device.cpu(), log::add, ProgressListener.none(),
                new PrintWriter(new StringWriter()));
        Set<String> conditions = new TreeSet<>();
        r.result().rows().forEach(x -> conditions.add(x.condition()));
        assertEquals(new TreeSet<>(PipelineDemo.CONDITIONS), conditions);
        String heldOut = r.result().rows().get(0).subject();
        assertTrue(r.result().rows().stream().allMatch(x -> x.subject().equals(heldOut) && x.protocol().equals("loso")),
                "only the held-out subject is tested");
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        for (int k : PipelineDemo.FEW_SHOT) {
            for (String c : PipelineDemo.FEW_SHOT_CONDITIONS) {
                long n = csv.stream().filter(l -> l.contains(",fewshot-" + k + ",mi," + c + ",")).count();
                assertEquals(PipelineDemo.FEW_SHOT_DRAWS, n, "fewshot-" + k + " " + c);
            }
        }
        assertTrue(csv.stream().anyMatch(l -> l.contains(",loso,mi,student,eeg,")), "student rows read eeg");
        // the artifact decoded the held-out subject's raw recording window by window
        List<String> predictions = Files.readAllLines(r.predictions());
        assertTrue(predictions.get(0).startsWith("onset_s,duration_s,label,p_"), predictions.get(0));
        assertTrue(predictions.size() > 20, "windows every stride over the whole run");
        assertTrue(r.trialAccuracy() >= 0 && r.trialAccuracy() <= 1);
        assertTrue(r.trials() > 0);
        assertEquals(r.trials(), r.agreeing(), "the raw recording's path decides as the stored windows do");
        assertTrue(Files.isRegularFile(r.artifact().resolve("spec.json")));
        String html = Files.readString(r.report());
        assertTrue(html.contains("echarts") && html.contains("pre-training") && html.contains("student/loso/sub-"
                + heldOut), "training curves of the fold runs");
        assertTrue(Files.readString(dir.resolve("demo-summary.md")).contains("SIMULATED"));
        assertTrue(Files.readString(dir.resolve("summary.md")).contains("Paired comparisons"));
        assertEquals(r.table().get(0), PipelineDemo.table(r.result(), 7).get(0));
        assertTrue(r.table().get(0).contains("SIMULATED data, seed 7"), r.table().get(0));

        Path metrics = dir.resolve("runs/folds/student/loso/sub-" + heldOut).resolve(onlyChild(
                dir.resolve("runs/folds/student/loso/sub-" + heldOut))).resolve(RunDirectory.METRICS);
        String before = Files.readString(metrics);
        List<String> again = new ArrayList<>();
        PipelineDemo.Result r2 = PipelineDemo.run(tiny, dir, Device.cpu(), again::add, ProgressListener.none(),
                new PrintWriter(new StringWriter()));
        assertEquals(r.table(), r2.table(), "the resumed demo gives the same table");
        assertEquals(before, Files.readString(metrics), "no run trained again");
        assertTrue(again.stream().anyMatch(l -> l.contains("reusing the simulated cohort")), again.toString());

        PipelineDemo.Settings other = new PipelineDemo.Settings(8, 3, 1, 1, 4, 10);
        var e = assertThrows(IllegalArgumentException.class, () -> PipelineDemo.run(other, dir, Device.cpu(),
                l -> { }, ProgressListener.none(), new PrintWriter(new StringWriter())));
        assertTrue(e.getMessage().contains("other settings"), e.getMessage());
    }

    private static String onlyChild(Path d) throws Exception {
        try (var s = Files.list(d)) {
            List<Path> l = s.toList();
            assertEquals(1, l.size(), l.toString());
            return l.get(0).getFileName().toString();
        }
    }

    @Test
    void settingsOutsideTheirRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PipelineDemo.Settings(1, 2, 1, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PipelineDemo.Settings(1, 4, 3, 1, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PipelineDemo.Settings(1, 4, 1, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new PipelineDemo.Settings(1, 4, 1, 1, 0, 0));
    }
}
