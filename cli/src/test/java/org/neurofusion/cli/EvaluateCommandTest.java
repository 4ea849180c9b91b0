package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate}: k-fold by subject over several seeds, resumed from its --out, and another run's folder refused. */
class EvaluateCommandTest {
    @TempDir
    Path dir;

    @Test
    void severalSeedsResumeFromTheOutputFolderAndAnotherEvaluationIsRefused() throws Exception {
        Path bids = dir.resolve("bids");
        CliRun sim = CliRun.run("simulate", "--subjects", "3", "--sessions", "1", "--trials", "10", "--tasks", "mi",
                "--resting-seconds", "0", "--seed", "5", "--out", bids.toString());
        assertEquals(0, sim.exitCode(), sim.err());
        Path out = dir.resolve("out");
        String[] args = {"evaluate", "--data", bids.toString(), "--pipelines", "eeg-csp,fnirs-hbo", "--protocol",
            "kfold-2", "--repetitions", "1", "--seeds", "2", "--out", out.toString()};
        CliRun first = CliRun.run(args);
        assertEquals(0, first.exitCode(), first.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 3 * 2 * 2, csv.size(), "one row per subject, seed and condition");
        assertTrue(csv.stream().skip(1).allMatch(l -> l.contains(",kfold-2,mi,")), csv.toString());
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("## Paired comparisons") && summary.contains("| eeg-csp | fnirs-hbo | 3 |"),
                summary);
        assertTrue(summary.contains("## Mean ± std over seeds"), summary);
        List<String> folds = Files.readAllLines(out.resolve("folds.jsonl"));
        assertEquals(2 * 2 * 2, folds.size(), "a line per condition, fold and seed");

        // the same command again fits nothing and writes the same rows
        Files.delete(out.resolve("results.csv"));
        CliRun again = CliRun.run(args);
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(csv, Files.readAllLines(out.resolve("results.csv")));
        assertEquals(folds, Files.readAllLines(out.resolve("folds.jsonl")), "nothing fitted again");

        CliRun other = CliRun.run("evaluate", "--data", bids.toString(), "--pipelines", "eeg-csp,fnirs-hbo",
                "--protocol", "loso", "--seeds", "2", "--out", out.toString());
        assertEquals(2, other.exitCode());
        assertTrue(other.err().contains("holds another evaluation") && other.err().contains(
                "protocol kfold-2 there, loso here"), other.err());

        CliRun help = CliRun.run("evaluate", "--help");
        assertTrue(help.out().contains("--seeds") && help.out().contains("kfold-K") && help.out().contains("resume"),
                help.out());
    }

    /**
     * An EEG-only dataset: the default windowing loses its fNIRS part, the default conditions that read fNIRS are
     * left out with a note, and asked for by name they are refused; --windowing takes a spec file, a bad one is a
     * usage error naming it, and a task without a windowing asks for one.
     */
    @Test
    void anEegOnlyDatasetTakesTheEegConditionsAndAGivenWindowing() throws Exception {
        Path bids = dir.resolve("eeg-only");
        CliRun sim = CliRun.run("simulate", "--subjects", "2", "--sessions", "1", "--trials", "10", "--tasks", "mi",
                "--modalities", "eeg", "--resting-seconds", "0", "--seed", "6", "--out", bids.toString());
        assertEquals(0, sim.exitCode(), sim.err());
        CliRun plain = CliRun.run("evaluate", "--data", bids.toString(), "--protocol", "loso", "--out",
                dir.resolve("plain").toString());
        assertEquals(0, plain.exitCode(), plain.err());
        assertTrue(plain.err().contains("left out [fnirs-hbr, fnirs-hbo, hybrid]"), plain.err());
        assertTrue(plain.out().contains("| eeg-csp |"), plain.out());

        CliRun named = CliRun.run("evaluate", "--data", bids.toString(), "--pipelines", "eeg-csp,hybrid", "--out",
                dir.resolve("named").toString());
        assertEquals(2, named.exitCode());
        assertTrue(named.err().contains("condition 'hybrid' needs [fnirs]"), named.err());

        // a 1 s window 1 s after the cue, 10-20 Hz: a spec of the user's own
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{\"parts\": [{\"mode\": \"events\", \"labels\": {\"left_hand\": 0,"
                + " \"right_hand\": 1}}], \"modalities\": {\"eeg\": {\"length_s\": 1, \"offset_s\": 1,"
                + " \"pipeline\": [{\"name\": \"filter\", \"parameters\": {\"l_freq\": \"10\", \"h_freq\":"
                + " \"20\"}}]}}}");
        Path own = dir.resolve("own");
        CliRun given = CliRun.run("evaluate", "--data", bids.toString(), "--pipelines", "eeg-csp", "--protocol",
                "loso", "--windowing", spec.toString(), "--out", own.toString());
        assertEquals(0, given.exitCode(), given.err());
        String provenance = Files.readString(own.resolve("provenance.json"));
        assertTrue(provenance.contains("length_s") && provenance.replace("\\", "").contains("\"offset_s\":1"),
                provenance);

        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{\"modalities\": {}}");
        CliRun refused = CliRun.run("evaluate", "--data", bids.toString(), "--windowing", bad.toString(), "--out",
                dir.resolve("bad").toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("--windowing " + bad), refused.err());

        CliRun noTask = CliRun.run("evaluate", "--data", bids.toString(), "--task", "rest", "--out",
                dir.resolve("rest").toString());
        assertEquals(2, noTask.exitCode());
        assertTrue(noTask.err().contains("no default for it: give --windowing"), noTask.err());

        CliRun transferAlone = CliRun.run("evaluate", "--data", bids.toString(), "--model-windows", bids.toString(),
                "--out", dir.resolve("t").toString());
        assertEquals(2, transferAlone.exitCode());
        assertTrue(transferAlone.err().contains("--model-windows needs --model"), transferAlone.err());
    }
}
