package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --model}: the deep conditions beside a classical one on the subjects the pre-training held out,
 * with report.html, and the usage errors (a deep condition without a run, a run pre-trained on another dataset).
 * Four steps per run: nothing here measures accuracy.
 */
class EvaluateModelTest {
    @TempDir
    Path dir;

    private static void simulate(Path bids, String seed, String trials) {
        CliRun sim = CliRun.run("simulate", "--subjects", "3", "--sessions", "1", "--trials", trials,
                "--resting-seconds", "30", "--tasks", "mi", "--seed", seed, "--set", "preRestSeconds=5", "--set",
                "postRestSeconds=8", "--out", bids.toString());
        assertEquals(0, sim.exitCode(), sim.err());
    }

    @Test
    void deepConditionsRunOnTheHeldOutSubjectsAndMismatchesAreRefused() throws Exception {
        Path bids = dir.resolve("bids");
        simulate(bids, "5", "8");
        Path run = dir.resolve("pre");
        CliRun pre = CliRun.run("pretrain", "--data", bids.toString(), "--out", run.toString(), "--set", "epochs=1",
                "--set", "batch_size=6", "--set", "min_gap_s=0", "--subjects-holdout", "1", "--device", "cpu");
        assertEquals(0, pre.exitCode(), pre.err());
        Path out = dir.resolve("out");
        CliRun ev = CliRun.run("evaluate", "--data", bids.toString(), "--model", run.toString(), "--conditions",
                "eeg-csp,frozen-linear,fine-tuned", "--protocol", "loso", "--steps", "4", "--out", out.toString());
        assertEquals(0, ev.exitCode(), ev.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 3, csv.size(), "one held-out subject, three conditions: " + csv);
        String heldOut = csv.get(1).split(",")[0];
        assertTrue(csv.stream().skip(1).allMatch(l -> l.startsWith(heldOut + ",")), csv.toString());
        assertTrue(csv.stream().anyMatch(l -> l.contains(",fine-tuned,eeg,") && l.endsWith(run.toString())),
                "the pretrained column names the run: " + csv);
        assertTrue(Files.isDirectory(out.resolve("runs/fine-tuned/loso/sub-" + heldOut)));
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("fine-tuned/loso/sub-" + heldOut) && html.contains("pre-training"), "curves");
        assertTrue(ev.out().trim().endsWith("report.html"), ev.out());

        CliRun noModel = CliRun.run("evaluate", "--data", bids.toString(), "--conditions", "eeg-csp,scratch",
                "--out", dir.resolve("o2").toString());
        assertEquals(2, noModel.exitCode());
        assertTrue(noModel.err().contains("[scratch] need a pre-trained run: give --model"), noModel.err());

        Path other = dir.resolve("other");
        simulate(other, "6", "6");
        CliRun mismatch = CliRun.run("evaluate", "--data", other.toString(), "--model", run.toString(),
                "--conditions", "fine-tuned", "--protocol", "loso", "--steps", "4", "--out",
                dir.resolve("o3").toString());
        assertEquals(2, mismatch.exitCode());
        assertTrue(mismatch.err().contains("no window of the same recording and onset"), mismatch.err());

        // a transfer: the run's encoder on an EEG-only store of the same recordings, cut as its EEG was
        Path spec = dir.resolve("eeg.json");
        Files.writeString(spec, "{\"mode\": \"events\", \"labels\": {\"left_hand\": 0, \"right_hand\": 1},"
                + " \"modalities\": {\"eeg\": {\"length_s\": 4, \"offset_s\": 0, \"rate\": 100, \"pipeline\":"
                + " [{\"name\": \"filter\", \"parameters\": {\"l_freq\": \"1\", \"h_freq\": \"40\"}}]}}}");
        Path eegStore = dir.resolve("eeg-store");
        CliRun cut = CliRun.run("windows", bids.toString(), "--spec", spec.toString(), "--part", "events:task=mi",
                "--out", eegStore.toString());
        assertEquals(0, cut.exitCode(), cut.err());
        Path transfer = dir.resolve("transfer");
        CliRun tr = CliRun.run("evaluate", "--data", bids.toString(), "--model", run.toString(), "--model-windows",
                eegStore.toString(), "--conditions", "eeg-csp,fine-tuned", "--protocol", "loso", "--steps", "4",
                "--out", transfer.toString());
        assertEquals(0, tr.exitCode(), tr.err());
        List<String> rows = Files.readAllLines(transfer.resolve("results.csv"));
        assertEquals(1 + 2, rows.size(), rows.toString());
        assertTrue(rows.stream().skip(1).allMatch(l -> l.startsWith(heldOut + ",")), rows.toString());
        CliRun student = CliRun.run("evaluate", "--data", bids.toString(), "--model", run.toString(),
                "--model-windows", eegStore.toString(), "--conditions", "student", "--out", dir.resolve("o4")
                        .toString());
        assertEquals(2, student.exitCode());
        assertTrue(student.err().contains("a transfer (--model-windows) trains single-modality conditions only"),
                student.err());
    }
}
