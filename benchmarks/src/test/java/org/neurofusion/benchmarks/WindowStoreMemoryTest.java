package org.neurofusion.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds and reads a 2.2 GB store in a separate JVM limited to 256 MB of heap. Opt-in
 * ({@code -Dneurofusion.bigtests=true}): it takes a minute or more and 2.2 GB of disk.
 */
@EnabledIfSystemProperty(named = "neurofusion.bigtests", matches = "true")
class WindowStoreMemoryTest {
    @TempDir
    Path tmp;

    @Test
    void aStoreLargerThanTheHeapIsBuiltAndReadWith256Megabytes() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                StoreMemoryCheck.class.getName(), tmp.resolve("store").toString(), "2.2")).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("output.txt").toFile()).start();
        // Output to a file, so that a hung child fails the timeout instead of blocking a read forever.
        boolean finished = p.waitFor(20, TimeUnit.MINUTES);
        if (!finished) {
            p.destroyForcibly();
        }
        String output = Files.readString(tmp.resolve("output.txt"), StandardCharsets.UTF_8);
        assertTrue(finished, "the memory check did not finish\n" + output);
        System.out.println(output);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains(StoreMemoryCheck.PASSED), output);
    }
}
