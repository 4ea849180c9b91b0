package org.neurofusion.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.evaluation.AccuracyTable;
import org.neurofusion.evaluation.BaselineWindowing;
import org.neurofusion.evaluation.ConditionRegistry;
import org.neurofusion.evaluation.Evaluation;
import org.neurofusion.evaluation.EvaluationReport;
import org.neurofusion.evaluation.EvaluationResult;
import org.neurofusion.evaluation.Protocol;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion evaluate --data DIR --pipelines eeg-csp,... --protocol within|loso|fewshot-K|kfold-K --out DIR}
 * (alias {@code benchmark}): the registered conditions on a BIDS dataset's trial windows, through a window store in
 * {@code OUT/windows}, with {@code results.csv}, {@code summary.md} and {@code provenance.json} in {@code OUT}. Every
 * finished fold is recorded in {@code OUT} ({@code evaluation.json}, {@code folds.jsonl}), so that the same command
 * run again resumes where an interrupted run stopped.
 */
@Command(name = "evaluate", aliases = "benchmark", mixinStandardHelpOptions = true,
        description = {"Evaluates conditions (classical baselines today) on a BIDS dataset's EEG + fNIRS trials under"
            + " a protocol, and writes results.csv, summary.md (with paired Wilcoxon tests between conditions) and"
            + " provenance.json.",
            "Each finished fold is recorded in OUT (evaluation.json, folds.jsonl): run the same command again to"
            + " resume an interrupted evaluation; a folder holding another evaluation's folds is refused."})
final class EvaluateCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, description = "The BIDS dataset.")
    Path data;

    @Option(names = {"--pipelines", "--conditions"}, split = ",", defaultValue = "eeg-csp,fnirs-hbr,fnirs-hbo,hybrid",
            description = "Conditions (default: ${DEFAULT-VALUE}).")
    List<String> conditions;

    @Option(names = "--protocol", defaultValue = "within", description = "within (repeated chronological 5-fold),"
            + " loso (leave one subject out), fewshot-K (leave one subject out with K calibration trials per class"
            + " of the held-out subject in training, --repetitions draws) or kfold-K (subjects shuffled into K groups,"
            + " each tested once, --repetitions shuffles); default: ${DEFAULT-VALUE}.")
    String protocol;

    @Option(names = "--task", defaultValue = "mi", description = "mi (left_hand/right_hand) or ma"
            + " (mental_arithmetic/rest); default: ${DEFAULT-VALUE}.")
    String task;

    @Option(names = "--repetitions", defaultValue = "10", description = "Repetitions of the within-subject folds,"
            + " few-shot draws or k-fold shuffles (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Mixin
    SeedOption seed;

    @Option(names = "--seeds", defaultValue = "1", description = "Runs the protocol from this many base seeds"
            + " (--seed, then on, each repetition with a seed of its own); the summary gives mean ± std over seeds"
            + " (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--out", required = true, description = "Where the window store, the record of finished folds"
            + " (resumed by a rerun with the same settings) and the results go.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Evaluation evaluation;
        try {
            evaluation = Evaluation.builder().addConditions(conditions, ConditionRegistry.classical())
                    .setProtocol(Protocol.parse(protocol, repetitions, 5)).setTask(task).optSeed(seed.seed)
                    .optSeeds(seeds).optResume(out)
                    .optProgress(new FoldProgress(spec.commandLine().getErr(), protocol)).build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        EvaluationResult result;
        try {
            BidsDataset ds = BidsDataset.open(data);
            BidsWindowStore.Built built = BidsWindowStore.openOrBuild(ds, BaselineWindowing.spec(task), task,
                    out.resolve("windows"), (done, total, run) -> { });
            try (WindowStore store = built.store()) {
                result = evaluation.run(store);
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        EvaluationReport.write(result, out);
        var o = spec.commandLine().getOut();
        AccuracyTable.lines(result).forEach(o::println);
        o.println(out);
        return 0;
    }
}
