package org.neurofusion.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Random;

/**
 * A report with every section filled from SYNTHETIC numbers (no model was run): rows of five conditions under
 * within-subject, leave-one-subject-out and three few-shot protocols, confusion matrices, two training runs, a latent
 * projection and a distillation map; and a {@link #hostile} page whose names carry markup. {@code tools/check-report.sh}
 * opens them in a headless browser; {@link #main} writes them to a folder.
 */
final class SampleReport {
    static final List<String> SUBJECTS = List.of("01", "02", "03", "04", "05", "06", "07", "08");
    static final List<String> CLASSICAL = List.of("eeg-csp", "fnirs-hbo", "hybrid");
    static final List<String> DEEP = List.of("frozen-linear", "fine-tuned");
    static final int[] KS = {1, 5, 10};

    private SampleReport() {
    }

    /**
     * Writes {@code dir/report.html} (its run files go to {@code dir/inputs}) and {@code dir/hostile/report.html}, and
     * prints their paths.
     */
    public static void main(String[] args) {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/sample-report");
        System.out.println(HtmlReport.write(data(dir.resolve("inputs")), dir));
        System.out.println(HtmlReport.write(hostile(), dir.resolve("hostile")));
    }

    /** The sample's data; its training runs and map are written into {@code inputs}. */
    static HtmlReport.Data data(Path inputs) {
        try {
            Files.createDirectories(inputs);
            Random rnd = new Random(7);
            HtmlReport.Data.Builder b = HtmlReport.Data.builder()
                    .setTitle("neurofusion report: layout sample")
                    .addNote("SYNTHETIC numbers drawn at random to exercise every chart; no model was run.")
                    .addNote("Motor imagery, 2 classes, 8 subjects, seed 7.")
                    .setRows(rows(rnd)).setChance(0.5, 0.6)
                    .optConfusion(List.of("left_hand", "right_hand"), confusion())
                    .addTrainingRun("teacher", writeRun(inputs.resolve("teacher.jsonl"), rnd, 0.72))
                    .addTrainingRun("student", writeRun(inputs.resolve("student.jsonl"), rnd, 0.64))
                    .optLatent(latent(rnd))
                    .optDistillationMap(writeMap(inputs.resolve("map.csv"), rnd));
            return b.build();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A page whose names try to break out of its script elements and markup: if one did, its script would record an
     * error in {@code data-errors} (or the data would no longer parse), and the browser check would fail.
     */
    static HtmlReport.Data hostile() {
        String breakOut = "</script><script>document.body.dataset.errors='broke out'</script><!--";
        String markup = "<img src=x onerror=\"document.body.dataset.errors='markup ran'\">";
        List<ResultRow> rows = new ArrayList<>();
        for (String s : List.of("01", markup, "03")) {
            rows.add(row(s, 0, "loso", breakOut, 0.6 + 0.05 * rows.size(), 0));
            rows.add(row(s, 0, "loso", "fine-tuned", 0.7, 0));
            rows.add(row(s, 0, "fewshot-5", breakOut, 0.7, 5));
        }
        return HtmlReport.Data.builder().setTitle(breakOut).addNote(markup).setRows(rows).setChance(0.5, 0.65)
                .optConfusion(List.of(breakOut, markup), Map.of(markup, new int[][] {{3, 1}, {0, 4}}))
                .optLatent(List.of(new HtmlReport.LatentPoint(0, 0, breakOut, markup, "01"),
                        new HtmlReport.LatentPoint(1, 1, "eeg", "a", markup)))
                .optFrozenVersusFineTuned(breakOut, "fine-tuned").build();
    }

    static ResultRow row(String subject, int fold, String protocol, String condition, double accuracy, int kShot) {
        return new ResultRow(subject, fold, 42 + fold, protocol, "mi", condition,
                condition.startsWith("fnirs") ? "fnirs" : condition.equals("hybrid") ? "eeg+fnirs" : "eeg", 40,
                new Metrics.FoldMetrics(20, accuracy, accuracy, OptionalDouble.empty(), accuracy,
                        OptionalDouble.empty(), confusion(accuracy)), kShot, "");
    }

    /** Twenty balanced test trials, about {@code accuracy} of them right. */
    static ConfusionMatrix confusion(double accuracy) {
        long right = Math.round(10 * accuracy);
        return new ConfusionMatrix(new int[] {0, 1}, new long[][] {{right, 10 - right}, {10 - right, right}});
    }

    private static List<ResultRow> rows(Random rnd) {
        Map<String, Double> base = Map.of("eeg-csp", 0.58, "fnirs-hbo", 0.68, "hybrid", 0.74, "frozen-linear", 0.60,
                "fine-tuned", 0.66);
        List<ResultRow> rows = new ArrayList<>();
        for (String s : SUBJECTS) {
            double skill = rnd.nextGaussian() * 0.06;
            for (String c : CLASSICAL) {
                for (int f = 0; f < 5; f++) {
                    rows.add(row(s, f, "within", c, clip(base.get(c) + skill + rnd.nextGaussian() * 0.05), -1));
                }
            }
            for (String c : List.of("eeg-csp", "hybrid", "frozen-linear", "fine-tuned")) {
                rows.add(row(s, 0, "loso", c, clip(base.get(c) - 0.04 + skill + rnd.nextGaussian() * 0.04), 0));
            }
            for (int k : KS) {
                for (String c : List.of("eeg-csp", "frozen-linear", "fine-tuned")) {
                    for (int r = 0; r < 2; r++) {
                        double gain = 0.025 * Math.log1p(k) * (c.equals("fine-tuned") ? 1.6 : 1);
                        rows.add(row(s, r, "fewshot-" + k, c,
                                clip(base.get(c) - 0.04 + gain + skill + rnd.nextGaussian() * 0.04), k));
                    }
                }
            }
        }
        return rows;
    }

    private static double clip(double a) {
        return Math.round(Math.max(0.05, Math.min(1, a)) * 20) / 20.0; // 20 test windows: multiples of 0.05
    }

    private static Map<String, int[][]> confusion() {
        Map<String, int[][]> m = new LinkedHashMap<>();
        m.put("eeg-csp", new int[][] {{231, 169}, {167, 233}});
        m.put("hybrid", new int[][] {{302, 98}, {110, 290}});
        return m;
    }

    private static Path writeRun(Path file, Random rnd, double plateau) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int epoch = 1; epoch <= 30; epoch++) {
            int step = 50 * epoch;
            double loss = 0.45 + 0.8 * Math.exp(-epoch / 6.0) + rnd.nextGaussian() * 0.02;
            double acc = 0.5 + (plateau - 0.5) * (1 - Math.exp(-epoch / 5.0)) + rnd.nextGaussian() * 0.015;
            s.append(String.format(Locale.ROOT, "{\"epoch\":%d,\"split\":\"train\",\"step\":%d,\"loss\":%.5f}%n",
                    epoch, step, loss));
            s.append(String.format(Locale.ROOT, "{\"epoch\":%d,\"split\":\"test\",\"step\":%d,\"accuracy\":%.4f,"
                    + "\"balanced_accuracy\":%.4f}%n", epoch, step, acc, acc - 0.01));
        }
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
        return file;
    }

    private static List<HtmlReport.LatentPoint> latent(Random rnd) {
        List<HtmlReport.LatentPoint> out = new ArrayList<>();
        for (int si = 0; si < SUBJECTS.size(); si++) {
            double sx = rnd.nextGaussian() * 1.2;
            double sy = rnd.nextGaussian() * 1.2;
            for (String modality : List.of("eeg", "fnirs")) {
                double mx = modality.equals("eeg") ? -0.8 : 0.8;
                for (String label : List.of("left_hand", "right_hand")) {
                    double ly = label.equals("left_hand") ? -1 : 1;
                    for (int i = 0; i < 25; i++) {
                        out.add(new HtmlReport.LatentPoint(sx + mx + rnd.nextGaussian() * 0.6,
                                sy + ly + rnd.nextGaussian() * 0.6, modality, label, SUBJECTS.get(si)));
                    }
                }
            }
        }
        return out;
    }

    private static Path writeMap(Path file, Random rnd) throws IOException {
        StringBuilder s = new StringBuilder(DistillationMapTable.HEADER).append('\n');
        Map<String, Double> offset = new LinkedHashMap<>();
        offset.put("scratch", 0.0);
        offset.put("self-training", 0.02);
        offset.put("student", 0.05);
        offset.put("all-labels", 0.12);
        offset.put("ideal", 0.2);
        offset.put("teacher", 0.1);
        for (String sf : List.of("0", "0.5", "1")) {
            double share = Double.parseDouble(sf);
            for (String labelled : List.of("5", "10", "20", "all")) {
                double l = labelled.equals("all") ? 0.12 : 0.03 * Math.log(Integer.parseInt(labelled));
                for (long seed = 42; seed <= 44; seed++) {
                    for (String subject : List.of("09", "10", "11", "12")) {
                        for (Map.Entry<String, Double> c : offset.entrySet()) {
                            double acc = 0.52 + l + c.getValue() * (c.getKey().equals("student") ? share : 1)
                                    + rnd.nextGaussian() * 0.04;
                            s.append(sf).append(',').append(labelled).append(',').append(seed).append(',')
                                    .append(subject).append(',').append(c.getKey()).append(',')
                                    .append(String.format(Locale.ROOT, "%.6f,%.6f", clip(acc), clip(acc)))
                                    .append('\n');
                        }
                    }
                }
            }
        }
        Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
        return file;
    }
}
