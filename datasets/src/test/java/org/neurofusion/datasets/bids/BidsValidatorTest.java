package org.neurofusion.datasets.bids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the official BIDS validator (Node) on a dataset the writer made: the executable that the system property
 * {@code bids.validator} or the environment variable {@code BIDS_VALIDATOR} names (e.g.
 * {@code node_modules/.bin/bids-validator} of {@code npm install bids-validator@1.15.0}), otherwise
 * {@code npx --yes bids-validator}. Skipped only where neither is given and {@code npx} is not on the path, so CI
 * runs it.
 */
class BidsValidatorTest {
    @TempDir
    Path dir;

    /** {@code npx} on the path, if any. */
    private static Optional<Path> npx() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            for (String name : List.of("npx", "npx.cmd")) {
                Path p = Path.of(d).resolve(name);
                if (Files.isExecutable(p)) {
                    return Optional.of(p);
                }
            }
        }
        return Optional.empty();
    }

    /** The validator's command line, or a skip where none can run. */
    private static List<String> validator() {
        String exe = System.getProperty("bids.validator", System.getenv("BIDS_VALIDATOR"));
        List<String> command = new ArrayList<>();
        if (exe != null && !exe.isBlank()) {
            command.add(exe);
        } else {
            Optional<Path> npx = npx();
            assumeTrue(npx.isPresent(), "npx is not on the path (and neither -Dbids.validator=PATH nor"
                    + " BIDS_VALIDATOR=PATH is set): the official BIDS validator cannot run; skipped");
            command.addAll(List.of(npx.get().toString(), "--yes", "bids-validator"));
        }
        return command;
    }

    /**
     * Runs the validator on {@code ds} and requires exit status 0. The output goes to a file, so that a validator
     * that never finishes is stopped after five minutes instead of blocking a read.
     */
    private void validate(List<String> command, Path ds, String name) throws Exception {
        Path log = dir.resolve(name + "-validator.txt");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = p.waitFor(5, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.writeString(Path.of("target", name + "-bids-validator-output.txt"), out);
        System.out.println(out);
        assertEquals(true, finished, "the validator did not finish within five minutes:\n" + out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " reports errors on " + ds + ":\n" + out);
    }

    @Test
    void writtenDatasetPassesTheOfficialValidator() throws Exception {
        List<String> command = validator();
        BidsFixture.write(dir.resolve("ds"));
        command.addAll(List.of("--ignoreNiftiHeaders", dir.resolve("ds").toString()));
        validate(command, dir.resolve("ds"), "bids");
    }

    /**
     * A simulated cohort with all four modalities (EEG as BDF, fNIRS as SNIRF, MEG as FIF, BOLD as NIfTI with the
     * atlas derivative), NIfTI headers checked too.
     */
    @Test
    void aFourModalitySimulatedCohortPassesTheOfficialValidator() throws Exception {
        List<String> command = validator();
        Path ds = dir.resolve("sim4");
        org.neurofusion.datasets.simulate.SimulationConfig c = org.neurofusion.datasets.simulate.SimulationConfig
                .builder().optSeed(5).optSubjects(2)
                .optTasks(List.of(org.neurofusion.datasets.simulate.SimulatedTask.MOTOR_IMAGERY))
                .optSessionsPerTask(1).optTrialsPerSession(2).optPreRestSeconds(5).optPostRestSeconds(5)
                .optRestingRunSeconds(20).build();
        new org.neurofusion.datasets.simulate.CohortWriter(c, java.util.EnumSet.of(org.neurofusion.core.Modality.EEG,
                org.neurofusion.core.Modality.FNIRS, org.neurofusion.core.Modality.MEG,
                org.neurofusion.core.Modality.FMRI), ".bdf").write(ds, (s, done, total) -> { });
        command.add(ds.toString());
        validate(command, ds, "simulated-four-modalities");
    }
}
