package org.neurofusion.evaluation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.WindowRef;

/**
 * The hybrid EEG–fNIRS classifier after Shin et al. (2017): a meta-classifier over the decision scores of base
 * classifiers (by default CSP+LDA on EEG, mean/slope on HbR, mean/slope on HbO). Two combinations:
 * {@link Combination#SUM_OF_LOG_ODDS} (the default) adds the base shrinkage-LDA discriminants, which are log
 * odds under LDA's model, as a product of experts would; {@link Combination#STACKED_LDA} trains a shrinkage LDA
 * on the base scores. With 40–50 training trials per subject the trained combination gained nothing over the
 * best single modality on the simulator (71.2 % against 72.4 %, 10 subjects), the sum gained 2.5 points
 * (74.3 % against 71.8 %), so the sum is the default. For the stacked variant, the base
 * classifiers are fitted on the whole training fold for the test scores; the meta-classifier is trained on
 * out-of-fold scores of the training windows from an inner cross-validation, since scores of windows a base
 * classifier was fitted on are optimistic. The inner folds are chronological blocks taken per class (so
 * every inner training set holds every class), and inner training windows overlapping an inner test window
 * of the same run are left out. Stacked features: with two classes the score difference of each base
 * classifier, otherwise its per-class scores.
 */
public final class Hybrid implements WindowClassifier {
    /** Inner folds when none is given. */
    public static final int DEFAULT_INNER_FOLDS = 5;

    /** How the base classifiers' scores are combined. */
    public enum Combination { SUM_OF_LOG_ODDS, STACKED_LDA }

    private final List<WindowClassifier> bases;
    private final int innerFolds;
    private final Combination combination;

    /** A stacked shrinkage-LDA meta-classifier over {@code bases} with {@code innerFolds} inner folds. */
    public Hybrid(List<WindowClassifier> bases, int innerFolds) {
        this(bases, innerFolds, Combination.STACKED_LDA);
    }

    /** A meta-classifier over {@code bases} combining their scores by {@code combination}. */
    public Hybrid(List<WindowClassifier> bases, int innerFolds, Combination combination) {
        if (bases.isEmpty()) {
            throw new IllegalArgumentException("a hybrid needs at least one base classifier");
        }
        if (innerFolds < 2) {
            throw new IllegalArgumentException("a hybrid needs at least 2 inner folds, got " + innerFolds);
        }
        this.bases = List.copyOf(bases);
        this.innerFolds = innerFolds;
        this.combination = java.util.Objects.requireNonNull(combination, "combination");
    }

    /** EEG CSP + HbR + HbO, as Shin et al. (2017), their log odds summed. */
    public Hybrid() {
        this(List.of(new CspLda(), new FnirsMeanSlope(ChannelType.HBR), new FnirsMeanSlope(ChannelType.HBO)),
                DEFAULT_INNER_FOLDS, Combination.SUM_OF_LOG_ODDS);
    }

    @Override
    public List<Modality> modalities() {
        LinkedHashSet<Modality> m = new LinkedHashSet<>();
        bases.forEach(b -> m.addAll(b.modalities()));
        return List.copyOf(m);
    }

    @Override
    public void check(PairedWindow w) {
        bases.forEach(b -> b.check(w));
    }

    @Override
    public Trained fit(List<PairedWindow> train) {
        if (combination == Combination.SUM_OF_LOG_ODDS) {
            return sum(train);
        }
        int[] y = WindowClassifier.labels(train);
        int[] fold = innerFolds(train, y);
        int k = java.util.Arrays.stream(fold).max().orElse(0) + 1;
        if (k < 2) {
            throw new IllegalArgumentException("the hybrid's inner cross-validation needs at least 2 windows of"
                    + " each class in training");
        }
        List<WindowRef> refs = Blocks.refs(train);
        int[] classes = java.util.Arrays.stream(y).distinct().sorted().toArray();
        double[][] meta = new double[train.size()][];
        for (int f = 0; f < k; f++) {
            List<Integer> test = new ArrayList<>();
            List<PairedWindow> innerTrain = new ArrayList<>();
            for (int i = 0; i < fold.length; i++) {
                if (fold[i] == f) {
                    test.add(i);
                }
            }
            for (int i = 0; i < fold.length; i++) {
                WindowRef r = refs.get(i);
                if (fold[i] != f && test.stream().noneMatch(t -> r.near(refs.get(t), 0))) {
                    innerTrain.add(train.get(i));
                }
            }
            List<PairedWindow> innerTest = test.stream().map(train::get).toList();
            double[][] s = stack(fitAll(innerTrain), innerTest, classes);
            for (int j = 0; j < test.size(); j++) {
                meta[test.get(j)] = s[j];
            }
        }
        ShrinkageLda lda = ShrinkageLda.fit(meta, y);
        return new Stacked(lda, fitAll(train), classes);
    }

    /** Each base fitted on the whole fold; the hybrid's score per class is the sum of the bases' scores. */
    private Trained sum(List<PairedWindow> train) {
        int[] classes = java.util.Arrays.stream(WindowClassifier.labels(train)).distinct().sorted().toArray();
        return new Summed(fitAll(train), classes);
    }

    private List<Trained> fitAll(List<PairedWindow> train) {
        List<Trained> fitted = new ArrayList<>();
        for (WindowClassifier b : bases) {
            fitted.add(b.fit(train));
        }
        return fitted;
    }

    /** A shrinkage LDA on the bases' scores. */
    private record Stacked(ShrinkageLda lda, List<Trained> fitted, int[] classIds) implements Trained {
        @Override
        public int[] classes() {
            return lda.classes();
        }

        @Override
        public double[][] scores(List<PairedWindow> windows) {
            return lda.scores(stack(fitted, windows, classIds));
        }
    }

    /** The bases' scores added, class by class. */
    private record Summed(List<Trained> fitted, int[] classIds) implements Trained {
        @Override
        public int[] classes() {
            return classIds.clone();
        }

        @Override
        public double[][] scores(List<PairedWindow> windows) {
            double[][] out = new double[windows.size()][classIds.length];
            for (Trained t : fitted) {
                double[][] s = aligned(t, t.scores(windows), classIds);
                for (int i = 0; i < out.length; i++) {
                    for (int c = 0; c < classIds.length; c++) {
                        out[i][c] += s[i][c];
                    }
                }
            }
            return out;
        }
    }

    /** Inner fold per training window: chronological blocks within each class. */
    private int[] innerFolds(List<PairedWindow> train, int[] y) {
        Map<Integer, List<Integer>> byClass = new TreeMap<>();
        for (int i = 0; i < y.length; i++) {
            byClass.computeIfAbsent(y[i], c -> new ArrayList<>()).add(i);
        }
        int k = innerFolds;
        for (List<Integer> l : byClass.values()) {
            k = Math.min(k, l.size());
        }
        int[] fold = new int[y.length];
        Comparator<Integer> chronological = Comparator.comparing((Integer i) -> train.get(i).key().subject())
                .thenComparing(i -> train.get(i).key().session()).thenComparing(i -> train.get(i).key().run())
                .thenComparingDouble(i -> train.get(i).onset());
        for (List<Integer> l : byClass.values()) {
            l.sort(chronological);
            for (int r = 0; r < l.size(); r++) {
                fold[l.get(r)] = (int) ((long) r * k / l.size());
            }
        }
        return fold;
    }

    /** The meta-features of windows under fitted base classifiers. */
    private static double[][] stack(List<Trained> fitted, List<PairedWindow> windows, int[] classes) {
        double[][] out = new double[windows.size()][];
        List<double[][]> scores = new ArrayList<>();
        for (Trained t : fitted) {
            scores.add(aligned(t, t.scores(windows), classes));
        }
        int per = classes.length == 2 ? 1 : classes.length;
        for (int i = 0; i < out.length; i++) {
            out[i] = new double[per * fitted.size()];
            for (int b = 0; b < fitted.size(); b++) {
                double[] s = scores.get(b)[i];
                if (classes.length == 2) {
                    out[i][b] = s[1] - s[0];
                } else {
                    System.arraycopy(s, 0, out[i], b * per, per);
                }
            }
        }
        return out;
    }

    /** Scores in the columns of {@code classes}; a class a base never saw gets the lowest score of its row. */
    private static double[][] aligned(Trained t, double[][] s, int[] classes) {
        int[] seen = t.classes();
        double[][] out = new double[s.length][classes.length];
        for (int i = 0; i < s.length; i++) {
            double min = java.util.Arrays.stream(s[i]).min().orElse(0);
            for (int c = 0; c < classes.length; c++) {
                int j = java.util.Arrays.binarySearch(seen, classes[c]);
                out[i][c] = j >= 0 ? s[i][j] : min;
            }
        }
        return out;
    }
}
