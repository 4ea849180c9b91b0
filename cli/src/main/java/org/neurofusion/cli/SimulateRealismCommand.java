package org.neurofusion.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.simulate.realism.RealismInputs;
import org.neurofusion.datasets.simulate.realism.RealismReport;
import org.neurofusion.datasets.simulate.realism.RealismReport.Side;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion simulate realism}: the same statistics on simulated and real recordings, side by side with a
 * flag where the simulation falls outside what the real recordings show ({@link RealismReport}). The table goes to
 * stdout as Markdown, progress to stderr.
 */
@Command(name = "realism", mixinStandardHelpOptions = true,
        description = {"Compares simulated with real EEG/fNIRS recordings, statistic by statistic.",
            "Prints the median and range of each statistic on both sides, flagged where the simulated median is",
            "more than a factor 2 (3 dB for decibels) outside the real range or of the wrong sign."})
final class SimulateRealismCommand implements Callable<Integer> {
    @Option(names = "--real", required = true, arity = "1..*", paramLabel = "PATH", description = "Real recordings:"
            + " files (EDF, BDF, SNIRF), NIRx folders, BIDS datasets or folders searched for them.")
    List<Path> real;

    @Option(names = "--simulated", paramLabel = "DIR", description = "Simulated recordings (e.g. a folder written"
            + " by 'simulate --out'); default: a cohort of 2 subjects, motor imagery, one session, simulated now.")
    Path simulated;

    @Option(names = "--task-events", split = ",", paramLabel = "EVENT", description = "Event descriptions (e.g."
            + " trigger codes 3,5,6,8) that mark task onsets for the evoked fNIRS response, besides the left/right"
            + " motor-imagery labels.")
    List<String> taskEvents = new ArrayList<>();

    @Mixin
    SeedOption seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        List<RealismInputs.Source> realSources = new ArrayList<>();
        for (Path p : real) {
            realSources.addAll(RealismInputs.find(p));
        }
        Path tmp = null;
        try {
            Path sim = simulated;
            if (sim == null) {
                tmp = Files.createTempDirectory("neurofusion-realism");
                sim = tmp;
                SimulationConfig c = SimulationConfig.builder().optSeed(seed.seed).optSubjects(2)
                        .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optSessionsPerTask(1)
                        .optRestingRunSeconds(0).build();
                new CohortWriter(c, EnumSet.of(Modality.EEG, Modality.FNIRS), ".bdf").write(sim,
                        (subject, done, total) -> progress(err, "simulated subject %s (%d/%d)", subject.id(), done,
                                total));
            }
            RealismReport report = new RealismReport(java.util.Set.copyOf(taskEvents));
            RealismReport.Progress listener = (side, name, done, total, problem) -> progress(err,
                    "%s %d/%d %s%s", side.name().toLowerCase(Locale.ROOT), done, total, name,
                    problem == null ? "" : ": skipped, " + problem);
            report.addAll(Side.SIMULATED, RealismInputs.find(sim), listener);
            report.addAll(Side.REAL, realSources, listener);
            spec.commandLine().getOut().print(report.markdown());
            spec.commandLine().getOut().flush();
            progress(err, "done in %.1f s", (System.nanoTime() - t0) / 1e9);
        } finally {
            if (tmp != null) {
                org.neurofusion.core.AtomicFiles.deleteTree(tmp);
            }
        }
        return 0;
    }

    private static void progress(PrintWriter err, String format, Object... args) {
        err.printf(Locale.ROOT, format + "%n", args);
        err.flush();
    }
}
