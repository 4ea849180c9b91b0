package org.neurofusion.inference;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Debian's Python with PyTorch, which the cross-checks against PyTorch need; they skip with a message without it. */
final class PythonTorch {
    static final Path PYTHON = Path.of("/usr/bin/python3");

    private PythonTorch() {
    }

    /** Skips the calling test class unless {@link #PYTHON} imports {@code modules} (e.g. "torch, numpy"). */
    static void assume(String modules, String what) throws IOException, InterruptedException {
        assumeTrue(Files.isExecutable(PYTHON), what + " not checked: no " + PYTHON);
        Process p = new ProcessBuilder(PYTHON.toString(), "-c", "import " + modules).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        boolean done = p.waitFor(120, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assumeTrue(done && p.exitValue() == 0, what + " not checked: " + PYTHON + " cannot import " + modules);
    }
}
