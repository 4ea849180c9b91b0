package org.neurofusion.alignment.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.neurofusion.evaluation.ShrinkageLda;

/**
 * How well a linear classifier tells subjects apart from their embeddings: cross-validated accuracy of a
 * shrinkage LDA (Ledoit–Wolf, multi-class; {@link ShrinkageLda}) predicting subject identity, against chance. An
 * aligned space meant to carry brain state rather than subject should keep this near chance.
 *
 * <p>Folds keep neighbouring windows apart, since windows seconds apart share slow state and would let the probe
 * recognise a window by its neighbour rather than by its subject. When every subject has at least two groups (runs
 * or sessions), whole groups form the folds ({@link Folding#GROUPS}): subject {@code s}'s {@code j}-th group (in
 * order of first appearance) goes to fold {@code j mod F} with {@code F = min(folds, fewest groups of a subject)},
 * so every fold tests and trains on every subject. Otherwise ({@link Folding#TIME_BLOCKS}) each subject's windows,
 * ordered by group and start time, are cut into {@code F = min(folds, fewest windows of a subject)} contiguous
 * blocks, block {@code f} of every subject is fold {@code f}'s test set, and the {@code guard} windows on either
 * side of a test block are left out of training. Deterministic: no random draws.
 */
public final class SubjectProbe {
    /** How the folds were formed. */
    public enum Folding {
        /** whole runs or sessions per fold */
        GROUPS,
        /** contiguous blocks of each subject's windows in time, with a guard */
        TIME_BLOCKS
    }

    /**
     * The probe's outcome.
     *
     * @param accuracy share of all windows (each tested once) whose subject was predicted right
     * @param chance   share of the most common subject: {@code 1 / subjects} when balanced
     * @param correct  number of windows predicted right
     * @param windows  number of windows
     * @param subjects number of distinct subjects
     * @param folds    number of folds used
     * @param folding  how the folds were formed
     */
    public record Result(double accuracy, double chance, int correct, int windows, int subjects, int folds,
            Folding folding) {
        public Result {
            if (windows < 1 || correct < 0 || correct > windows || subjects < 2 || folds < 2 || folding == null) {
                throw new IllegalArgumentException("inconsistent probe result: " + correct + " of " + windows
                        + " right, " + subjects + " subjects, " + folds + " folds, folding " + folding);
            }
        }

        /** The smallest count of correct windows chance reaches with probability ≤ alpha (binomial at {@code chance}). */
        public int chanceBound(double alpha) {
            return Retrieval.binomialUpperBound(windows, chance, alpha);
        }

        /**
         * Whether the probe stays below chance's binomial bound at level {@code alpha}. Approximate: predictions of
         * one fold share a classifier, so cross-validated accuracy scatters somewhat more than a binomial (in a scan,
         * at least 2 of 40 chance-level cohorts of 120 windows reached the α = 0.01 bound); average several seeds before
         * reading much into a near miss.
         */
        public boolean withinChance(double alpha) {
            return correct < chanceBound(alpha);
        }
    }

    private final int folds;
    private final int guard;

    private SubjectProbe(Builder b) {
        this.folds = b.folds;
        this.guard = b.guard;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@link #evaluate(double[][], List, List, double[])} of float embeddings. */
    public Result evaluate(float[][] x, List<?> subjects, List<?> groups, double[] starts) {
        return evaluate(Rows.widen(x, "embeddings"), subjects, groups, starts);
    }

    /**
     * Runs the probe.
     *
     * @param x        n × d embeddings
     * @param subjects n subject ids (compared with {@code equals})
     * @param groups   n run or session ids (compared with {@code equals}; may repeat across subjects)
     * @param starts   n window start times (seconds; only their order within a group matters)
     * @throws IllegalArgumentException for fewer than two subjects, a subject with fewer than two windows, or a
     *     bad row (named)
     */
    public Result evaluate(double[][] x, List<?> subjects, List<?> groups, double[] starts) {
        Rows.check(x, "embeddings", 2);
        int n = x.length;
        Plan plan = plan(subjects, groups, starts, n);
        int correct = 0;
        for (int k = 0; k < plan.folds; k++) {
            List<double[]> trainX = new ArrayList<>();
            List<Integer> trainY = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (plan.fold[i] != k && !plan.excluded[k][i]) {
                    trainX.add(x[i]);
                    trainY.add(plan.label[i]);
                }
            }
            long present = trainY.stream().distinct().count();
            if (present < plan.subjects) {
                throw new IllegalArgumentException("fold " + k + " of " + plan.folds + " leaves "
                        + (plan.subjects - present) + " subject(s) without training windows (too few windows for the"
                        + " folds and a guard of " + guard + ")");
            }
            ShrinkageLda lda = ShrinkageLda.fit(trainX.toArray(double[][]::new),
                    trainY.stream().mapToInt(Integer::intValue).toArray());
            int[] classes = lda.classes();
            for (int i = 0; i < n; i++) {
                if (plan.fold[i] == k) {
                    double[] s = lda.scores(x[i]);
                    int best = 0;
                    for (int c = 1; c < s.length; c++) {
                        if (s[c] > s[best]) {
                            best = c;
                        }
                    }
                    correct += classes[best] == plan.label[i] ? 1 : 0;
                }
            }
        }
        return new Result(correct / (double) n, plan.majority / (double) n, correct, n, plan.subjects, plan.folds,
                plan.folding);
    }

    /**
     * Which fold tests each row, and which rows each fold keeps out of training besides its test rows.
     *
     * @param label    subject index of each row
     * @param majority windows of the most common subject
     */
    record Plan(Folding folding, int folds, int[] fold, boolean[][] excluded, int[] label, int subjects,
            int majority) {
    }

    /** The folds for these rows (package-private so that tests can check them directly). */
    Plan plan(List<?> subjects, List<?> groups, double[] starts, int n) {
        List<int[]> bySubject = Rows.members(subjects, n, "subjects");
        if (groups == null || groups.size() != n) {
            throw new IllegalArgumentException("groups must name all " + n + " rows, got "
                    + (groups == null ? "null" : groups.size()));
        }
        if (starts == null || starts.length != n) {
            throw new IllegalArgumentException("starts must give all " + n + " rows, got "
                    + (starts == null ? "null" : starts.length));
        }
        if (bySubject.size() < 2) {
            throw new IllegalArgumentException("a subject probe needs at least two subjects, found one");
        }
        int[] label = new int[n];
        int majority = 0;
        List<List<int[]>> groupsOf = new ArrayList<>();
        int fewestGroups = Integer.MAX_VALUE;
        int fewestWindows = Integer.MAX_VALUE;
        for (int s = 0; s < bySubject.size(); s++) {
            int[] rows = bySubject.get(s);
            for (int i : rows) {
                label[i] = s;
            }
            majority = Math.max(majority, rows.length);
            List<Object> ids = new ArrayList<>();
            for (int i : rows) {
                ids.add(groups.get(i));
            }
            List<int[]> local = Rows.members(ids, rows.length, "groups of subject " + subjects.get(rows[0]));
            List<int[]> global = new ArrayList<>();
            for (int[] g : local) {
                global.add(Arrays.stream(g).map(k -> rows[k]).toArray());
            }
            groupsOf.add(global);
            fewestGroups = Math.min(fewestGroups, global.size());
            fewestWindows = Math.min(fewestWindows, rows.length);
        }
        if (fewestWindows < 2) {
            throw new IllegalArgumentException("every subject needs at least two windows for a cross-validated probe");
        }
        Folding folding = fewestGroups >= 2 ? Folding.GROUPS : Folding.TIME_BLOCKS;
        int f = Math.min(folds, folding == Folding.GROUPS ? fewestGroups : fewestWindows);
        int[] fold = new int[n];
        boolean[][] excluded = new boolean[f][n];
        for (List<int[]> subjectGroups : groupsOf) {
            if (folding == Folding.GROUPS) {
                for (int j = 0; j < subjectGroups.size(); j++) {
                    for (int i : subjectGroups.get(j)) {
                        fold[i] = j % f;
                    }
                }
            } else {
                assignBlocks(subjectGroups, starts, f, fold, excluded);
            }
        }
        return new Plan(folding, f, fold, excluded, label, bySubject.size(), majority);
    }

    /** One subject's windows, ordered by group then start, cut into f contiguous blocks with guards. */
    private void assignBlocks(List<int[]> subjectGroups, double[] starts, int f, int[] fold, boolean[][] excluded) {
        List<Integer> order = new ArrayList<>();
        for (int[] g : subjectGroups) {
            int[] sorted = Arrays.stream(g).boxed().sorted(Comparator.<Integer>comparingDouble(i -> starts[i])
                    .thenComparingInt(i -> i)).mapToInt(Integer::intValue).toArray();
            for (int i : sorted) {
                if (!Double.isFinite(starts[i])) {
                    throw new IllegalArgumentException("start of row " + i + " is " + starts[i]);
                }
                order.add(i);
            }
        }
        int m = order.size();
        for (int k = 0; k < f; k++) {
            int from = (int) ((long) k * m / f);
            int to = (int) ((long) (k + 1) * m / f);
            for (int p = from; p < to; p++) {
                fold[order.get(p)] = k;
            }
            for (int p = Math.max(0, from - guard); p < Math.min(m, to + guard); p++) {
                excluded[k][order.get(p)] = true;
            }
        }
    }

    /** Options of a {@link SubjectProbe}. */
    public static final class Builder {
        private int folds = 5;
        private int guard = 1;

        private Builder() {
        }

        /** Most folds to use (default 5; fewer when subjects have fewer groups or windows); at least 2. */
        public Builder optFolds(int folds) {
            if (folds < 2) {
                throw new IllegalArgumentException("a cross-validated probe needs at least 2 folds, got " + folds);
            }
            this.folds = folds;
            return this;
        }

        /** Windows left out of training on each side of a time-block test set (default 1); at least 0. */
        public Builder optGuard(int windows) {
            if (windows < 0) {
                throw new IllegalArgumentException("guard must be at least 0 windows, got " + windows);
            }
            this.guard = windows;
            return this;
        }

        public SubjectProbe build() {
            return new SubjectProbe(this);
        }
    }
}
