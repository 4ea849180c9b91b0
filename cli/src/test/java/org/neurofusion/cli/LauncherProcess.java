package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The real {@code bin/neurofusion} as a process, the way a user on a new, offline machine starts it: a given
 * {@code HOME}, DJL offline with its natives extracted into {@code target/djl-cache} (kept between runs), and never
 * a nested Maven build. For the tests that run after {@code package}.
 */
final class LauncherProcess {
    private LauncherProcess() {
    }

    /** The repository root (the parent of the cli module). */
    static Path root() {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.isExecutable(root.resolve("bin/neurofusion")), "no launcher under " + root);
        return root;
    }

    /** The DJL cache shared by these tests. */
    static Path cache() throws IOException {
        return Files.createDirectories(Path.of("target", "djl-cache").toAbsolutePath());
    }

    /** A process builder for {@code bin/neurofusion args} in {@code home}, with {@code extraEnv} on top. */
    static ProcessBuilder builder(Path home, Map<String, String> extraEnv, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(root().resolve("bin/neurofusion").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
        Map<String, String> env = pb.environment();
        env.remove("JAVA_OPTS");
        env.remove("NEUROFUSION_THREADS");
        env.put("HOME", home.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("DJL_OFFLINE", "true");
        env.put("DJL_CACHE_DIR", cache().toString());
        // The jar was built by this very Maven run: a stale one is a failure, never a nested build.
        env.put("NEUROFUSION_NO_BUILD", "1");
        env.putAll(extraEnv);
        return pb;
    }
}
