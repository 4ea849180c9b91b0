package org.neurofusion.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurofusion.evaluation.Demo;
import org.neurofusion.fusion.demo.PipelineDemo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion demo}: the whole path on SIMULATED data ({@link PipelineDemo}): simulate, pre-train, fuse,
 * distil, export, predict, compare, report; progress on stderr, the summary table and the report's path as the last
 * lines of stdout. {@code --classical} runs the classical baselines alone ({@link Demo}), within and across subjects,
 * beside Shin et al. 2017.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole path on SIMULATED data: simulates a paired EEG-fNIRS cohort, pre-trains the aligned"
            + " encoders, trains the teacher and distils the EEG-only student per held-out subject, exports the"
            + " student and runs it on a held-out recording, compares frozen, fine-tuned, scratch, student, teacher"
            + " and classical leave-one-subject-out, and writes report.html. Resumes in --out.",
            "With --classical: the classical baselines alone, within and across subjects, beside Shin et al. 2017."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Output folder (default: a new temporary folder); an interrupted demo"
            + " resumes in it.")
    Path out;

    @Mixin
    SeedOption seed;

    @Option(names = "--quick", description = "A small cohort and short training: about 2 minutes on 2 cores (the"
            + " default takes about 10).")
    boolean quick;

    @Option(names = "--classical", description = "Only the classical baselines (no models), within and across"
            + " subjects.")
    boolean classical;

    @Option(names = "--subjects", description = "With --classical: simulated subjects (default: 10; 3 with --quick).")
    Integer subjects;

    @Mixin
    KnobOptions knobs;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!classical && (subjects != null || !knobs.checked().isEmpty())) {
            throw new ParameterException(spec.commandLine(), "--subjects and --set shape the --classical demo only;"
                    + " the full demo's cohort is fixed (--quick or the default)");
        }
        Path dir = out != null ? out : Files.createTempDirectory("neurofusion-demo");
        Files.createDirectories(dir);
        long t0 = System.nanoTime();
        if (classical) {
            Demo.Settings settings;
            try {
                settings = new Demo.Settings(seed.seed, subjects != null ? subjects : quick ? 3 : 10, quick ? 2 : 10,
                        knobs.checked());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            Demo.Result r = Demo.run(settings, dir, line -> {
                err.println(line);
                err.flush();
            }, new FoldProgress(err, "evaluating"));
            o.printf(Locale.ROOT, "done in %.0f s%n%n", (System.nanoTime() - t0) / 1e9);
            r.table().forEach(o::println);
            o.println(dir);
            return 0;
        }
        PipelineDemo.Settings s = quick ? PipelineDemo.Settings.quick(seed.seed)
                : PipelineDemo.Settings.standard(seed.seed);
        PipelineDemo.Result r = PipelineDemo.run(s, dir, device.resolve(), line -> {
            err.println(line);
            err.flush();
        }, new FoldProgress(err, "comparing"), err);
        o.printf(Locale.ROOT, "done in %.0f s (SIMULATED data, seed %d)%n%n", (System.nanoTime() - t0) / 1e9,
                seed.seed);
        r.table().forEach(o::println);
        o.printf(Locale.ROOT, "%nthe exported student (%s) on a held-out recording through predict: %d trials,"
                + " accuracy %.3f (%s)%n", r.artifact(), r.trials(), r.trialAccuracy(), r.predictions());
        o.println(r.report());
        return 0;
    }
}
