package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neurofusion experiment distillation-map}: help and usage errors (the map itself is tested in fusion). */
class ExperimentCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpNamesTheMapAndItsOptions() {
        CliRun top = CliRun.run("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("experiment"), top.out());
        CliRun exp = CliRun.run("experiment", "--help");
        assertEquals(0, exp.exitCode());
        assertTrue(exp.out().contains("distillation-map"), exp.out());
        CliRun map = CliRun.run("experiment", "distillation-map", "--help");
        assertEquals(0, map.exitCode(), map.err());
        for (String o : new String[] {"--quick", "--seed", "--out", "--threads", "SIMULATED DATA", "95% t"}) {
            assertTrue(map.out().contains(o), o + " missing from " + map.out());
        }
        assertTrue(map.err().isEmpty(), map.err());
    }

    @Test
    void badUsageExitsTwoNamingTheProblemAndWritesNothing() {
        Path out = dir.resolve("m");
        CliRun bogus = CliRun.run("experiment", "distillation-map", "--bogus", "--out", out.toString());
        assertEquals(2, bogus.exitCode());
        assertTrue(bogus.err().contains("--bogus"), bogus.err());
        CliRun threads = CliRun.run("experiment", "distillation-map", "--threads", "0", "--out", out.toString());
        assertEquals(2, threads.exitCode());
        assertTrue(threads.err().contains("--threads must be at least 1"), threads.err());
        CliRun none = CliRun.run("experiment");
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("distillation-map"), none.err());
        assertTrue(!Files.exists(out), "a usage error must not start a map");
    }
}
