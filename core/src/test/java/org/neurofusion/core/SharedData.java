package org.neurofusion.core;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds the shared real recordings ({@code ../shared/data} beside the project). Tests that need them
 * call {@link #require()}, which skips the test with a message when they are absent (a user's fresh
 * clone) and returns the folder otherwise (CI, where they are always present); a file missing from a present
 * folder fails the test.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The data folder, if it can be found: system property, environment, then upwards from here. */
    public static Optional<Path> locate() {
        String prop = System.getProperty("neurofusion.data");
        if (prop != null && !prop.isBlank() && Files.isDirectory(Paths.get(prop))) {
            return Optional.of(Paths.get(prop).toAbsolutePath().normalize());
        }
        String env = System.getenv("NEUROFUSION_DATA");
        if (env != null && !env.isBlank() && Files.isDirectory(Paths.get(env))) {
            return Optional.of(Paths.get(env).toAbsolutePath().normalize());
        }
        Path dir = Paths.get("").toAbsolutePath();
        for (int i = 0; i < 5 && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate.resolve("expected"))) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    /** The data folder; skips the calling test, with a message, when it is absent. */
    public static Path require() {
        Optional<Path> p = locate();
        assumeTrue(p.isPresent(), "../shared/data is absent: skipping a test that reads the shared real recordings");
        return p.get();
    }

    /**
     * A file under the data folder; skips when the folder is absent, and fails, naming the file, when the folder is
     * there but the file is not (a renamed or deleted file must not pass as a skip).
     */
    public static Path require(String relative) {
        Path p = require().resolve(relative);
        if (!Files.exists(p)) {
            fail("shared data file " + relative + " is missing from " + p.getParent()
                    + " though the data folder is there: renamed or deleted?");
        }
        return p;
    }
}
