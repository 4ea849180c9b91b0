package org.neurofusion.datasets.bids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the official BIDS validator (Node) on a dataset the writer made, only when the system property
 * {@code bids.validator} or the environment variable {@code BIDS_VALIDATOR} names its executable
 * (e.g. {@code node_modules/.bin/bids-validator} of {@code npm install bids-validator@1.15.0}); skipped
 * otherwise, so the build needs no Node.
 */
class BidsValidatorTest {
    @TempDir
    Path dir;

    @Test
    void writtenDatasetPassesTheOfficialValidator() throws Exception {
        String exe = System.getProperty("bids.validator", System.getenv("BIDS_VALIDATOR"));
        assumeTrue(exe != null && !exe.isBlank(), "set -Dbids.validator=PATH or BIDS_VALIDATOR=PATH to run the"
                + " official BIDS validator on a written dataset; skipped");
        BidsFixture.write(dir.resolve("ds"));
        Process p = new ProcessBuilder(exe, "--ignoreNiftiHeaders", dir.resolve("ds").toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(5, TimeUnit.MINUTES), "the validator did not finish");
        Files.writeString(Path.of("target", "bids-validator-output.txt"), out);
        System.out.println(out);
        assertEquals(0, p.exitValue(), "the validator reports errors:\n" + out);
    }
}
