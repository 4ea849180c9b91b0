package org.neurofusion.evaluation;

import java.util.List;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;

/**
 * A classifier of paired windows: fitted on the labelled windows of a training fold, applied to the test fold.
 * Windows arrive already filtered and converted by the windowing spec; feature extraction works on the blocks as
 * given. Classical baselines implement it here; learned models implement it beside the code that trains them and
 * register with a {@link ConditionRegistry}.
 */
public interface WindowClassifier {
    /** The modalities (and channel types, see {@link #check}) this classifier reads. */
    List<Modality> modalities();

    /**
     * Throws {@link IllegalArgumentException} naming the window and what it lacks when {@code w} cannot be
     * classified by this classifier (a modality or channel type missing).
     */
    void check(PairedWindow w);

    /**
     * Fits on labelled windows.
     *
     * @throws IllegalArgumentException when a window has no label or fewer than two classes are present
     */
    Trained fit(List<PairedWindow> train);

    /**
     * Fits on labelled windows of the fold {@code fold} names: the harness calls this one, so that a classifier
     * trained by a seeded optimiser can seed itself from the fold and keep its run under the fold's name. The default
     * ignores the fold.
     */
    default Trained fit(List<PairedWindow> train, Fold fold) {
        return fit(train);
    }

    /**
     * Which fit this is: the condition, the protocol, the test subject, the fold's index and seed.
     *
     * @param condition the condition's id
     * @param protocol  the protocol's id ({@code loso}, {@code fewshot-5}, ...)
     * @param subject   the test subject (the subject of the fold under the within-subject protocol)
     * @param index     the fold's index within its repetition
     * @param seed      the fold's seed
     */
    record Fold(String condition, String protocol, String subject, int index, long seed) {
        public Fold {
            java.util.Objects.requireNonNull(condition, "condition");
            java.util.Objects.requireNonNull(protocol, "protocol");
            java.util.Objects.requireNonNull(subject, "subject");
        }

        /** A relative path naming the fit, safe as a folder name: {@code loso/sub-03/fold-0-seed-42}. */
        public String path() {
            return safe(protocol) + "/sub-" + safe(subject) + "/fold-" + index + "-seed-" + seed;
        }

        private static String safe(String s) {
            return s.replaceAll("[^A-Za-z0-9._-]", "_");
        }
    }

    /** The pre-trained run this condition starts from (a folder), or empty for none: the {@code pretrained} column. */
    default String pretrained() {
        return "";
    }

    /** A fitted classifier. */
    interface Trained {
        /** The classes seen in training, ascending; column k of {@link #scores} belongs to class k. */
        int[] classes();

        /** Per window, one decision score per class (LDA discriminants: higher means more likely). */
        double[][] scores(List<PairedWindow> windows);

        /** The class of highest score for each window. */
        default int[] predict(List<PairedWindow> windows) {
            return argmax(scores(windows), classes());
        }
    }

    /** The class of highest score in each row of {@code scores} (ties go to the first), as {@code classes} names them. */
    static int[] argmax(double[][] scores, int[] classes) {
        int[] out = new int[scores.length];
        for (int i = 0; i < scores.length; i++) {
            int best = 0;
            for (int c = 1; c < scores[i].length; c++) {
                if (scores[i][c] > scores[i][best]) {
                    best = c;
                }
            }
            out[i] = classes[best];
        }
        return out;
    }

    /** The labels of windows, or an error naming the first unlabelled one. */
    static int[] labels(List<PairedWindow> windows) {
        int[] y = new int[windows.size()];
        for (int i = 0; i < y.length; i++) {
            PairedWindow w = windows.get(i);
            if (w.label().isEmpty()) {
                throw new IllegalArgumentException("training window " + w.key() + " at " + w.onset()
                        + " s has no label");
            }
            y[i] = w.label().getAsInt();
        }
        return y;
    }
}
