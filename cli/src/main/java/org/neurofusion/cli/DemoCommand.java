package org.neurofusion.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.bids.BidsDataset;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion demo}: the whole path on SIMULATED data. Simulates a paired EEG–fNIRS motor-imagery cohort,
 * writes it as BIDS, reads it back, aligns and windows it, runs the classical baselines within-subject
 * (repeated chronological 5-fold) and across subjects (leave-one-subject-out), and prints the accuracy table
 * beside Shin et al. 2017's published one. Writes {@code results.csv} and {@code summary.md}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Simulates a paired EEG-fNIRS cohort, reads it back as BIDS, windows it and evaluates the"
            + " classical baselines within and across subjects (SIMULATED data), beside Shin et al. 2017."})
final class DemoCommand implements Callable<Integer> {
    static final List<String> CONDITIONS = List.of("eeg-csp", "fnirs-hbr", "fnirs-hbo", "hybrid");

    @Option(names = "--out", description = "Output folder (default: a new temporary folder).")
    Path out;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulation and the folds.")
    long seed;

    @Option(names = "--subjects", description = "Simulated subjects (default: 10; 3 with --quick).")
    Integer subjects;

    @Option(names = "--quick", description = "A small cohort and 2 repetitions instead of 10: about a minute.")
    boolean quick;

    @Option(names = "--set", paramLabel = "KNOB=VALUE", description = "Passes a simulation parameter to simulate"
            + " (repeatable).")
    List<String> knobs;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        int n = subjects != null ? subjects : quick ? 3 : 10;
        int repetitions = quick ? 2 : 10;
        Path dir = out != null ? out : Files.createTempDirectory("neurofusion-demo");
        Files.createDirectories(dir);
        Path bids = dir.resolve("bids");
        long t0 = System.nanoTime();
        o.printf(Locale.ROOT, "simulating %d subjects (motor imagery, 3 sessions x 20 trials; SIMULATED data) into %s%n",
                n, bids);
        CommandLine sim = new CommandLine(new SimulateCommand());
        sim.setOut(o);
        sim.setErr(spec.commandLine().getErr());
        List<String> args = new ArrayList<>(List.of("--subjects", Integer.toString(n), "--tasks", "mi", "--seed",
                Long.toString(seed), "--resting-seconds", "0", "--out", bids.toString()));
        if (knobs != null) {
            knobs.forEach(k -> {
                args.add("--set");
                args.add(k);
            });
        }
        int code = sim.execute(args.toArray(new String[0]));
        if (code != 0) {
            return code;
        }
        BidsDataset ds = BidsDataset.open(bids);
        List<PairedWindow> windows = EvaluationPipeline.windows(ds, "mi", o);
        o.printf(Locale.ROOT, "%d trial windows from %d subjects%n", windows.size(), ds.subjects().size());
        Map<String, Double> within = EvaluationPipeline.evaluate(windows, CONDITIONS, "within", "mi", repetitions,
                seed, dir.resolve("within"), o);
        Map<String, Double> loso = n >= 2 ? EvaluationPipeline.evaluate(windows, CONDITIONS, "loso", "mi", 1, seed,
                dir.resolve("loso"), o) : null;
        writeCombined(dir, loso != null);
        List<String> table = EvaluationPipeline.table(within, loso, "mi", repetitions);
        List<String> summary = new ArrayList<>();
        summary.add("# neurofusion demo: classical baselines on SIMULATED paired EEG-fNIRS motor imagery");
        summary.add("");
        summary.add(String.format(Locale.ROOT, "%d simulated subjects (seed %d), %d trial windows; within-subject: %d"
                + " repetitions of chronological 5-fold; Shin et al. 2017 (real data, 29 subjects) for comparison.",
                n, seed, windows.size(), repetitions));
        summary.add("");
        summary.addAll(table);
        summary.add("");
        summary.add("Per-protocol details: within/summary.md, loso/summary.md; every fold: results.csv.");
        AtomicFiles.write(dir.resolve("summary.md"), os -> os.write((String.join("\n", summary) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        o.printf(Locale.ROOT, "done in %.0f s%n%n", (System.nanoTime() - t0) / 1e9);
        table.forEach(o::println);
        o.println(dir);
        return 0;
    }

    /** results.csv of both protocols, one header. */
    private static void writeCombined(Path dir, boolean withLoso) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("within").resolve("results.csv")));
        if (withLoso) {
            List<String> l = Files.readAllLines(dir.resolve("loso").resolve("results.csv"));
            lines.addAll(l.subList(1, l.size()));
        }
        AtomicFiles.write(dir.resolve("results.csv"), os -> os.write((String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
    }
}
