package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pretrain} killed with SIGKILL in the middle of its run and started again with {@code --resume} ends with
 * the same checkpoint, byte for byte, and the same metrics as a run that was never interrupted. Runs the real
 * launcher after {@code package}, as {@link LauncherTest} does.
 */
class KillResumeTest {
    private static final String[] TRAIN = {"--set", "epochs=3", "--set", "batch_size=6", "--set", "min_gap_s=0",
        "--subjects-holdout", "1", "--device", "cpu", "--seed", "7"};

    @TempDir
    Path home;

    private Process start(String... args) throws IOException {
        return LauncherProcess.builder(home, Map.of("NEUROFUSION_THREADS", "1"), args)
                .redirectOutput(home.resolve("out-" + System.nanoTime() + ".txt").toFile())
                .redirectError(home.resolve("err-" + System.nanoTime() + ".txt").toFile()).start();
    }

    private void finish(Process p, String what) throws InterruptedException {
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError(what + " ran past 300 s");
        }
        assertEquals(0, p.exitValue(), what + " failed");
    }

    private String[] pretrain(Path sim, Path out, boolean resume) {
        List<String> a = new java.util.ArrayList<>(List.of("pretrain", "--data", sim.toString(), "--out",
                out.toString()));
        a.addAll(List.of(TRAIN));
        if (resume) {
            a.add("--resume");
        }
        return a.toArray(new String[0]);
    }

    @Test
    void aKilledRunResumesToTheSameCheckpoint() throws Exception {
        Path sim = home.resolve("sim");
        finish(start("simulate", "--subjects", "3", "--sessions", "1", "--trials", "6", "--resting-seconds", "60",
                "--tasks", "mi", "--set", "preRestSeconds=5", "--set", "postRestSeconds=8", "--seed", "7", "--out",
                sim.toString()), "simulate");
        Path whole = home.resolve("whole");
        finish(start(pretrain(sim, whole, false)), "the uninterrupted run");

        Path cut = home.resolve("cut");
        Process p = start(pretrain(sim, cut, false));
        Path metrics = cut.resolve("metrics.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
        // wait for epoch 1's rows (written just before its checkpoint), then for the checkpoint itself
        while (p.isAlive() && !(Files.exists(metrics) && Files.readAllLines(metrics).size() >= 2
                && Files.exists(cut.resolve("checkpoints/last.ckpt")))) {
            assertTrue(System.nanoTime() < deadline, "no first epoch after 240 s");
            Thread.sleep(20);
        }
        boolean killedMidRun = p.isAlive();
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        p.waitFor();
        assertTrue(killedMidRun, "the run finished before it could be killed: the test needs a longer run");
        finish(start(pretrain(sim, cut, true)), "the resumed run");

        assertArrayEquals(Files.readAllBytes(whole.resolve("checkpoints/last.ckpt")),
                Files.readAllBytes(cut.resolve("checkpoints/last.ckpt")), "last checkpoints differ");
        assertEquals(withoutTimes(whole.resolve("metrics.jsonl")), withoutTimes(metrics));
    }

    private static List<String> withoutTimes(Path metrics) throws IOException {
        return Files.readAllLines(metrics, StandardCharsets.UTF_8).stream()
                .map(l -> l.replaceAll("\"(seconds|windows_per_s)\":[0-9.Ee+-]+,?", "")).toList();
    }
}
