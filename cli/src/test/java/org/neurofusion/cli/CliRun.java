package org.neurofusion.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.function.Function;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.Recordings;

/** One in-process run of the command, with what it printed and its exit status. */
record CliRun(int exitCode, String out, String err) {

    /** Runs the command with the real opener ({@link Recordings#open}). */
    static CliRun run(String... args) {
        return run(Recordings::open, args);
    }

    /** Runs the command with recordings opened by {@code opener}. */
    static CliRun run(Function<Path, Recording> opener, String... args) {
        return run(opener, false, args);
    }

    /** Runs the command as if NEUROFUSION_DEBUG were set (or not). */
    static CliRun run(Function<Path, Recording> opener, boolean debugEnv, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.create(opener, new PrintWriter(out, true), new PrintWriter(err, true), debugEnv).execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }

    /** stderr split into lines. */
    String[] errLines() {
        return err.isEmpty() ? new String[0] : err.split("\\R");
    }
}
