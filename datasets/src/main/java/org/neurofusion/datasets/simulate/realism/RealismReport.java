package org.neurofusion.datasets.simulate.realism;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurofusion.core.Recording;

/**
 * Simulated against real: the realism statistics gathered from many recordings on each side, summarised per
 * statistic as median and range, with a flag where the simulated median lies outside what the real recordings
 * show (see {@link #flag}). Non-finite values (a constant channel's correlation, say) are left out of the
 * summaries and counted apart.
 */
public final class RealismReport {
    /** Which side a recording is on. */
    public enum Side { SIMULATED, REAL }

    /** Median and range of one statistic on one side; {@code count} finite values, NaN fields when none. */
    public record Summary(int count, double median, double min, double max) {
        static Summary of(List<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray();
            if (v.length == 0) {
                return new Summary(0, Double.NaN, Double.NaN, Double.NaN);
            }
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double x : v) {
                lo = Math.min(lo, x);
                hi = Math.max(hi, x);
            }
            return new Summary(v.length, Measures.median(v), lo, hi);
        }
    }

    /** One line of the table; {@code flag} is empty when the simulated median passes. */
    public record Row(Statistic statistic, Summary simulated, Summary real, String flag) {
    }

    private final Map<Side, Map<Statistic, List<Double>>> values = new EnumMap<>(Side.class);
    private final Map<Side, Integer> recordings = new EnumMap<>(Side.class);
    private final Map<Side, Integer> skipped = new EnumMap<>(Side.class);

    private final java.util.Set<String> taskEvents;

    /** An empty report; task onsets for the evoked fNIRS response are the motor-imagery labels only. */
    public RealismReport() {
        this(java.util.Set.of());
    }

    /**
     * An empty report that also counts events described by one of {@code taskEvents} (e.g. trigger codes
     * {@code 3,5,6,8}) as task onsets for the evoked fNIRS response of the recordings it measures through
     * {@link #addAll}.
     */
    public RealismReport(java.util.Set<String> taskEvents) {
        this.taskEvents = java.util.Set.copyOf(taskEvents);
        for (Side s : Side.values()) {
            values.put(s, new EnumMap<>(Statistic.class));
            recordings.put(s, 0);
            skipped.put(s, 0);
        }
    }

    /** The EEG and fNIRS statistics of one recording (either part empty when it has no such channels). */
    public static Map<Statistic, List<Double>> measure(Recording r) {
        return measure(r, java.util.Set.of());
    }

    /** As {@link #measure(Recording)}, with extra task-onset events for the evoked fNIRS response. */
    public static Map<Statistic, List<Double>> measure(Recording r, java.util.Set<String> taskEvents) {
        Map<Statistic, List<Double>> m = new EnumMap<>(Statistic.class);
        m.putAll(EegStatistics.compute(r));
        m.putAll(FnirsStatistics.compute(r, taskEvents));
        return m;
    }

    /** Adds one recording's statistics to a side. */
    public void add(Side side, Map<Statistic, List<Double>> statistics) {
        statistics.forEach((k, v) -> values.get(side).computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        recordings.merge(side, 1, Integer::sum);
    }

    /** Told after each recording is measured, or skipped ({@code problem} non-null, saying why). */
    public interface Progress {
        /** Recording {@code done} of {@code total} on {@code side} is finished. */
        void recording(Side side, String name, int done, int total, String problem);
    }

    /**
     * Opens, measures and closes each source in turn and adds it to {@code side}. A recording that cannot be read
     * or measured is skipped and reported to {@code progress}, so one bad file in a lab's folder does not stop the
     * report; {@link #skipped} counts them.
     */
    public void addAll(Side side, List<RealismInputs.Source> sources, Progress progress) {
        for (int i = 0; i < sources.size(); i++) {
            RealismInputs.Source s = sources.get(i);
            String problem = null;
            try {
                Recording r = s.opener().get();
                try {
                    add(side, measure(r, taskEvents));
                } finally {
                    r.close();
                }
            } catch (RuntimeException e) {
                problem = e.getClass().getSimpleName() + ": " + e.getMessage();
                skipped.merge(side, 1, Integer::sum);
            }
            progress.recording(side, s.name(), i + 1, sources.size(), problem);
        }
    }

    /** Recordings of a side that could not be read or measured. */
    public int skipped(Side side) {
        return skipped.get(side);
    }

    /** Recordings added to a side. */
    public int recordings(Side side) {
        return recordings.get(side);
    }

    /** Every statistic either side has values for, in {@link Statistic} order. */
    public List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Statistic s : Statistic.values()) {
            List<Double> sim = values.get(Side.SIMULATED).getOrDefault(s, List.of());
            List<Double> real = values.get(Side.REAL).getOrDefault(s, List.of());
            if (sim.isEmpty() && real.isEmpty()) {
                continue;
            }
            Summary a = Summary.of(sim);
            Summary b = Summary.of(real);
            rows.add(new Row(s, a, b, flag(s, a.median(), b.min(), b.max())));
        }
        return rows;
    }

    /**
     * Why a simulated median is implausible against the real range [min, max], or "" when it is not: of the
     * wrong sign (the real values all of one strict sign, the median of the other or zero), more than 3 dB
     * outside the range for a quantity in decibels, more than a factor 2 outside it otherwise (below min/2 or
     * above 2·max for positive bounds, mirrored for negative ones). "no data" when either side has none.
     */
    public static String flag(Statistic s, double median, double min, double max) {
        if (!Double.isFinite(median) || !Double.isFinite(min) || !Double.isFinite(max)) {
            return "no data";
        }
        if ((min > 0 && median <= 0) || (max < 0 && median >= 0)) {
            return "sign";
        }
        if (s.scale() == Statistic.Scale.DECIBEL) {
            return median < min - 3 ? "> 3 dB low" : median > max + 3 ? "> 3 dB high" : "";
        }
        double lower = min > 0 ? min / 2 : 2 * min;
        double upper = max > 0 ? 2 * max : max / 2;
        return median < lower ? "> x2 low" : median > upper ? "> x2 high" : "";
    }

    /** The table as Markdown: statistic, unit, simulated and real median [range] (count), flag. */
    public String markdown() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Simulated: %d recordings (%d skipped); real: %d recordings (%d skipped)."
                + "%n%n", recordings(Side.SIMULATED), skipped(Side.SIMULATED), recordings(Side.REAL),
                skipped(Side.REAL)));
        b.append("| statistic | unit | simulated median [min, max] (n) | real median [min, max] (n) | flag |\n");
        b.append("|---|---|---|---|---|\n");
        for (Row r : rows()) {
            b.append("| ").append(r.statistic().label()).append(" | ").append(r.statistic().unit()).append(" | ")
                    .append(cell(r.simulated())).append(" | ").append(cell(r.real())).append(" | ")
                    .append(r.flag()).append(" |\n");
        }
        return b.toString();
    }

    private static String cell(Summary s) {
        if (s.count() == 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%s [%s, %s] (%d)", num(s.median()), num(s.min()), num(s.max()), s.count());
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v != 0) ? "%.3g" : "%.3f", v);
    }
}
