package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the real {@code bin/neurofusion} in a fresh process with an empty {@code HOME}, as on a new machine that is
 * offline: the PyTorch engine must load from the jars in {@code cli/target/lib} alone. Runs after {@code package}
 * (the cli POM binds it to the integration-test phase). libtorch is extracted into {@code target/djl-cache}, kept
 * between runs, since a fresh extraction writes 432 MB.
 */
class LauncherTest {
    private static Path root;
    private static Path cache;

    @TempDir
    Path home;

    @BeforeAll
    static void locate() throws IOException {
        root = LauncherProcess.root();
        cache = LauncherProcess.cache();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run launch(Map<String, String> extraEnv, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = LauncherProcess.builder(home, extraEnv, args);
        Path out = home.resolve("stdout.txt");
        Path err = home.resolve("stderr.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("bin/neurofusion " + String.join(" ", args) + " ran past 180 s; stderr: "
                    + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void engineLoadsOfflineFromTheCopiedNatives() throws Exception {
        // PYTORCH_VERSION would send DJL to its download path: the launcher must drop it.
        Run r = launch(Map.of("NEUROFUSION_THREADS", "3", "PYTORCH_VERSION", "2.5.1"), "engine");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals("engine: PyTorch", lines.get(0), r.out());
        assertEquals("libtorch: 2.7.1", lines.get(1), r.out());
        assertTrue(lines.get(2).matches("device: (cpu\\(\\)|gpu\\(\\d+\\))"), r.out());
        assertEquals("threads: 3 intra-op, 1 inter-op", lines.get(3), r.out());
        assertEquals("cache: " + cache, lines.get(4), r.out());
        // Nothing went to the fresh home: no ~/.djl.ai download or extraction.
        assertFalse(Files.exists(home.resolve(".djl.ai")), "DJL wrote into HOME despite DJL_CACHE_DIR");
    }

    @Test
    void threadsDefaultToTheCoresAtMostEight() throws Exception {
        Process nproc = new ProcessBuilder("nproc").start();
        int cores = Integer.parseInt(new String(nproc.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip());
        nproc.waitFor();
        Run r = launch(Map.of(), "engine");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("threads: " + Math.min(cores, 8) + " intra-op, 1 inter-op"), r.out());
    }

    @Test
    void badThreadCountIsAUsageError() throws Exception {
        Run r = launch(Map.of("NEUROFUSION_THREADS", "many"), "engine");
        assertEquals(2, r.exit(), r.err());
        assertEquals("neurofusion: NEUROFUSION_THREADS must be a positive whole number, not 'many'", r.err().strip());
        assertEquals("", r.out());
    }
}
