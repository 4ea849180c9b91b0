package org.neurofusion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.ModalityWindow;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.RecordedWindowing;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.evaluation.AccuracyTable;
import org.neurofusion.evaluation.BaselineWindowing;
import org.neurofusion.evaluation.ConditionRegistry;
import org.neurofusion.evaluation.Evaluation;
import org.neurofusion.evaluation.EvaluationReport;
import org.neurofusion.evaluation.EvaluationResult;
import org.neurofusion.evaluation.HtmlReport;
import org.neurofusion.evaluation.Protocol;
import org.neurofusion.fusion.demo.DemoReport;
import org.neurofusion.fusion.eval.DeepConditions;
import org.neurofusion.fusion.experiment.MapPlan;
import org.neurofusion.fusion.train.SourceRun;
import picocli.CommandLine;
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
        description = {"Evaluates conditions (classical baselines; with --model, deep conditions too) on a BIDS dataset's EEG + fNIRS trials under"
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

    @Option(names = "--task", defaultValue = "mi", description = "The task whose runs are evaluated:"
            + " one the dataset records a windowing for (neurofusion import), or mi (left_hand/right_hand) or ma"
            + " (mental_arithmetic/rest); default: ${DEFAULT-VALUE}.")
    String task;

    @Option(names = "--windowing", paramLabel = "SPEC.json", description = "The windowing spec: the classes, the"
            + " window after each cue and the band, per modality. Default: the windowing the dataset records for"
            + " --task (neurofusion import writes it), else Shin et al. 2017's for mi and ma (EEG 0.5-4.5 s, 8-30 Hz;"
            + " fNIRS 2-12 s as HbO/HbR), EEG alone when the dataset has no fNIRS.")
    Path windowing;

    @Option(names = "--repetitions", defaultValue = "10", description = "Repetitions of the within-subject folds,"
            + " few-shot draws or k-fold shuffles (default: ${DEFAULT-VALUE}).")
    int repetitions;

    @Mixin
    SeedOption seed;

    @Option(names = "--seeds", defaultValue = "1", description = "Runs the protocol from this many base seeds"
            + " (--seed, then on, each repetition with a seed of its own); the summary gives mean ± std over seeds"
            + " (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--model", paramLabel = "RUN_DIR", description = "A pre-training run (neurofusion pretrain):"
            + " enables the deep conditions " + "frozen-linear, frozen-head, fine-tuned, scratch, teacher, student and"
            + " self-training, each trained per fold on that fold's training windows (read from the run's own window"
            + " store, matched by recording and onset). Only the subjects the run held out are tested, by every"
            + " condition, so that comparisons stay paired.")
    Path model;

    @Option(names = "--model-windows", paramLabel = "STORE", description = "With --model: train and test the deep"
            + " conditions on this window store instead of the run's own (a transfer, e.g. an encoder pre-trained on"
            + " simulated EEG carried to real recordings cut to the same window length and rate). Every subject the"
            + " run did not pre-train on is tested; teacher, student and self-training are not available.")
    Path modelWindows;

    @Option(names = "--steps", defaultValue = "300", description = "Optimiser steps of every deep condition trained"
            + " per fold (default: ${DEFAULT-VALUE}).")
    int steps;

    @Mixin
    DeviceOption device;

    @Option(names = "--distillation-map", paramLabel = "MAP_CSV", description = "A map.csv of neurofusion experiment"
            + " distillation-map, drawn in report.html beside the evaluation.")
    Path distillationMap;

    @Option(names = "--out", required = true, description = "Where the window store, the record of finished folds"
            + " (resumed by a rerun with the same settings) and the results go.")
    Path out;

    @Spec
    CommandSpec spec;

    /**
     * The windowing: {@code --windowing}, else the one the dataset records for the task, else the Shin et al. 2017
     * windowing, without its fNIRS part when the dataset has no fNIRS.
     */
    private WindowingSpec windowingSpec(BidsDataset ds, CommandLine cl) {
        if (windowing != null) {
            try {
                return WindowingSpec.fromJson(Files.readString(windowing));
            } catch (IOException e) {
                throw new ParameterException(cl, "--windowing " + windowing + " cannot be read: " + e.getMessage());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, "--windowing " + windowing + ": " + e.getMessage(), e);
            }
        }
        Optional<WindowingSpec> recorded = RecordedWindowing.read(ds.root(), task);
        if (recorded.isPresent()) {
            cl.getErr().println("windowing: the one " + ds.root() + " records for task " + task + " ("
                    + RecordedWindowing.path(ds.root(), task) + ")");
            return recorded.get();
        }
        WindowingSpec spec;
        try {
            spec = BaselineWindowing.spec(task);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, "the dataset records no windowing for task '" + task + "' and there is"
                    + " no default for it: give --windowing SPEC.json (" + e.getMessage() + ")");
        }
        if (ds.files(Modality.FNIRS).isEmpty()) {
            Map<Modality, ModalityWindow> eeg = new EnumMap<>(Modality.class);
            eeg.put(Modality.EEG, spec.modalities().get(Modality.EEG));
            spec = new WindowingSpec(spec.parts(), eeg);
        }
        return spec;
    }

    /**
     * The asked conditions that the windows can feed. A condition needing a modality the windows lack is refused by
     * name when the conditions were given, and left out with a note when they are the default.
     */
    private List<String> runnable(ConditionRegistry registry, WindowingSpec windows, CommandLine cl) {
        boolean given = spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption("--pipelines");
        Set<Modality> have = windows.modalities().keySet();
        List<String> out = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (String id : conditions) {
            String c = id.trim().toLowerCase(Locale.ROOT);
            if (model != null && DeepConditions.IDS.contains(c) && !registry.ids().contains(c)) {
                throw new ParameterException(cl, "condition '" + c + "' is not available here: " + (modelWindows != null
                        ? "a transfer (--model-windows) trains single-modality conditions only"
                        : "it needs a pre-training run on EEG and fNIRS; " + model + " encodes one modality"));
            }
            List<Modality> lacking = registry.condition(c).classifier().modalities().stream()
                    .filter(m -> !have.contains(m)).toList();
            if (lacking.isEmpty()) {
                out.add(c);
            } else if (given) {
                throw new ParameterException(cl, "condition '" + c + "' needs " + lacking.stream()
                        .map(m -> m.name().toLowerCase(Locale.ROOT)).toList() + ", which the windows of " + data
                        + " lack (windowed modalities: " + have.stream().map(m -> m.name().toLowerCase(Locale.ROOT))
                        .toList() + ")");
            } else {
                skipped.add(c);
            }
        }
        if (!skipped.isEmpty()) {
            cl.getErr().println("left out " + skipped + ": they need modalities the windows of " + data + " lack");
        }
        if (out.isEmpty()) {
            throw new ParameterException(cl, "no condition asked for can run on " + data);
        }
        return out;
    }

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        List<String> deepAsked = conditions.stream().map(c -> c.trim().toLowerCase(java.util.Locale.ROOT))
                .filter(DeepConditions.IDS::contains).toList();
        if (model == null && !deepAsked.isEmpty()) {
            throw new ParameterException(cl, "conditions " + deepAsked + " need a pre-trained run: give --model"
                    + " RUN_DIR (neurofusion pretrain)");
        }
        if (modelWindows != null && model == null) {
            throw new ParameterException(cl, "--model-windows needs --model RUN_DIR");
        }
        if (steps < 1) {
            throw new ParameterException(cl, "--steps must be at least 1, got " + steps);
        }
        WindowStore deepStore = null;
        DeepConditions deep = null;
        try {
            BidsDataset ds = BidsDataset.open(data);
            WindowingSpec windows = windowingSpec(ds, cl);
            ConditionRegistry registry = ConditionRegistry.classical();
            Evaluation.Builder b = Evaluation.builder();
            if (model != null) {
                SourceRun run = SourceRun.read(model);
                Path storeDir = modelWindows != null ? modelWindows : run.storeDirectory().orElseThrow(
                        () -> new ParameterException(cl, "the pre-training run " + model + " does not record where"
                                + " its windows lie"));
                deepStore = WindowStore.open(storeDir);
                deep = new DeepConditions(new DeepConditions.Settings(model, deepStore, out.resolve("runs"),
                        MapPlan.fusion(steps).with("eval_every", Integer.toString(Math.max(1, steps / 4))), "eeg",
                        device.resolve(), cl.getErr(), modelWindows != null));
                deep.register(registry);
                b.optTestSubjects(new java.util.LinkedHashSet<>(deep.testableSubjects()));
            }
            List<String> runnable = runnable(registry, windows, cl);
            Evaluation evaluation = b.addConditions(runnable, registry)
                    .setProtocol(Protocol.parse(protocol, repetitions, 5)).setTask(task).optSeed(seed.seed)
                    .optSeeds(seeds).optResume(out)
                    .optProgress(new FoldProgress(cl.getErr(), protocol)).build();
            EvaluationResult result;
            BidsWindowStore.Built built = BidsWindowStore.openOrBuild(ds, windows, task,
                    out.resolve("windows"), (done, total, run) -> { });
            try (WindowStore store = built.store()) {
                result = evaluation.run(store);
            }
            EvaluationReport.write(result, out);
            List<String> classNames = windows.labels().entrySet().stream().sorted(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).toList();
            HtmlReport.Data.Builder report = DemoReport.base("neurofusion evaluate: task " + task + ", protocol "
                    + protocol, result, classNames, out.resolve("runs"));
            report.addNote("Data: " + data + "; protocol " + result.protocol().design() + "; base seed " + seed.seed
                    + (seeds > 1 ? ", " + seeds + " seeds" : "") + ".");
            if (model != null) {
                report.addNote("Deep conditions start from the pre-training run " + model + "; tested subjects: the"
                        + " ones it held out.");
                report.addTrainingRun("pre-training", model.resolve(RunDirectory.METRICS));
                report.optLatent(DemoReport.latent(model, deepStore, classNames, seed.seed, device.resolve()));
            }
            if (distillationMap != null) {
                report.optDistillationMap(distillationMap);
            }
            Path html = HtmlReport.write(report.build(), out);
            var o = cl.getOut();
            AccuracyTable.lines(result).forEach(o::println);
            o.println(html);
            return 0;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, e.getMessage(), e);
        } finally {
            if (deep != null) {
                deep.close();
            }
            if (deepStore != null) {
                deepStore.close();
            }
        }
    }
}
