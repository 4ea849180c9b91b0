package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.SharedData;

/** {@code neurofusion simulate realism}: runs without {@code --out} and prints the table; 'simulate' still needs it. */
class SimulateRealismCommandTest {
    @TempDir
    Path dir;

    @Test
    void tableOfAWrittenCohortAgainstARealFile() {
        Path real = SharedData.require("eeg/eegmmidb/S001R04.edf");
        Path sim = dir.resolve("sim");
        CliRun w = CliRun.run("simulate", "--subjects", "1", "--sessions", "1", "--trials", "4", "--resting-seconds",
                "0", "--tasks", "mi", "--modalities", "eeg", "--out", sim.toString());
        assertEquals(0, w.exitCode(), w.err());
        CliRun r = CliRun.run("simulate", "realism", "--real", real.toString(), "--simulated", sim.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("Simulated: 1 recordings (0 skipped); real: 1 recordings (0 skipped)."),
                r.out());
        assertTrue(r.out().contains("| EEG RMS, 1-40 Hz, average reference (per channel) | µV | "), r.out());
        assertTrue(r.err().contains("real 1/1 " + real), r.err());
        assertTrue(r.err().contains("done in"), r.err());
    }

    @Test
    void outIsStillRequiredToWriteACohortAndAMissingPathIsNamed() {
        CliRun noOut = CliRun.run("simulate", "--subjects", "1");
        assertEquals(2, noOut.exitCode());
        assertTrue(noOut.err().contains("Missing required option: '--out=<out>'"), noOut.err());
        CliRun noReal = CliRun.run("simulate", "realism");
        assertEquals(2, noReal.exitCode());
        assertTrue(noReal.err().contains("--real"), noReal.err());
        Path missing = dir.resolve("nothing-here");
        CliRun bad = CliRun.run("simulate", "realism", "--real", missing.toString(), "--simulated", dir.toString());
        assertTrue(bad.exitCode() != 0, bad.err());
        assertTrue(bad.err().contains(missing.toString()), bad.err());
    }
}
