package org.neurofusion.fusion.experiment;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code map.md}: per cell, every condition's mean accuracy; the student's gain over scratch and over self-training
 * with its paired 95% t interval; and the share of the scratch → all-labels gap the student closes. Labelled as
 * simulated data.
 */
public final class MapReport {
    private static final Condition[] COLUMNS = {Condition.SCRATCH, Condition.SELF_TRAINING, Condition.STUDENT,
        Condition.ALL_LABELS, Condition.IDEAL, Condition.TEACHER, Condition.TEACHER_EEG_ONLY};

    private MapReport() {
    }

    /**
     * The report's Markdown.
     *
     * @param summaries the cells, as {@link CellSummary#of} gives them
     * @param setup one line saying how the map was run (subjects, steps, seeds), printed under the title
     */
    public static String markdown(List<CellSummary> summaries, String setup) {
        return markdown(summaries, List.of(), List.of(), setup);
    }

    /**
     * The report's Markdown with the section on the imputed embedding ({@link MapImputation#markdown}).
     *
     * @param imputation the students' imputation figures
     * @param missing blocks whose imputation figures are not known
     */
    public static String markdown(List<CellSummary> summaries, List<MapImputation.Row> imputation,
            List<String> missing, String setup) {
        return markdown(summaries, imputation, missing, setup, false);
    }

    /**
     * As {@link #markdown(List, List, List, String)}, for students that imputed the haemodynamic features when
     * {@code haemodynamic} ({@code imputation_target=haemodynamic}).
     */
    public static String markdown(List<CellSummary> summaries, List<MapImputation.Row> imputation,
            List<String> missing, String setup, boolean haemodynamic) {
        StringBuilder s = new StringBuilder();
        s.append("# Distillation map — SIMULATED DATA\n\n");
        s.append("Every number below comes from the neurofusion simulator, not from recordings. ").append(setup)
                .append("\n\n");
        s.append("## Mean held-out accuracy\n\n| shared_fraction | labelled_per_class | pairs |");
        for (Condition c : COLUMNS) {
            s.append(' ').append(c.label()).append(" |");
        }
        s.append("\n|---|---|---|");
        s.append("---|".repeat(COLUMNS.length)).append('\n');
        for (CellSummary c : summaries) {
            s.append("| ").append(MapCsv.number(c.cell().sharedFraction())).append(" | ").append(c.cell().labelled())
                    .append(" | ").append(c.pairs()).append(" |");
            for (Condition k : COLUMNS) {
                Double v = c.meanAccuracy().get(k);
                s.append(' ').append(v == null ? "–" : fixed(v)).append(" |");
            }
            s.append('\n');
        }
        s.append("\n## The student's gain\n\n");
        s.append("| shared_fraction | labelled_per_class | pairs | student − scratch [95% CI] |"
                + " student − self-training [95% CI] | gap: all-labels − scratch [95% CI] | share of gap closed |\n");
        s.append("|---|---|---|---|---|---|---|\n");
        for (CellSummary c : summaries) {
            s.append("| ").append(MapCsv.number(c.cell().sharedFraction())).append(" | ").append(c.cell().labelled())
                    .append(" | ").append(c.pairs()).append(" | ").append(interval(c.overScratch())).append(" | ")
                    .append(interval(c.overSelfTraining())).append(" | ").append(interval(c.gapInterval())).append(" | ")
                    .append(Double.isNaN(c.gapShare()) ? "n/a (no gap)"
                            : percent(c.gapShare()) + (c.gapIsReal() ? "" : " (gap within noise)"))
                    .append(" |\n");
        }
        s.append(findings(summaries));
        s.append("\nHow to read it: a pair is one held-out subject under one seed; a gain is the mean over pairs of"
                + " the student's accuracy minus the control's on the same subject and seed, and its interval is the"
                + " paired Student t interval (mean ± t(0.975, pairs − 1) · sd / √pairs). An interval that excludes 0"
                + " says the difference is larger than the spread across subjects and seeds explains; with few pairs"
                + " t is large (12.7 for 2 pairs, 4.3 for 3) and intervals are wide. The gain over self-training is"
                + " the one that credits the second modality: self-training uses the same unlabelled EEG without"
                + " fNIRS. The share of the gap is (student − scratch) / (all-labels − scratch) on the cell means; it"
                + " is n/a where every label is given (no gap) or all-labels does not beat scratch, and is not read"
                + " as the goal met or missed where the gap's own paired interval includes 0 (a share of noise). `ideal` is"
                + " shrinkage LDA on the simulator's true EEG-visible source features: what EEG carries at all.\n");
        s.append(MapImputation.markdown(imputation, missing, haemodynamic));
        return s.toString();
    }

    /**
     * The map's verdicts, worded from the intervals alone so that no reading of the numbers is left to taste: where
     * the student's gain over self-training and over scratch lies above 0, where below, whether the cells without
     * shared task show no gain over self-training, and how much of the gap the student closes where the knob is
     * highest and labels are few.
     */
    static String findings(List<CellSummary> summaries) {
        StringBuilder s = new StringBuilder("\n## What the map says\n\n");
        s.append("- The student beats self-training (interval above 0) in ")
                .append(cells(summaries, c -> c.overSelfTraining().lower() > 0, true)).append(".\n");
        s.append("- The student beats scratch (interval above 0) in ")
                .append(cells(summaries, c -> c.overScratch().lower() > 0, false)).append(".\n");
        s.append("- The student does worse than self-training (interval below 0) in ")
                .append(cells(summaries, c -> c.overSelfTraining().upper() < 0, true)).append(".\n");
        List<CellSummary> none = summaries.stream().filter(c -> c.cell().sharedFraction() == 0).toList();
        if (!none.isEmpty()) {
            boolean clean = none.stream().noneMatch(c -> c.overSelfTraining().lower() > 0);
            s.append("- Where the EEG shares none of the task (shared fraction 0), ").append(clean
                    ? "no cell shows a gain over self-training whose interval lies above 0, as it should."
                    : "a cell shows a gain over self-training whose interval lies above 0: a false positive to explain"
                            + " before any other cell is believed.").append('\n');
        }
        double top = summaries.stream().mapToDouble(c -> c.cell().sharedFraction()).max().orElse(Double.NaN);
        StringBuilder goal = new StringBuilder();
        for (CellSummary c : summaries) {
            if (c.cell().sharedFraction() == top && c.cell().labelledPerClass() > 0) {
                goal.append(goal.length() == 0 ? "" : "; ").append(c.cell().labelled()).append(" labels per class: ")
                        .append(goal(c));
            }
        }
        if (goal.length() > 0) {
            s.append("- The goal, half of the scratch → all-labels gap closed where the EEG shares the most (shared"
                    + " fraction ").append(MapCsv.number(top)).append(") and labels are few: ").append(goal)
                    .append(".\n");
        }
        return s.toString();
    }

    /** The goal's verdict in one cell: met or not met only where there is a gap larger than the spread. */
    static String goal(CellSummary c) {
        if (Double.isNaN(c.gapShare())) {
            return "no gap to close (all-labels does not beat scratch)";
        }
        if (!c.gapIsReal()) {
            return String.format(Locale.ROOT, "%s of a gap of %s, which the spread across subjects and seeds"
                    + " does not tell from 0: not read as met or missed", percent(c.gapShare()),
                    interval(c.gapInterval()));
        }
        return String.format(Locale.ROOT, "%s (%s)", percent(c.gapShare()), c.gapShare() >= 0.5 ? "met" : "not met");
    }

    /**
     * A share of the gap in whole percent, but with a decimal where whole percent would round a share below the goal
     * of one half up to it (0.4995 is "49.9%", not "50%" beside "not met").
     */
    static String percent(double share) {
        if (share < 0.5 && Math.round(100 * share) >= 50) {
            return String.format(Locale.ROOT, "%.1f%%", Math.floor(1000 * share) / 10);
        }
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    private static String cells(List<CellSummary> summaries, java.util.function.Predicate<CellSummary> p,
            boolean overSelf) {
        StringBuilder s = new StringBuilder();
        for (CellSummary c : summaries) {
            PairedTInterval ci = overSelf ? c.overSelfTraining() : c.overScratch();
            if (!Double.isNaN(ci.lower()) && p.test(c)) {
                s.append(s.length() == 0 ? "" : "; ").append("shared fraction ")
                        .append(MapCsv.number(c.cell().sharedFraction())).append(" with ").append(c.cell().labelled())
                        .append(" labels per class, ").append(interval(ci));
                if (!overSelf && !Double.isNaN(c.gapShare()) && c.gapIsReal()) {
                    s.append(", ").append(percent(c.gapShare())).append(" of the gap");
                }
            }
        }
        return s.length() == 0 ? "no cell" : s.toString();
    }

    /** Writes the report to {@code file} atomically. */
    public static void write(Path file, List<CellSummary> summaries, String setup) {
        MapCsv.writeAtomically(file, markdown(summaries, setup));
    }

    /** Writes the report with the imputation section to {@code file} atomically. */
    public static void write(Path file, List<CellSummary> summaries, List<MapImputation.Row> imputation,
            List<String> missing, String setup, boolean haemodynamic) {
        MapCsv.writeAtomically(file, markdown(summaries, imputation, missing, setup, haemodynamic));
    }

    /** {@code +0.050 [−0.010, +0.110]}, or {@code +0.050 [n/a]} for one pair. */
    static String interval(PairedTInterval ci) {
        if (Double.isNaN(ci.lower())) {
            return signed(ci.mean()) + " [n/a]";
        }
        return signed(ci.mean()) + " [" + signed(ci.lower()) + ", " + signed(ci.upper()) + "]";
    }

    static String signed(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%+.3f", v);
    }

    private static String fixed(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
