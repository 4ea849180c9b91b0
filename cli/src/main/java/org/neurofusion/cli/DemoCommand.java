package org.neurofusion.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurofusion.evaluation.Demo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion demo}: the whole classical path on SIMULATED data ({@link Demo}): progress on stderr, the
 * accuracy table beside Shin et al. 2017 and the output folder on stdout.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulates a paired EEG-fNIRS cohort, reads it back as BIDS, windows it and evaluates the"
            + " classical baselines within and across subjects (SIMULATED data), beside Shin et al. 2017."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Output folder (default: a new temporary folder).")
    Path out;

    @Mixin
    SeedOption seed;

    @Option(names = "--subjects", description = "Simulated subjects (default: 10; 3 with --quick).")
    Integer subjects;

    @Option(names = "--quick", description = "A small cohort and 2 repetitions instead of 10: about 20 seconds.")
    boolean quick;

    @Mixin
    KnobOptions knobs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Demo.Settings settings;
        try {
            settings = new Demo.Settings(seed.seed, subjects != null ? subjects : quick ? 3 : 10, quick ? 2 : 10,
                    knobs.checked());
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Path dir = out != null ? out : Files.createTempDirectory("neurofusion-demo");
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        Demo.Result r = Demo.run(settings, dir, line -> {
            err.println(line);
            err.flush();
        }, new FoldProgress(err, "evaluating"));
        o.printf(Locale.ROOT, "done in %.0f s%n%n", (System.nanoTime() - t0) / 1e9);
        r.table().forEach(o::println);
        o.println(dir);
        return 0;
    }
}
