package org.neurofusion.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.bids.BidsDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion benchmark --data DIR --pipelines eeg-csp,fnirs-hbr,fnirs-hbo,hybrid --protocol within|loso
 * --out DIR}: the classical baselines on any BIDS dataset with paired EEG and fNIRS trials.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Evaluates classical baselines on a BIDS dataset (EEG + fNIRS trials) under a protocol."})
final class BenchmarkCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "The BIDS dataset.")
    Path data;

    @Option(names = "--pipelines", split = ",", defaultValue = "eeg-csp,fnirs-hbr,fnirs-hbo,hybrid",
            description = "Conditions (default: ${DEFAULT-VALUE}).")
    List<String> pipelines;

    @Option(names = "--protocol", defaultValue = "within", description = "within (repeated chronological 5-fold)"
            + " or loso (leave one subject out); default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--task", defaultValue = "mi", description = "mi (left_hand/right_hand) or ma"
            + " (mental_arithmetic/rest); default: ${DEFAULT-VALUE}.")
    String task;

    @Option(names = "--repetitions", defaultValue = "10", description = "Repetitions of the within-subject folds.")
    int repetitions;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the folds.")
    long seed;

    @Option(names = "--out", required = true, description = "Where results.csv and summary.md go.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        if (!task.equals("mi") && !task.equals("ma")) {
            throw new ParameterException(spec.commandLine(), "--task must be mi or ma, got '" + task + "'");
        }
        var o = spec.commandLine().getOut();
        BidsDataset ds = BidsDataset.open(data);
        List<PairedWindow> windows;
        Map<String, Double> acc;
        try {
            windows = EvaluationPipeline.windows(ds, task, o);
            Files.createDirectories(out);
            acc = EvaluationPipeline.evaluate(windows, pipelines, protocol, task, repetitions, seed, out, o);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        o.println("| condition | " + (protocol.equals("loso") ? "leave-one-subject-out" : "within-subject "
                + repetitions + "x5") + " accuracy (%) |");
        o.println("|---|---|");
        acc.forEach((c, a) -> o.printf(java.util.Locale.ROOT, "| %s | %.1f |%n", c, a));
        o.println(out);
        return 0;
    }
}
