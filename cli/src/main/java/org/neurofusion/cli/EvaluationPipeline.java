package org.neurofusion.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.PairedWindows;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.evaluation.Evaluation;

/**
 * The path shared by {@code demo} and {@code benchmark}: a BIDS dataset read back and paired, the runs of one
 * task cut into trial windows (EEG 0.5–4.5 s after onset band-passed 8–30 Hz at 100 Hz; fNIRS 2–12 s as
 * HbO/HbR), and the classical baselines evaluated under a protocol, with the accuracy table printed.
 */
final class EvaluationPipeline {
    /** Within-subject 10 × 5-fold accuracies (%) of Shin et al. 2017, motor imagery, real EEG+NIRS data. */
    static final Map<String, Double> SHIN_2017_MI = Map.of("eeg-csp", 65.6, "fnirs-hbr", 66.5, "fnirs-hbo", 63.5,
            "hybrid", 74.2);

    private EvaluationPipeline() {
    }

    /** The windowing of the classical baselines for a task's two classes. */
    static WindowingSpec spec(String task) {
        String labels = task.equals("mi") ? "\"left_hand\": 0, \"right_hand\": 1"
                : "\"mental_arithmetic\": 0, \"rest\": 1";
        return WindowingSpec.fromJson("{\"mode\": \"events\", \"labels\": {" + labels + "}, \"modalities\": {"
                + "\"eeg\": {\"length_s\": 4, \"offset_s\": 0.5, \"rate\": 100, \"pipeline\": [{\"name\": \"filter\","
                + " \"parameters\": {\"l_freq\": \"8\", \"h_freq\": \"30\", \"method\": \"fir\"}}]},"
                + "\"fnirs\": {\"length_s\": 10, \"offset_s\": 2, \"pipeline\": [{\"name\": \"optical_density\"},"
                + " {\"name\": \"beer_lambert\"}]}}}");
    }

    /** Trial windows of every run of {@code task} in the dataset. */
    static List<PairedWindow> windows(BidsDataset ds, String task, PrintWriter out) {
        WindowingSpec spec = spec(task);
        List<PairedWindow> all = new ArrayList<>();
        var keys = ds.runs().stream().filter(k -> k.task().equals(task)).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException(ds.root() + " has no runs of task '" + task + "' (runs: "
                    + ds.runs().stream().map(Object::toString).distinct().limit(5).toList() + ")");
        }
        int i = 0;
        for (var k : keys) {
            try (PairedRecording pr = ds.pair(k)) {
                all.addAll(PairedWindows.cut(pr, spec).windows());
            }
            ++i;
            if (System.console() != null) {
                out.printf(Locale.ROOT, "\rwindows: %d of %d runs", i, keys.size());
                out.flush();
            }
        }
        out.printf(Locale.ROOT, "%swindows cut from %d runs%n", System.console() != null ? "\n" : "", keys.size());
        return all;
    }

    /** Runs the evaluation and returns mean accuracy (%) per condition, in the order given. */
    static Map<String, Double> evaluate(List<PairedWindow> windows, List<String> conditions, String protocol,
            String task, int repetitions, long seed, Path outDir, PrintWriter out) {
        Evaluation.Result r = Evaluation.builder().setConditions(conditions).setProtocol(protocol).setTask(task)
                .optRepetitions(repetitions).optFolds(5).optSeed(seed)
                .optProgress((done, total, what) -> {
                    // A moving counter on a terminal; one line per tenth otherwise (logs, captured output).
                    if (System.console() != null) {
                        out.printf(Locale.ROOT, "\r%s: %d/%d folds", protocol, done, total);
                        out.flush();
                    } else if (done == total || done % Math.max(1, total / 10) == 0) {
                        out.printf(Locale.ROOT, "%s: %d/%d folds%n", protocol, done, total);
                    }
                }).build().run(windows, outDir);
        if (System.console() != null) {
            out.println();
        }
        Map<String, Double> acc = new LinkedHashMap<>();
        for (String c : conditions) {
            acc.put(c, 100 * r.rows().stream().filter(x -> x.condition().equals(c))
                    .mapToDouble(x -> x.metrics().accuracy()).average().orElse(Double.NaN));
        }
        return acc;
    }

    /** The table of our accuracies beside Shin 2017's, one line per condition. */
    static List<String> table(Map<String, Double> within, Map<String, Double> loso, String task, int repetitions) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "| condition | within-subject %dx5 (%%) | leave-one-subject-out (%%) |"
                + " Shin 2017, real data, within 10x5 (%%) |", repetitions));
        lines.add("|---|---|---|---|");
        for (String c : within.keySet()) {
            Double shin = task.equals("mi") ? SHIN_2017_MI.get(c) : null;
            lines.add(String.format(Locale.ROOT, "| %s | %.1f | %s | %s |", c, within.get(c),
                    loso == null || !loso.containsKey(c) ? "-" : String.format(Locale.ROOT, "%.1f", loso.get(c)),
                    shin == null ? "-" : String.format(Locale.ROOT, "%.1f", shin)));
        }
        return lines;
    }

}
