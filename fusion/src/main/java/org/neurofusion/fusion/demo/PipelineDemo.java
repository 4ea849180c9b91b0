package org.neurofusion.fusion.demo;

import ai.djl.Device;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.neurofusion.alignment.train.PretrainData;
import org.neurofusion.alignment.train.Pretrainer;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.evaluation.BaselineWindowing;
import org.neurofusion.evaluation.ConditionRegistry;
import org.neurofusion.evaluation.Evaluation;
import org.neurofusion.evaluation.EvaluationReport;
import org.neurofusion.evaluation.EvaluationResult;
import org.neurofusion.evaluation.ProgressListener;
import org.neurofusion.evaluation.ResultRow;
import org.neurofusion.evaluation.Protocol;
import org.neurofusion.evaluation.WindowClassifier;
import org.neurofusion.fusion.eval.DeepConditions;
import org.neurofusion.fusion.experiment.MapPlan;
import org.neurofusion.fusion.experiment.SimulatedCohort;
import org.neurofusion.fusion.train.FusionConfig;
import org.neurofusion.fusion.train.ModelExport;
import org.neurofusion.fusion.train.SourceRun;
import org.neurofusion.inference.Artifact;
import org.neurofusion.inference.BrainDecoder;
import org.neurofusion.inference.Prediction;
import org.neurofusion.inference.PredictionCsv;

/**
 * {@code neurofusion demo}: the whole path on SIMULATED data. A paired EEG–fNIRS motor-imagery cohort is simulated
 * and written as BIDS; its windows are cut twice (the models' windows for pre-training, the classical baselines'
 * windows for the comparison); the aligned encoders are pre-trained without labels, holding some subjects out; every
 * held-out subject is then tested leave-one-subject-out by the classical baselines and the deep conditions (frozen
 * probe, fine-tuned, scratch, teacher, distilled student), each deep one trained on that fold's windows; the first
 * fold's student is exported as a deployable artifact and run on the held-out subject's raw recording, as
 * {@code neurofusion predict} runs it; the report, {@code results.csv}, {@code summary.md} and
 * {@code provenance.json} are written. Every stage resumes: a finished simulation, store, run or fold is reused.
 */
public final class PipelineDemo {
    /** The conditions compared, classical first. */
    public static final List<String> CONDITIONS = List.of("eeg-csp", "fnirs-hbo", "hybrid", "frozen-linear",
            "fine-tuned", "scratch", "teacher", "student");

    /** Calibration trials per class of the few-shot learning curve (0 is the leave-one-subject-out comparison). */
    public static final List<Integer> FEW_SHOT = List.of(5, 10, 20);

    /** The conditions of the few-shot learning curve: those cheap enough to refit for every k and draw. */
    public static final List<String> FEW_SHOT_CONDITIONS = List.of("eeg-csp", "frozen-linear");

    /** Draws of the calibration trials per k. */
    public static final int FEW_SHOT_DRAWS = 2;

    /**
     * The sizes of a demo.
     *
     * @param seed          seed of the simulation, the pre-training and every fold
     * @param subjects      simulated subjects
     * @param heldOut       subjects the pre-training holds out (the ones tested)
     * @param pretrainEpochs label-free pre-training epochs
     * @param steps         optimiser steps of every fusion run
     * @param restingSeconds length of each subject's resting run (unlabelled windows)
     */
    public record Settings(long seed, int subjects, int heldOut, int pretrainEpochs, int steps,
            double restingSeconds) {
        public Settings {
            if (subjects < 3 || heldOut < 1 || heldOut > subjects - 2 || pretrainEpochs < 1 || steps < 1
                    || !(restingSeconds >= 0)) {
                throw new IllegalArgumentException("a demo needs at least 3 subjects, 1 to subjects - 2 held out, and"
                        + " positive epochs and steps; got " + subjects + " subjects, " + heldOut + " held out, "
                        + pretrainEpochs + " epochs, " + steps + " steps");
            }
        }

        /** About two minutes on 2 cores: 5 subjects, 1 held out, 2 epochs, 60 steps. */
        public static Settings quick(long seed) {
            return new Settings(seed, 5, 1, 2, 60, 30);
        }

        /** Under ten minutes on 2 cores: 8 subjects, 2 held out, 4 epochs, 300 steps. */
        public static Settings standard(long seed) {
            return new Settings(seed, 8, 2, 4, 300, 60);
        }
    }

    /**
     * What the demo produced.
     *
     * @param table        the accuracy table (Markdown lines)
     * @param result       the comparison
     * @param artifact     the exported student
     * @param predictions  the student's predictions on the held-out recording ({@code predict}'s CSV)
     * @param trialAccuracy the student's accuracy on that recording's trials, decoded from the raw file
     * @param trials       those trials
     * @param agreeing     trials on which the raw-file path decides as the window store's copy of the trial does
     * @param report       the HTML report
     */
    public record Result(List<String> table, EvaluationResult result, Path artifact, Path predictions,
            double trialAccuracy, int trials, int agreeing, Path report) {
    }

    private PipelineDemo() {
    }

    /**
     * Runs (or continues) the demo in {@code dir}.
     *
     * @param log    one line per stage
     * @param folds  every fitted fold
     * @param runLog the training runs' own progress
     */
    public static Result run(Settings s, Path dir, Device device, Consumer<String> log, ProgressListener folds,
            PrintWriter runLog) {
        Objects.requireNonNull(log, "log");
        long t0 = System.nanoTime();
        Consumer<String> say = line -> log.accept(String.format(Locale.ROOT, "[%5.0f s] %s",
                (System.nanoTime() - t0) / 1e9, line));
        SimulationConfig sim = SimulationConfig.builder().optSeed(s.seed()).optSubjects(s.subjects())
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optRestingRunSeconds(s.restingSeconds())
                .optErdDepth(MapPlan.ERD_DEPTH).optSharedFraction(1).build();
        Path bids = simulate(dir, sim, say);
        PretrainData.Resolved data = PretrainData.open(bids, dir.resolve("windows"),
                MapPlan.EegWindows.MU_BETA_STREAMABLE::spec, (done, total, run) -> { });
        BidsDataset ds = BidsDataset.open(bids);
        try (WindowStore store = data.store();
                WindowStore classical = BidsWindowStore.openOrBuild(ds, BaselineWindowing.spec("mi"), "mi",
                        dir.resolve("classical-windows"), (done, total, run) -> { }).store()) {
            say.accept(String.format(Locale.ROOT, "windows: %d for the models (%s), %d trials for the classical"
                    + " baselines", store.size(), MapPlan.EegWindows.MU_BETA_STREAMABLE.describe(), classical.size()));
            Path pre = dir.resolve("runs").resolve("pretrain");
            say.accept("pre-training the aligned EEG and fNIRS encoders without labels (" + s.pretrainEpochs()
                    + " epochs, " + s.heldOut() + " subject(s) held out)");
            Pretrainer.builder().setStore(store).setRunDirectory(pre)
                    .optConfig(MapPlan.pretrain(s.pretrainEpochs()).with("holdout_subjects",
                            Integer.toString(s.heldOut())))
                    .optSeed(s.seed()).optResume(true).optDevice(device).optLog(runLog).build().run();
            SourceRun src = SourceRun.read(pre);
            say.accept("pre-training done; held out: " + src.testSubjects());
            FusionConfig fusion = MapPlan.fusion(s.steps()).with("eval_every", Integer.toString(Math.max(1,
                    s.steps() / 2)));
            EvaluationResult result;
            List<EvaluationResult> fewShot = new ArrayList<>();
            try (DeepConditions deep = new DeepConditions(new DeepConditions.Settings(pre, store,
                    dir.resolve("runs").resolve("folds"), fusion, "eeg", device, runLog))) {
                ConditionRegistry registry = ConditionRegistry.classical();
                deep.register(registry);
                say.accept("comparing " + CONDITIONS + " leave-one-subject-out on the held-out subjects "
                        + src.testSubjects() + " (every deep condition trained on its fold's windows)");
                Evaluation evaluation = Evaluation.builder().addConditions(CONDITIONS, registry)
                        .setProtocol(new Protocol.LeaveOneSubjectOut()).setTask("mi").optSeed(s.seed())
                        .optTestSubjects(new LinkedHashSet<>(src.testSubjects())).optProgress(folds)
                        .optResume(dir.resolve("evaluation")).optInputs(classical.provenance()).build();
                List<PairedWindow> windows = classical.windows();
                result = evaluation.run(windows);
                for (int k : FEW_SHOT) {
                    say.accept("few-shot calibration: " + k + " trials per class of the held-out subject added to"
                            + " training, " + FEW_SHOT_CONDITIONS);
                    fewShot.add(Evaluation.builder().addConditions(FEW_SHOT_CONDITIONS, registry)
                            .setProtocol(new Protocol.FewShot(k, FEW_SHOT_DRAWS, 0)).setTask("mi").optSeed(s.seed())
                            .optTestSubjects(new LinkedHashSet<>(src.testSubjects())).optProgress(folds)
                            .optResume(dir.resolve("evaluation-fewshot-" + k)).optInputs(classical.provenance())
                            .build().run(windows));
                }
            }
            EvaluationReport.write(result, dir);
            List<ResultRow> allRows = new ArrayList<>(result.rows());
            fewShot.forEach(f -> allRows.addAll(f.rows()));
            EvaluationReport.writeCsv(allRows, dir);
            String first = src.testSubjects().get(0);
            var row = result.rows().stream().filter(r -> r.condition().equals("student") && r.subject().equals(first))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no student row for sub-" + first));
            Path studentRun = dir.resolve("runs").resolve("folds").resolve("student").resolve(
                    new WindowClassifier.Fold("student", row.protocol(), first, row.fold(), row.seed()).path());
            Path artifactDir = dir.resolve("student-artifact");
            if (!Files.isRegularFile(artifactDir.resolve("spec.json"))) {
                ModelExport.export(studentRun, store, ModelExport.Options.defaults()).write(artifactDir);
            }
            say.accept("student exported to " + artifactDir);
            Predicted p = predict(artifactDir, ds, store, first, dir, device);
            say.accept(String.format(Locale.ROOT, "predict: %d windows of %s written to %s; on its %d trials the"
                    + " student decodes %.3f, deciding as on the stored training windows for %d of them", p.windows,
                    p.recording, p.csv, p.trials, p.accuracy, p.agree));
            List<String> table = table(result, s.seed());
            Path report = DemoReport.write(dir, result, allRows, s, sim, pre, store, p.accuracy, device);
            writeSummary(dir, s, sim, src, table, p);
            say.accept("report written to " + report);
            return new Result(table, result, artifactDir, p.csv, p.accuracy, p.trials, p.agree, report);
        }
    }

    /** The student's predictions on the held-out subject's first motor-imagery recording. */
    private record Predicted(String recording, Path csv, int windows, int trials, double accuracy, int agree) {
    }

    private static int argmax(float[] p) {
        int arg = 0;
        for (int k = 1; k < p.length; k++) {
            arg = p[k] > p[arg] ? k : arg;
        }
        return arg;
    }

    /**
     * Runs the artifact on a held-out subject's raw EEG recording as {@code neurofusion predict} does (its CSV of
     * windows every stride) and, at that recording's trials, scores it against the cues.
     */
    private static Predicted predict(Path artifactDir, BidsDataset ds, WindowStore store, String subject, Path dir,
            Device device) {
        WindowInfo firstTrial = null;
        for (int i = 0; i < store.size() && firstTrial == null; i++) {
            WindowInfo w = store.info(i);
            if (w.key().subject().equals(subject) && w.label().isPresent()) {
                firstTrial = w;
            }
        }
        if (firstTrial == null) {
            throw new IllegalStateException("held-out subject " + subject + " has no trial in " + store.directory());
        }
        var key = firstTrial.key();
        try (BrainDecoder d = BrainDecoder.of(Artifact.read(artifactDir), device, 32);
                var pair = ds.pair(key)) {
            var recording = pair.recording(Modality.EEG);
            BrainDecoder.Decoded all = d.decode(recording, key.toString(), Double.NaN);
            List<String> labels = d.contract().labels();
            // the rows neurofusion predict prints for this artifact and recording
            StringBuilder csv = new StringBuilder(PredictionCsv.header(labels)).append('\n');
            for (Prediction pr : all.predictions()) {
                csv.append(PredictionCsv.row(pr, labels)).append('\n');
            }
            Path out = dir.resolve("predictions.csv");
            AtomicFiles.write(out, os -> os.write(csv.toString().getBytes(StandardCharsets.UTF_8)));
            BrainDecoder.Prepared prepared = d.prepare(recording, key.toString());
            int n = prepared.match().channels().size();
            int[] rows = java.util.stream.IntStream.range(0, n).toArray();
            int right = 0;
            int trials = 0;
            int agree = 0;
            for (int i = 0; i < store.size(); i++) {
                WindowInfo w = store.info(i);
                if (!w.key().equals(key) || w.label().isEmpty()) {
                    continue;
                }
                SignalBlock stored = store.block(i, Modality.EEG);
                SignalBlock cut = prepared.recording().read(rows, stored.firstSample(), stored.sampleCount());
                int arg = argmax(d.probabilities(List.of(cut), prepared.match().channels())[0]);
                // the same trial as training stored it: the raw-recording path must decide alike
                int stored2 = argmax(d.probabilities(List.of(stored), store.channels(i, Modality.EEG))[0]);
                agree += arg == stored2 ? 1 : 0;
                right += arg == w.label().getAsInt() ? 1 : 0;
                trials++;
            }
            return new Predicted(key.toString(), out, all.predictions().size(), trials,
                    trials == 0 ? Double.NaN : right / (double) trials, agree);
        }
    }

    /** The cohort in {@code dir/bids} ({@link SimulatedCohort}: reused when finished with the same settings). */
    private static Path simulate(Path dir, SimulationConfig config, Consumer<String> say) {
        if (SimulatedCohort.finished(dir, config)) {
            say.accept("reusing the simulated cohort in " + dir.resolve("bids"));
        } else {
            say.accept(String.format(Locale.ROOT, "simulating %d subjects (motor imagery, %d sessions x %d trials, %.0f"
                    + " s resting run; SIMULATED data) into %s", config.subjects(), config.sessionsPerTask(),
                    config.trialsPerSession(), config.restingRunSeconds(), dir.resolve("bids")));
        }
        return SimulatedCohort.ensure(dir, config, (subject, done, total) -> say.accept("subject " + subject.id()
                + " written"));
    }

    private static void writeSummary(Path dir, Settings s, SimulationConfig sim, SourceRun src, List<String> table,
            Predicted p) {
        List<String> lines = new ArrayList<>();
        lines.add("# neurofusion demo (SIMULATED data, seed " + s.seed() + ")");
        lines.add("");
        lines.add(String.format(Locale.ROOT, "%d simulated subjects (erdDepth %s, shared fraction 1); label-free"
                + " pre-training for %d epochs holding out %s; leave-one-subject-out on the held-out subjects, every"
                + " deep condition trained on its fold's windows for %d steps.", sim.subjects(), MapPlan.ERD_DEPTH,
                s.pretrainEpochs(), src.testSubjects(), s.steps()));
        lines.add("");
        lines.addAll(table);
        lines.add("");
        lines.add(String.format(Locale.ROOT, "The exported student on %s through `predict`: %d windows; %d trials,"
                + " accuracy %.3f; on %d of the %d trials it decides as on the window store's copy of the trial.",
                p.recording, p.windows, p.trials, p.accuracy, p.agree, p.trials));
        lines.add("");
        lines.add("Details: evaluation statistics in the report (report.html) and results.csv.");
        AtomicFiles.write(dir.resolve("demo-summary.md"), os -> os.write((String.join("\n", lines) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * The demo's table: per condition, what it reads, its mean accuracy over the held-out subjects and each subject's,
     * labelled as simulated.
     */
    static List<String> table(EvaluationResult result, long seed) {
        java.util.TreeSet<String> subjects = new java.util.TreeSet<>();
        result.rows().forEach(r -> subjects.add(r.subject()));
        List<String> out = new ArrayList<>();
        StringBuilder head = new StringBuilder("| condition (SIMULATED data, seed " + seed + ") | reads | mean accuracy"
                + " (%) |");
        StringBuilder rule = new StringBuilder("|---|---|---|");
        for (String s : subjects) {
            head.append(" sub-").append(s).append(" (%) |");
            rule.append("---|");
        }
        out.add(head.toString());
        out.add(rule.toString());
        result.meanAccuracy().forEach((c, mean) -> {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "| %s | %s | %.1f |", c,
                    result.rows().stream().filter(r -> r.condition().equals(c)).findFirst().orElseThrow()
                            .modalities(), 100 * mean));
            for (String s : subjects) {
                double a = result.rows().stream().filter(r -> r.condition().equals(c) && r.subject().equals(s))
                        .mapToDouble(r -> r.metrics().accuracy()).average().orElse(Double.NaN);
                line.append(String.format(Locale.ROOT, " %.1f |", 100 * a));
            }
            out.add(line.toString());
        });
        return out;
    }
}
