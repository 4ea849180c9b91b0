package org.neurofusion.evaluation;

import java.util.List;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;

/**
 * A linear probe on frozen embeddings, as a condition of the evaluation harness: an {@link Embedder} (a pre-trained
 * encoder, held fixed) maps each window to a vector, and a multinomial {@link LogisticRegression} is fitted on the
 * training windows' vectors with its regularisation chosen by group k-fold cross-validation over the training
 * subjects only ({@link LogisticRegression#fitWithInnerCv}). The harness hands {@link #fit} the fold's training
 * windows and nothing else, so the held-out subject never shapes the choice of {@code C}.
 */
public final class EmbeddingProbe implements WindowClassifier {
    /** The default candidates for {@code C} (inverse regularisation strength): a decade grid. */
    public static final double[] DEFAULT_CS = {1e-3, 1e-2, 1e-1, 1, 10};

    /** Windows to vectors, with the checks of what it can read. */
    public interface Embedder {
        /** The modality whose block it reads. */
        Modality modality();

        /**
         * Throws {@link IllegalArgumentException} naming the window and what differs when {@code w} is not one this
         * embedder reads (no block of its modality, another rate or length than the encoder's).
         */
        void check(PairedWindow w);

        /** One vector per window, all of one length. */
        double[][] embed(List<PairedWindow> windows);

        /** Where the embedding comes from (a pre-training run's folder), or empty. */
        default String source() {
            return "";
        }
    }

    private final Embedder embedder;
    private final double[] cs;
    private final int innerFolds;

    /**
     * @param cs the candidates for {@code C}
     * @param innerFolds group k-fold folds over the training subjects (fewer when there are fewer subjects)
     */
    public EmbeddingProbe(Embedder embedder, double[] cs, int innerFolds) {
        if (embedder == null || cs == null || cs.length == 0 || innerFolds < 2) {
            throw new IllegalArgumentException("a probe needs an embedder, candidates for C and two or more inner"
                    + " folds");
        }
        this.embedder = embedder;
        this.cs = cs.clone();
        this.innerFolds = innerFolds;
    }

    @Override
    public List<Modality> modalities() {
        return List.of(embedder.modality());
    }

    @Override
    public void check(PairedWindow w) {
        embedder.check(w);
    }

    @Override
    public String pretrained() {
        return embedder.source();
    }

    /**
     * Fits the probe on {@code train}. With windows of a single subject (the within-subject protocol) the inner
     * folds are the windows' own groups of consecutive trials instead of subjects: {@code C} is then chosen within
     * that subject's training windows, still never from its test windows.
     */
    @Override
    public Trained fit(List<PairedWindow> train) {
        int[] y = WindowClassifier.labels(train);
        double[][] x = embedder.embed(train);
        String[] groups = new String[train.size()];
        boolean oneSubject = train.stream().map(PairedWindow::subject).distinct().count() < 2;
        for (int i = 0; i < groups.length; i++) {
            // one subject: blocks of consecutive windows, so that neighbours in time stay in one inner fold
            groups[i] = oneSubject ? Integer.toString(i * innerFolds / groups.length) : train.get(i).subject();
        }
        LogisticRegression.Selection s = LogisticRegression.fitWithInnerCv(x, y, groups, cs, innerFolds);
        return new Trained() {
            @Override
            public int[] classes() {
                return s.model().classes();
            }

            @Override
            public double[][] scores(List<PairedWindow> windows) {
                return s.model().probabilities(embedder.embed(windows));
            }
        };
    }
}
