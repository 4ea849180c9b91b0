package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neurofusion pretrain} and {@code embed} on a tiny simulated cohort, and their usage errors. */
class PretrainCommandTest {
    @TempDir
    Path dir;

    @Test
    void pretrainsOnASimulatedDatasetResumesAndEmbeds() throws Exception {
        Path bids = dir.resolve("sim");
        CliRun sim = CliRun.run("simulate", "--subjects", "3", "--sessions", "1", "--trials", "4",
                "--resting-seconds", "30", "--tasks", "mi", "--set", "preRestSeconds=5", "--set", "postRestSeconds=8",
                "--out", bids.toString());
        assertEquals(0, sim.exitCode(), sim.err());
        Path run = dir.resolve("run");
        String[] args = {"pretrain", "--data", bids.toString(), "--out", run.toString(), "--set", "epochs=1",
            "--set", "batch_size=6", "--set", "min_gap_s=0", "--subjects-holdout", "1", "--device", "cpu"};
        CliRun first = CliRun.run(args);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().contains("1 epochs") && first.out().contains("held-out eeg->fnirs: top-1"),
                first.out());
        // the simulator's truth was found beside the data: the oracle is reported
        assertTrue(first.out().contains("oracle top-1"), first.out());
        List<String> metrics = Files.readAllLines(run.resolve("metrics.jsonl"));
        assertEquals(2, metrics.size());
        assertTrue(metrics.get(1).contains("\"split\":\"val\""), metrics.get(1));
        // resuming a finished run does nothing more; another configuration is refused with the key named
        CliRun again = CliRun.run(concat(args, "--resume"));
        assertEquals(0, again.exitCode(), again.err());
        assertEquals(2, Files.readAllLines(run.resolve("metrics.jsonl")).size());
        CliRun other = CliRun.run("pretrain", "--data", bids.toString(), "--out", run.toString(), "--set",
                "epochs=2", "--subjects-holdout", "1", "--resume");
        assertNotEquals(0, other.exitCode());
        assertTrue(other.err().contains("epochs"), other.err());
        Path emb = dir.resolve("emb.npy");
        CliRun embed = CliRun.run("embed", "--model", run.toString(), "--data", bids.resolve("derivatives")
                .resolve("neurofusion-windows").resolve("pretrain").toString(), "--out", emb.toString(),
                "--device", "cpu");
        assertEquals(0, embed.exitCode(), embed.err());
        assertTrue(Files.exists(emb) && Files.exists(dir.resolve("emb.tsv")), embed.out());
        assertTrue(embed.out().contains("x 64 dims"), embed.out());
        // a model folder without a run, on a real store: the error names the folder and what it lacks
        String store = bids.resolve("derivatives").resolve("neurofusion-windows").resolve("pretrain").toString();
        CliRun noRun = CliRun.run("embed", "--model", dir.resolve("none").toString(), "--data", store, "--out",
                dir.resolve("e.npy").toString(), "--device", "cpu");
        assertNotEquals(0, noRun.exitCode());
        assertTrue(noRun.err().contains("none") && noRun.err().contains("config.json"), noRun.err());
        CliRun zeroBatch = CliRun.run("embed", "--model", run.toString(), "--data", store, "--out",
                dir.resolve("e.npy").toString(), "--batch", "0");
        assertEquals(2, zeroBatch.exitCode());
        assertTrue(zeroBatch.err().contains("--batch"), zeroBatch.err());
        // holding out every subject is the user's choice, not an internal error: a usage error that says so
        CliRun allHeldOut = CliRun.run("pretrain", "--data", bids.toString(), "--out", dir.resolve("r3").toString(),
                "--subjects-holdout", "3", "--device", "cpu");
        assertEquals(2, allHeldOut.exitCode(), allHeldOut.err());
        assertTrue(allHeldOut.err().contains("leaves none to train on")
                && !allHeldOut.err().contains("internal error"), allHeldOut.err());
    }

    /**
     * The whole four-modality path through the commands: a simulated cohort with MEG and BOLD written as BIDS (FIF,
     * NIfTI and the atlas derivative), read back, paired, cut into windows of all four and pre-trained; the summary
     * gives retrieval for each of the six pairs.
     */
    @Test
    void pretrainsOnFourSimulatedModalitiesAndReportsEveryPair() throws Exception {
        Path bids = dir.resolve("sim4");
        CliRun sim = CliRun.run("simulate", "--subjects", "3", "--sessions", "1", "--trials", "4",
                "--resting-seconds", "0", "--tasks", "mi", "--set", "preRestSeconds=5", "--set", "postRestSeconds=8",
                "--modalities", "eeg,fnirs,meg,fmri", "--out", bids.toString());
        assertEquals(0, sim.exitCode(), sim.err());
        Path run = dir.resolve("run4");
        CliRun pt = CliRun.run("pretrain", "--data", bids.toString(), "--out", run.toString(), "--modalities",
                "eeg,fnirs,meg,fmri", "--set", "epochs=1", "--set", "batch_size=4", "--set", "min_gap_s=0",
                "--subjects-holdout", "1", "--device", "cpu");
        assertEquals(0, pt.exitCode(), pt.err());
        List<String> pairs = pt.out().lines().filter(l -> l.startsWith("held-out ") && l.contains("(reverse "))
                .map(l -> l.substring("held-out ".length(), l.indexOf(':'))).toList();
        assertEquals(List.of("eeg->fnirs", "eeg->meg", "eeg->fmri", "fnirs->meg", "fnirs->fmri", "meg->fmri"), pairs,
                pt.out());
        String config = Files.readString(run.resolve("config.json"));
        for (String m : List.of("meg", "fmri")) {
            assertTrue(config.contains("\"" + m + "\""), m + " encoder missing from " + config);
        }
    }

    @Test
    void usageErrorsNameWhatIsWrong() throws Exception {
        CliRun unknown = CliRun.run("pretrain", "--data", dir.toString(), "--out", dir.resolve("r").toString(),
                "--set", "epoch=3");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().contains("unknown pre-training setting 'epoch'") && unknown.err().contains("epochs"),
                unknown.err());
        CliRun noEquals = CliRun.run("pretrain", "--data", dir.toString(), "--out", dir.resolve("r").toString(),
                "--set", "epochs");
        assertEquals(2, noEquals.exitCode());
        Path cfg = dir.resolve("c.json");
        Files.writeString(cfg, "{\"batch_size\": 1}");
        CliRun badConfig = CliRun.run("pretrain", "--data", dir.toString(), "--out", dir.resolve("r").toString(),
                "--config", cfg.toString());
        assertEquals(2, badConfig.exitCode());
        assertTrue(badConfig.err().contains("batch_size"), badConfig.err());
        CliRun badDevice = CliRun.run("pretrain", "--data", dir.toString(), "--out", dir.resolve("r").toString(),
                "--device", "tpu");
        assertEquals(2, badDevice.exitCode());
        assertTrue(badDevice.err().contains("tpu"), badDevice.err());
    }

    private static String[] concat(String[] a, String b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + 1);
        out[a.length] = b;
        return out;
    }
}
