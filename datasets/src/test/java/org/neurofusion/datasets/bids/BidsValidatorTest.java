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

    @Test
    void writtenDatasetPassesTheOfficialValidator() throws Exception {
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
        BidsFixture.write(dir.resolve("ds"));
        command.addAll(List.of("--ignoreNiftiHeaders", dir.resolve("ds").toString()));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(5, TimeUnit.MINUTES), "the validator did not finish");
        Files.writeString(Path.of("target", "bids-validator-output.txt"), out);
        System.out.println(out);
        assertEquals(0, p.exitValue(), String.join(" ", command) + " reports errors:\n" + out);
    }
}
