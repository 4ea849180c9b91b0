package org.neurofusion.fusion.experiment;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one cell of the distillation map says: each condition's mean accuracy over held-out subjects × seeds, the
 * student's gain over scratch and over self-training as paired t intervals (pairs: the same subject and seed), and
 * the share of the scratch → all-labels gap the student closes.
 *
 * @param cell the cell
 * @param meanAccuracy mean accuracy per condition present in the cell
 * @param overScratch student − scratch, paired over subjects × seeds
 * @param overSelfTraining student − self-training, paired over subjects × seeds
 * @param gapInterval all-labels − scratch, paired over subjects × seeds: the gap the student could close, with
 *     its spread (its mean is {@link #gap()})
 * @param gapShare (mean student − mean scratch) / gap; NaN when the gap is not positive (nothing to close). Read it
 *     only where {@link #gapIsReal()}: a share of a gap that is noise says nothing
 */
public record CellSummary(MapRow.Cell cell, Map<Condition, Double> meanAccuracy, PairedTInterval overScratch,
        PairedTInterval overSelfTraining, PairedTInterval gapInterval, double gapShare) {
    public CellSummary {
        meanAccuracy = Collections.unmodifiableMap(new EnumMap<>(meanAccuracy));
    }

    /**
     * One summary per cell, in map order (shared fraction, then labelled count with {@code all} last).
     *
     * @throws IllegalArgumentException naming the cell, seed, subject and condition when a row is missing or
     *     repeated (a pair cannot be formed)
     */
    public static List<CellSummary> of(List<MapRow> rows) {
        Map<MapRow.Cell, Map<String, Map<Condition, Double>>> cells = new TreeMap<>();
        for (MapRow r : rows) {
            String unit = r.seed() + "/" + r.subject();
            Double before = cells.computeIfAbsent(r.cell(), k -> new TreeMap<>())
                    .computeIfAbsent(unit, k -> new EnumMap<>(Condition.class)).put(r.condition(), r.accuracy());
            if (before != null) {
                throw new IllegalArgumentException(where(r.cell(), unit) + " has two " + r.condition().label()
                        + " rows");
            }
        }
        List<CellSummary> out = new ArrayList<>();
        cells.forEach((cell, units) -> {
            Map<Condition, Double> means = new EnumMap<>(Condition.class);
            for (Condition c : Condition.values()) {
                double sum = 0;
                int n = 0;
                for (Map<Condition, Double> u : units.values()) {
                    if (u.containsKey(c)) {
                        sum += u.get(c);
                        n++;
                    }
                }
                if (n > 0) {
                    means.put(c, sum / n);
                }
            }
            double[] student = column(cell, units, Condition.STUDENT);
            PairedTInterval overScratch = PairedTInterval.of(student, column(cell, units, Condition.SCRATCH));
            PairedTInterval overSelf = PairedTInterval.of(student, column(cell, units, Condition.SELF_TRAINING));
            PairedTInterval gapInterval = PairedTInterval.of(column(cell, units, Condition.ALL_LABELS),
                    column(cell, units, Condition.SCRATCH));
            double gap = means.get(Condition.ALL_LABELS) - means.get(Condition.SCRATCH);
            // a gap of zero (every label already given) or below zero (noise) leaves nothing to close
            double share = gap > 1e-9 ? (means.get(Condition.STUDENT) - means.get(Condition.SCRATCH)) / gap
                    : Double.NaN;
            out.add(new CellSummary(cell, means, overScratch, overSelf, gapInterval, share));
        });
        return out;
    }

    private static double[] column(MapRow.Cell cell, Map<String, Map<Condition, Double>> units, Condition c) {
        double[] x = new double[units.size()];
        int i = 0;
        for (Map.Entry<String, Map<Condition, Double>> u : units.entrySet()) {
            Double v = u.getValue().get(c);
            if (v == null) {
                throw new IllegalArgumentException(where(cell, u.getKey()) + " has no " + c.label()
                        + " row; the student's gains are paired over subject and seed");
            }
            x[i++] = v;
        }
        return x;
    }

    private static String where(MapRow.Cell cell, String unit) {
        String[] p = unit.split("/", 2);
        return "cell shared_fraction " + MapCsv.number(cell.sharedFraction()) + ", labelled_per_class "
                + cell.labelled() + ", seed " + p[0] + ", subject " + p[1];
    }

    /** Mean all-labels − mean scratch (the mean of the paired differences, so the same number). */
    public double gap() {
        return gapInterval.mean();
    }

    /**
     * Whether the all-labels ceiling beats scratch by more than the spread across subjects and seeds explains (the
     * gap's paired interval lies above 0). Where it does not, there is no gap to speak of, and the share of it the
     * student closes is a ratio of noise: {@link MapReport} then does not read it as the goal met or missed.
     */
    public boolean gapIsReal() {
        return gapInterval.lower() > 0;
    }

    /** Number of subject × seed pairs behind the gains. */
    public int pairs() {
        return overScratch.n();
    }
}
