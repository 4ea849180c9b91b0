package org.neurofusion.evaluation;

import java.util.List;
import java.util.function.Function;
import org.neurofusion.datasets.PairedWindow;

/**
 * A fitted shrinkage LDA over a feature map of windows: what every feature-based classifier here returns once
 * its feature extraction (fixed, or fitted on the training fold like CSP's filters) is settled.
 */
record LdaModel(ShrinkageLda lda, Function<PairedWindow, double[]> features) implements WindowClassifier.Trained {
    /** Features of every training window, then the LDA on them. */
    static LdaModel fit(List<PairedWindow> train, Function<PairedWindow, double[]> features) {
        int[] y = WindowClassifier.labels(train);
        double[][] x = new double[train.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = features.apply(train.get(i));
        }
        return new LdaModel(ShrinkageLda.fit(x, y), features);
    }

    @Override
    public int[] classes() {
        return lda.classes();
    }

    @Override
    public double[][] scores(List<PairedWindow> windows) {
        double[][] s = new double[windows.size()][];
        for (int i = 0; i < s.length; i++) {
            s[i] = lda.scores(features.apply(windows.get(i)));
        }
        return s;
    }
}
