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
}
