package org.neurofusion.fusion.demo;

import ai.djl.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.evaluation.ConfusionMatrix;
import org.neurofusion.evaluation.EvaluationResult;
import org.neurofusion.evaluation.HtmlReport;
import org.neurofusion.evaluation.Stats;

/**
 * {@code report.html} of an evaluation: the comparison's rows, chance and its binomial bound, confusion matrices,
 * the training curves of every run under a folder, and the latent projection of a pre-training run (the demo's and
 * {@code evaluate}'s reports).
 */
public final class DemoReport {
    /** Points per modality in the latent projection. */
    static final int LATENT_POINTS = 300;

    private DemoReport() {
    }

    static Path write(Path dir, EvaluationResult result, List<org.neurofusion.evaluation.ResultRow> allRows,
            PipelineDemo.Settings s, SimulationConfig sim, Path pre, WindowStore store, double trialAccuracy,
            Device device) {
        HtmlReport.Data.Builder b = base("neurofusion demo: SIMULATED paired EEG-fNIRS motor imagery, seed " + s.seed(),
                result, List.of("left_hand", "right_hand"), dir.resolve("runs").resolve("folds"))
                .addNote(String.format(Locale.ROOT, "SIMULATED data: %d subjects (erdDepth %s, shared fraction 1),"
                        + " seed %d. Label-free pre-training for %d epochs; leave-one-subject-out on the %d subject(s)"
                        + " it held out, every deep condition trained on its fold's windows for %d steps.",
                        sim.subjects(), sim.erdDepth(), s.seed(), s.pretrainEpochs(), s.heldOut(), s.steps()))
                .addNote(String.format(Locale.ROOT, "The exported student, run on a held-out recording through the"
                        + " predict path, decoded its trials with accuracy %.3f.", trialAccuracy))
                .addNote("Few-shot curves: " + PipelineDemo.FEW_SHOT_CONDITIONS + " with k calibration trials per class"
                        + " of the held-out subject (" + PipelineDemo.FEW_SHOT_DRAWS + " draws per k); k = 0 is the"
                        + " leave-one-subject-out row.");
        b.setRows(allRows);
        b.addTrainingRun("pre-training", pre.resolve(RunDirectory.METRICS));
        b.optLatent(latent(pre, store, List.of("left_hand", "right_hand"), s.seed(), device));
        return HtmlReport.write(b.build(), dir);
    }

    /**
     * A report's common part: the rows, chance (1/classes) and the binomial bound of the smallest test fold, every
     * condition's summed confusion matrix with {@code classNames} (by class index), the training runs under
     * {@code runs} (each {@code metrics.jsonl}, labelled by its folder), frozen-linear against fine-tuned.
     */
    public static HtmlReport.Data.Builder base(String title, EvaluationResult result, List<String> classNames,
            Path runs) {
        int smallest = result.rows().stream().mapToInt(r -> r.metrics().n()).min().orElse(1);
        HtmlReport.Data.Builder b = HtmlReport.Data.builder().setTitle(title).setRows(result.rows())
                .setChance(1.0 / result.classes(), Stats.chanceUpperBound(smallest, result.classes(), 0.95))
                .optFrozenVersusFineTuned("frozen-linear", "fine-tuned");
        Map<String, int[][]> confusion = new LinkedHashMap<>();
        int classes = classNames.size();
        for (String c : result.meanAccuracy().keySet()) {
            ConfusionMatrix m = result.confusion(c);
            int[][] ints = new int[classes][classes];
            int[] ks = m.classes();
            for (int i = 0; i < ks.length; i++) {
                for (int j = 0; j < ks.length; j++) {
                    if (ks[i] < classes && ks[j] < classes) {
                        ints[ks[i]][ks[j]] = Math.toIntExact(m.counts()[i][j]);
                    }
                }
            }
            confusion.put(c, ints);
        }
        b.optConfusion(classNames, confusion);
        for (Path metrics : metricsFiles(runs)) {
            b.addTrainingRun(runs.relativize(metrics.getParent()).toString().replace('\\', '/'), metrics);
        }
        return b;
    }

    /** The latent projection of {@code pre}'s EEG and fNIRS embeddings, class indices named by {@code classNames}. */
    public static List<HtmlReport.LatentPoint> latent(Path pre, WindowStore store, List<String> classNames, long seed,
            Device device) {
        // the modalities the run encodes that the store holds (a transfer's store may lack the run's second one)
        List<String> modalities = org.neurofusion.fusion.train.SourceRun.read(pre).modalities().stream()
                .filter(m -> store.modalities().contains(org.neurofusion.core.Modality.parse(m))).toList();
        if (modalities.isEmpty()) {
            return List.of();
        }
        List<HtmlReport.LatentPoint> points = new ArrayList<>();
        for (LatentProjection.Point p : LatentProjection.compute(pre, store, modalities, LATENT_POINTS, seed,
                device)) {
            int k = Integer.parseInt(p.label());
            points.add(new HtmlReport.LatentPoint(p.x(), p.y(), p.modality(),
                    k < classNames.size() ? classNames.get(k) : p.label(), p.subject()));
        }
        return points;
    }

    /** Every {@code metrics.jsonl} under {@code dir}, in path order. */
    private static List<Path> metricsFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> p.getFileName().toString().equals(RunDirectory.METRICS)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the runs under " + dir + ": " + e.getMessage(), e);
        }
    }
}
