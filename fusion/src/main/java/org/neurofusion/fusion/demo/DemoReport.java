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

/** The demo's {@code report.html}: the comparison, its training curves and the shared latent space. */
final class DemoReport {
    /** Points per modality in the latent projection. */
    static final int LATENT_POINTS = 300;

    private DemoReport() {
    }

    static Path write(Path dir, EvaluationResult result, PipelineDemo.Settings s, SimulationConfig sim, Path pre,
            WindowStore store, double trialAccuracy, Device device) {
        int smallest = result.rows().stream().mapToInt(r -> r.metrics().n()).min().orElse(1);
        HtmlReport.Data.Builder b = HtmlReport.Data.builder()
                .setTitle("neurofusion demo: SIMULATED paired EEG-fNIRS motor imagery, seed " + s.seed())
                .setRows(result.rows())
                .setChance(1.0 / result.classes(), Stats.chanceUpperBound(smallest, result.classes(), 0.95))
                .addNote(String.format(Locale.ROOT, "SIMULATED data: %d subjects (erdDepth %s, shared fraction 1),"
                        + " seed %d. Label-free pre-training for %d epochs; leave-one-subject-out on the %d subject(s)"
                        + " it held out, every deep condition trained on its fold's windows for %d steps.",
                        sim.subjects(), sim.erdDepth(), s.seed(), s.pretrainEpochs(), s.heldOut(), s.steps()))
                .addNote(String.format(Locale.ROOT, "The exported student, run on a held-out recording through the"
                        + " predict path, decoded its trials with accuracy %.3f.", trialAccuracy))
                .optFrozenVersusFineTuned("frozen-linear", "fine-tuned");
        List<String> classes = List.of("left_hand", "right_hand");
        Map<String, int[][]> confusion = new LinkedHashMap<>();
        for (String c : result.meanAccuracy().keySet()) {
            ConfusionMatrix m = result.confusion(c);
            long[][] counts = m.counts();
            int[][] ints = new int[counts.length][];
            for (int i = 0; i < counts.length; i++) {
                ints[i] = new int[counts[i].length];
                for (int j = 0; j < counts[i].length; j++) {
                    ints[i][j] = Math.toIntExact(counts[i][j]);
                }
            }
            confusion.put(c, ints);
        }
        b.optConfusion(classes, confusion);
        b.addTrainingRun("pre-training", pre.resolve(RunDirectory.METRICS));
        Path folds = dir.resolve("runs").resolve("folds");
        for (Path metrics : metricsFiles(folds)) {
            String label = folds.relativize(metrics.getParent()).toString().replace('\\', '/');
            b.addTrainingRun(label, metrics);
        }
        List<HtmlReport.LatentPoint> points = new ArrayList<>();
        for (LatentProjection.Point p : LatentProjection.compute(pre, store, List.of("eeg", "fnirs"), LATENT_POINTS,
                s.seed(), device)) {
            points.add(new HtmlReport.LatentPoint(p.x(), p.y(), p.modality(), classes.get(Integer.parseInt(p.label())),
                    p.subject()));
        }
        b.optLatent(points);
        return HtmlReport.write(b.build(), dir);
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
