package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code neurofusion bench}: the subcommands reach the benchmarks module and refuse bad options. */
class BenchCommandTest {
    @Test
    void withoutABenchmarkItNamesThemAll() {
        CliRun r = CliRun.run("bench");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("missing benchmark: one of io, fnirs, signal, store, simulate"), r.err());
    }

    @Test
    void signalPrintsItsTableOnASmallSize() {
        CliRun r = CliRun.run("bench", "signal", "--channels", "1", "--seconds", "2", "--rate", "1000");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("signal chain on 1 channels x 2 s at 1000 Hz"), r.out());
        assertTrue(r.out().contains("whole chain"), r.out());
    }

    @Test
    void badOptionsAreRefusedWithTheRule() {
        CliRun rate = CliRun.run("bench", "signal", "--rate", "250");
        assertEquals(2, rate.exitCode());
        assertTrue(rate.err().contains("a rate above 500 Hz"), rate.err());
        CliRun repeats = CliRun.run("bench", "io", "--repeats", "0");
        assertEquals(2, repeats.exitCode());
        assertTrue(repeats.err().contains("--repeats must be >= 1"), repeats.err());
        CliRun subjects = CliRun.run("bench", "simulate", "--subjects", "0");
        assertEquals(2, subjects.exitCode());
        assertTrue(subjects.err().contains("--subjects and --threads must be >= 1"), subjects.err());
    }
}
