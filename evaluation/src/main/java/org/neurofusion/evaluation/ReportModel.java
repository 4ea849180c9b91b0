package org.neurofusion.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@link HtmlReport} shows, computed from its {@link HtmlReport.Data}: the JSON the page's script draws from,
 * the sections with their charts (or the line saying why a section is empty), and the summary table. Accuracies are
 * first averaged per subject (over folds and seeds: a subject's rows share training data), then across subjects.
 */
final class ReportModel {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One chart: its div's id, the drawing the script makes ({@code kind}) and which item of its data. */
    record Chart(String id, String kind, int index, String heading, String caption, int height) {
    }

    /** A section of the page: charts, or lines saying what is absent, or both. */
    record Section(String id, String heading, List<Chart> charts, List<String> absent, boolean twoColumns) {
        Section {
            charts = List.copyOf(charts);
            absent = List.copyOf(absent);
        }
    }

    /** One line of the summary table: a condition under a protocol, accuracy across subjects. */
    record Summary(String protocol, String condition, String modalities, int subjects, int rows, double mean,
            double std, double balancedMean) {
    }

    /** Per-subject mean accuracies of one protocol, condition by condition (conditions in order of appearance). */
    record ProtocolMeans(String protocol, Map<String, Map<String, double[]>> bySubject) {
        /** Subjects of {@code condition} mapped to {mean accuracy, mean balanced accuracy, rows}. */
        Map<String, double[]> of(String condition) {
            return bySubject.getOrDefault(condition, Map.of());
        }
    }

    final ObjectNode data = JSON.createObjectNode();
    final List<Section> sections = new ArrayList<>();
    final List<Summary> summary = new ArrayList<>();

    private ReportModel() {
    }

    static ReportModel of(HtmlReport.Data d) {
        ReportModel m = new ReportModel();
        m.data.put("title", d.title());
        d.notes().forEach(m.data.putArray("notes")::add);
        m.data.putObject("chance").put("level", d.chance()).put("bound", d.chanceBound());
        List<ProtocolMeans> means = protocolMeans(d.rows());
        m.subjectAccuracy(means, d.rows());
        m.frozenVersusFineTuned(means, d.frozenCondition(), d.fineTunedCondition());
        m.fewShot(d.rows());
        m.confusion(d);
        m.training(d.trainingRuns());
        m.latent(d.latent());
        m.distillation(d);
        return m;
    }

    /** The number of charts the page draws. */
    int chartCount() {
        return sections.stream().mapToInt(s -> s.charts().size()).sum();
    }

    /** Rows grouped by protocol (within, loso, fewshot-k by k, then others by name), condition and subject. */
    static List<ProtocolMeans> protocolMeans(List<ResultRow> rows) {
        Map<String, Map<String, Map<String, List<ResultRow>>>> grouped = new TreeMap<>(ReportModel::compareProtocols);
        for (ResultRow r : rows) {
            grouped.computeIfAbsent(r.protocol(), p -> new LinkedHashMap<>())
                    .computeIfAbsent(r.condition(), c -> new TreeMap<>()).computeIfAbsent(r.subject(),
                            s -> new ArrayList<>()).add(r);
        }
        List<ProtocolMeans> out = new ArrayList<>();
        grouped.forEach((protocol, byCondition) -> {
            Map<String, Map<String, double[]>> means = new LinkedHashMap<>();
            byCondition.forEach((condition, bySubject) -> {
                Map<String, double[]> perSubject = new TreeMap<>();
                bySubject.forEach((subject, list) -> perSubject.put(subject, new double[] {
                    list.stream().mapToDouble(r -> r.metrics().accuracy()).average().orElseThrow(),
                    list.stream().mapToDouble(r -> r.metrics().balancedAccuracy()).average().orElseThrow(),
                    list.size()}));
                means.put(condition, perSubject);
            });
            out.add(new ProtocolMeans(protocol, means));
        });
        return out;
    }

    private void subjectAccuracy(List<ProtocolMeans> means, List<ResultRow> rows) {
        ArrayNode protocols = data.putArray("protocols");
        List<Chart> charts = new ArrayList<>();
        for (ProtocolMeans p : means) {
            ObjectNode o = protocols.addObject().put("protocol", p.protocol());
            ArrayNode conditions = o.putArray("conditions");
            TreeSet<String> subjectSet = new TreeSet<>();
            p.bySubject().values().forEach(s -> subjectSet.addAll(s.keySet()));
            List<String> subjects = List.copyOf(subjectSet);
            subjects.forEach(o.putArray("subjects")::add);
            ArrayNode points = o.putArray("points");
            ArrayNode mean = o.putArray("mean");
            ArrayNode std = o.putArray("std");
            ArrayNode n = o.putArray("n");
            int ci = 0;
            for (String condition : p.bySubject().keySet()) {
                conditions.add(condition);
                Map<String, double[]> perSubject = p.of(condition);
                double[] acc = perSubject.values().stream().mapToDouble(v -> v[0]).toArray();
                double[] bal = perSubject.values().stream().mapToDouble(v -> v[1]).toArray();
                for (Map.Entry<String, double[]> e : perSubject.entrySet()) {
                    points.addArray().add(ci).add(e.getValue()[0]).add(subjects.indexOf(e.getKey()));
                }
                mean.add(Stats.mean(acc));
                std.add(Stats.std(acc));
                n.add(acc.length);
                String modalities = String.join(" / ", new LinkedHashSet<>(rows.stream()
                        .filter(r -> r.protocol().equals(p.protocol()) && r.condition().equals(condition))
                        .map(ResultRow::modalities).toList()));
                int rowCount = perSubject.values().stream().mapToInt(v -> (int) v[2]).sum();
                summary.add(new Summary(p.protocol(), condition, modalities, acc.length, rowCount, Stats.mean(acc),
                        Stats.std(acc), Stats.mean(bal)));
                ci++;
            }
            charts.add(new Chart("chart-accuracy-" + charts.size(), "subjectAccuracy", charts.size(),
                    "Per-subject accuracy, protocol " + p.protocol(),
                    "Each dot is one subject's accuracy averaged over its folds and seeds and the black bar is the mean "
                            + "over subjects; dots above the upper dashed line (the binomial 95 % bound of chance) "
                            + "beat guessing for that subject.", 380));
        }
        sections.add(new Section("subject-accuracy", "Per-subject accuracy by condition", charts,
                rows.isEmpty() ? List.of("No result rows were given.") : List.of(), charts.size() > 1));
    }

    private void frozenVersusFineTuned(List<ProtocolMeans> means, String frozen, String fineTuned) {
        ObjectNode o = JSON.createObjectNode().put("frozen", frozen).put("fineTuned", fineTuned);
        ArrayNode series = o.putArray("series");
        boolean frozenSeen = false;
        boolean fineSeen = false;
        for (ProtocolMeans p : means) {
            Map<String, double[]> x = p.of(frozen);
            Map<String, double[]> y = p.of(fineTuned);
            frozenSeen |= !x.isEmpty();
            fineSeen |= !y.isEmpty();
            ArrayNode points = JSON.createArrayNode();
            x.forEach((subject, v) -> {
                if (y.containsKey(subject)) {
                    points.addArray().add(v[0]).add(y.get(subject)[0]).add(subject);
                }
            });
            if (!points.isEmpty()) {
                series.addObject().put("protocol", p.protocol()).set("points", points);
            }
        }
        List<Chart> charts = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        if (!series.isEmpty()) {
            data.set("frozenVersusFineTuned", o);
            charts.add(new Chart("chart-frozen-vs-fine-tuned", "frozenVersusFineTuned", 0,
                    frozen + " against " + fineTuned,
                    "Each dot is one subject's mean accuracy with the frozen backbone (x) and fine-tuned (y), one colour "
                            + "per protocol; dots above the diagonal are subjects whom fine-tuning helped.", 460));
        } else if (!frozenSeen || !fineSeen) {
            absent.add("Not drawn: the rows have no condition '" + (frozenSeen ? fineTuned : frozen) + "'"
                    + (!frozenSeen && !fineSeen ? " and no condition '" + fineTuned + "'" : "") + ".");
        } else {
            absent.add("Not drawn: '" + frozen + "' and '" + fineTuned + "' never share a subject under one protocol.");
        }
        sections.add(new Section("frozen-vs-fine-tuned", "Frozen backbone against fine-tuning", charts, absent,
                false));
    }

    private void fewShot(List<ResultRow> rows) {
        List<ResultRow> used = rows.stream()
                .filter(r -> r.protocol().startsWith("fewshot-") || r.protocol().equals("loso")).toList();
        List<Chart> charts = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        if (used.stream().noneMatch(r -> r.protocol().startsWith("fewshot-"))) {
            absent.add("Not drawn: no rows of a few-shot protocol (fewshot-K).");
        } else {
            // condition → k → subject → accuracies
            Map<String, TreeMap<Integer, Map<String, List<Double>>>> byCondition = new LinkedHashMap<>();
            TreeSet<Integer> ks = new TreeSet<>();
            for (ResultRow r : used) {
                int k = shots(r);
                ks.add(k);
                byCondition.computeIfAbsent(r.condition(), c -> new TreeMap<>())
                        .computeIfAbsent(k, x -> new TreeMap<>())
                        .computeIfAbsent(r.subject(), s -> new ArrayList<>()).add(r.metrics().accuracy());
            }
            ObjectNode o = data.putObject("fewShot");
            ks.forEach(o.putArray("ks")::add);
            ArrayNode series = o.putArray("series");
            byCondition.forEach((condition, byK) -> {
                ObjectNode s = series.addObject().put("condition", condition);
                ArrayNode points = s.putArray("points");
                byK.forEach((k, bySubject) -> {
                    double[] perSubject = bySubject.values().stream()
                            .mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElseThrow())
                            .toArray();
                    points.addObject().put("k", k).put("mean", Stats.mean(perSubject))
                            .put("std", Stats.std(perSubject))
                            .put("min", Arrays.stream(perSubject).min().orElseThrow())
                            .put("max", Arrays.stream(perSubject).max().orElseThrow())
                            .put("subjects", perSubject.length);
                });
            });
            charts.add(new Chart("chart-few-shot", "fewShot", 0, "Accuracy against calibration trials",
                    "Mean accuracy over held-out subjects against k, the labelled trials per class of the held-out "
                            + "subject added to training (k = 0 is leave-one-subject-out); each bar spans the lowest to "
                            + "the highest subject and the dashed lines are chance and its binomial bound.", 440));
        }
        sections.add(new Section("few-shot", "Few-shot learning curves", charts, absent, false));
    }

    /** Calibration trials per class of a row: its k_shot, 0 under leave-one-subject-out, else the protocol's K. */
    static int shots(ResultRow r) {
        if (r.kShot() >= 0) {
            return r.kShot();
        }
        if (r.protocol().equals("loso")) {
            return 0;
        }
        try {
            return Integer.parseInt(r.protocol().substring("fewshot-".length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("row of subject " + r.subject() + ", condition " + r.condition()
                    + ": protocol '" + r.protocol() + "' has no k_shot and no count after 'fewshot-'", e);
        }
    }

    private void confusion(HtmlReport.Data d) {
        List<Chart> charts = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        if (d.confusion().isEmpty()) {
            absent.add("No confusion matrices were given.");
        } else {
            HtmlReport.ConfusionMatrices c = d.confusion().get();
            ObjectNode o = data.putObject("confusion");
            c.classes().forEach(o.putArray("classes")::add);
            ArrayNode matrices = o.putArray("matrices");
            c.byCondition().forEach((condition, counts) -> {
                ObjectNode m = matrices.addObject().put("condition", condition);
                ArrayNode rowsNode = m.putArray("counts");
                for (int[] row : counts) {
                    ArrayNode r = rowsNode.addArray();
                    for (int v : row) {
                        r.add(v);
                    }
                }
                charts.add(new Chart("chart-confusion-" + charts.size(), "confusion", charts.size(),
                        "Confusion matrix, " + condition,
                        "Rows are the true class and columns the predicted one, counts summed over folds; colour and "
                                + "percentage are the share of the true class's windows, so a good classifier has a "
                                + "dark diagonal.", 340));
            });
        }
        sections.add(new Section("confusion", "Confusion matrices", charts, absent, true));
    }

    private void training(List<HtmlReport.TrainingRun> runs) {
        List<Chart> charts = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        if (runs.isEmpty()) {
            absent.add("No training runs were given.");
        } else {
            ArrayNode out = data.putArray("training");
            boolean anyLoss = false;
            boolean anyAccuracy = false;
            for (HtmlReport.TrainingRun run : runs) {
                TrainingCurves c = TrainingCurves.read(run.label(), run.metrics());
                ObjectNode o = out.addObject().put("label", c.label());
                points(o.putArray("loss"), c.loss());
                points(o.putArray("accuracy"), c.accuracy());
                points(o.putArray("balancedAccuracy"), c.balancedAccuracy());
                anyLoss |= !c.loss().isEmpty();
                anyAccuracy |= !c.accuracy().isEmpty();
            }
            if (anyLoss) {
                charts.add(new Chart("chart-training-loss", "trainingLoss", 0, "Training loss",
                        "Training loss of each run against the optimizer step (each point the mean over the steps since "
                                + "the previous one); a curve that flattens has converged, one that climbs diverges.",
                        380));
            } else {
                absent.add("No training loss: no run has a \"split\":\"train\" line.");
            }
            if (anyAccuracy) {
                charts.add(new Chart("chart-training-accuracy", "trainingAccuracy", 0, "Held-out accuracy during "
                        + "training", "Held-out accuracy (solid) and balanced accuracy (dashed) of each run against the "
                                + "optimizer step; the grey dashed line is chance.", 380));
            } else {
                absent.add("No held-out accuracy: no run has a \"split\":\"test\" line.");
            }
        }
        sections.add(new Section("training", "Training curves", charts, absent, true));
    }

    private static void points(ArrayNode into, List<double[]> points) {
        for (double[] p : points) {
            ArrayNode a = into.addArray().add(p[0]);
            if (Double.isFinite(p[1])) {
                a.add(p[1]);
            } else {
                a.addNull(); // JSON has no NaN: a gap in the curve
            }
        }
    }

    private void latent(List<HtmlReport.LatentPoint> points) {
        List<Chart> charts = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        if (points.isEmpty()) {
            absent.add("No latent projection was given.");
        } else {
            ObjectNode o = data.putObject("latent");
            List<String> modalities = distinct(points.stream().map(HtmlReport.LatentPoint::modality).toList());
            List<String> labels = distinct(points.stream().map(HtmlReport.LatentPoint::label).toList());
            List<String> subjects = distinct(points.stream().map(HtmlReport.LatentPoint::subject).toList());
            modalities.forEach(o.putArray("modalities")::add);
            labels.forEach(o.putArray("labels")::add);
            subjects.forEach(o.putArray("subjects")::add);
            ArrayNode pts = o.putArray("points");
            for (HtmlReport.LatentPoint p : points) {
                pts.addArray().add(p.x()).add(p.y()).add(modalities.indexOf(p.modality()))
                        .add(labels.indexOf(p.label())).add(subjects.indexOf(p.subject()));
            }
            charts.add(new Chart("chart-latent-modality", "latent", 0, "Latent space by modality",
                    "Each dot is one window's embedding in two dimensions, coloured by modality: mixed colours mean the "
                            + "modalities share one space, separate islands mean they do not.", 420));
            charts.add(new Chart("chart-latent-label", "latent", 1, "Latent space by class",
                    "The same dots coloured by class: clusters of one colour mean the latent separates the classes.",
                    420));
            charts.add(new Chart("chart-latent-subject", "latent", 2, "Latent space by subject",
                    "The same dots coloured by subject: clusters of one colour mean the latent encodes who was "
                            + "recorded rather than the brain state.", 420));
        }
        sections.add(new Section("latent", "Latent projection", charts, absent, true));
    }

    /** Distinct values sorted as strings (subjects "2" and "10" sort right when zero-padded, as BIDS pads them). */
    private static List<String> distinct(List<String> values) {
        return values.stream().distinct().sorted(Comparator.naturalOrder()).toList();
    }

    private void distillation(HtmlReport.Data d) {
        List<Chart> charts = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        if (d.distillationMap().isEmpty()) {
            absent.add("No distillation map was given.");
        } else {
            DistillationMapTable t = DistillationMapTable.read(d.distillationMap().get());
            ObjectNode o = data.putObject("distillation");
            List<Double> fractions = t.fractions();
            List<String> labelled = t.labelled();
            List<String> conditions = t.conditions();
            fractions.forEach(o.putArray("fractions")::add);
            labelled.forEach(o.putArray("labelled")::add);
            conditions.forEach(o.putArray("conditions")::add);
            ArrayNode means = o.putArray("means");
            for (double f : fractions) {
                ArrayNode perCondition = means.addArray();
                for (String c : conditions) {
                    ObjectNode s = perCondition.addObject();
                    ArrayNode mean = s.putArray("mean");
                    ArrayNode n = s.putArray("n");
                    for (String l : labelled) {
                        double[] m = t.mean(f, l, c);
                        if (m[1] > 0) {
                            mean.add(m[0]);
                        } else {
                            mean.addNull();
                        }
                        n.add((int) m[1]);
                    }
                }
                charts.add(new Chart("chart-distillation-" + charts.size(), "distillation", charts.size(),
                        "Distillation map, shared fraction " + HtmlReport.number(f),
                        "Mean held-out accuracy over subjects and seeds of each condition against the labelled windows "
                                + "per class and training subject, when a share " + HtmlReport.number(f) + " of the "
                                + "simulated sources is shared by EEG and fNIRS; the dashed line is chance.", 380));
            }
            if (conditions.contains("student") && conditions.contains("self-training")) {
                ObjectNode gain = o.putObject("gain").put("a", "student").put("b", "self-training");
                ArrayNode cells = gain.putArray("cells");
                for (int fi = 0; fi < fractions.size(); fi++) {
                    for (int li = 0; li < labelled.size(); li++) {
                        double[] g = t.pairedDifference(fractions.get(fi), labelled.get(li), "student",
                                "self-training");
                        if (g[1] > 0) {
                            cells.addArray().add(li).add(fi).add(g[0]).add((int) g[1]);
                        }
                    }
                }
                charts.add(new Chart("chart-distillation-gain", "distillationGain", 0,
                        "Student minus self-training", "Mean paired accuracy difference, student minus self-training "
                                + "on the same seed and subject, per cell: red where distillation beats the EEG-only "
                                + "control that uses the same unlabelled windows, blue where it loses.",
                        160 + 60 * fractions.size()));
            } else {
                absent.add("No gain map: the map has no 'student' and 'self-training' pair to compare.");
            }
        }
        sections.add(new Section("distillation", "Distillation map", charts, absent, true));
    }

    private static int compareProtocols(String a, String b) {
        int c = Integer.compare(rank(a), rank(b));
        if (c != 0) {
            return c;
        }
        if (rank(a) == 2) {
            c = Long.compare(fewShotK(a), fewShotK(b));
        }
        return c != 0 ? c : a.compareTo(b);
    }

    private static int rank(String protocol) {
        if (protocol.equals("within")) {
            return 0;
        }
        if (protocol.equals("loso")) {
            return 1;
        }
        return protocol.startsWith("fewshot-") ? 2 : 3;
    }

    private static long fewShotK(String protocol) {
        try {
            return Long.parseLong(protocol.substring("fewshot-".length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
