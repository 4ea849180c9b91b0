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
        assertTrue(r.err().contains("missing benchmark: one of io, fnirs, signal, store, simulate, train"), r.err());
    }

    @Test
    void signalPrintsItsTableOnASmallSize() {
        CliRun r = CliRun.run("bench", "signal", "--channels", "1", "--seconds", "2", "--rate", "1000");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("signal chain on 1 channels x 2 s at 1000 Hz"), r.out());
        assertTrue(r.out().contains("whole chain"), r.out());
    }

    @Test
    void megPrintsFifAndParcelFiguresOnATinySize() {
        CliRun r = CliRun.run("bench", "meg", "--channels", "4", "--seconds", "2", "--shape", "4,4,3",
                "--volumes", "5", "--parcels", "6", "--repeats", "1");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("FIF full read, 4 ch x 1000 Hz x 2 s"), r.out());
        assertTrue(r.out().contains("MB/s"), r.out());
        assertTrue(r.out().contains("parcel means, 6 parcels, .nii.gz"), r.out());
        assertTrue(r.out().contains("parcel means, 6 parcels, .nii ("), r.out());
        CliRun bad = CliRun.run("bench", "meg", "--shape", "2,2");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--shape takes three sizes"), bad.err());
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
        CliRun batch = CliRun.run("bench", "train", "--batch", "1");
        assertEquals(2, batch.exitCode());
        assertTrue(batch.err().contains("batch >= 2"), batch.err());
    }

    @Test
    void trainPrintsBothSidesOrSaysWhyPyTorchIsMissing() {
        CliRun r = CliRun.run("bench", "train", "--steps", "2", "--warmup", "1", "--batch", "4");
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("batch 4, 1 thread, 1 warm-up + 2 timed steps"), out);
        for (String row : new String[] {"windows/s", "ms/step median", "ms/step p90"}) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(row) && l.matches(row + " +\\d+\\.\\d .*")),
                    row + ":\n" + out);
        }
        // whole mebibytes; without the PyTorch twin (no python3-torch) its column is "-"
        assertTrue(out.lines().anyMatch(l -> l.matches("peak RSS MiB +[1-9]\\d* +(\\d+|-) .*")), out);
        // the two sides count the same parameters, or the reason the twin did not run is given
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("parameters +(\\d+) +(\\d+|-)").matcher(out);
        assertTrue(m.find(), out);
        if (m.group(2).equals("-")) {
            assertTrue(out.contains("PyTorch side not run: "), out);
        } else {
            assertEquals(m.group(1), m.group(2), out);
            assertTrue(out.contains("DJL takes "), out);
        }
        for (String stage : new String[] {"teacher", "student"}) {
            assertTrue(out.lines().anyMatch(l -> l.startsWith(stage) && l.contains("batch 4")
                    && l.matches(".*median \\d+\\.\\d ms, \\d+ windows/s")), stage + ":\n" + out);
        }
    }
}
