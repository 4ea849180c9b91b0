package org.neurofusion.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;

/**
 * The EEG baseline: CSP log-variance features and shrinkage LDA. With two classes one CSP separates them;
 * with more, one CSP per class against the rest (Grosse-Wentrup and Buss 2008 call this one-versus-rest
 * CSP) and the features of all are concatenated before a multi-class LDA. Only channels of type EEG are used.
 */
public final class CspLda implements WindowClassifier {
    /** Filter pairs kept per CSP when none is given (Blankertz et al. 2008). */
    public static final int DEFAULT_PAIRS = 3;
    /** Regularisation of the class covariances toward the scaled identity when none is given. */
    public static final double DEFAULT_GAMMA = 0.05;

    private static final Set<ChannelType> EEG = Set.of(ChannelType.EEG);

    private final int pairs;
    private final double gamma;

    /** CSP with {@code pairs} filters from each end and class-covariance regularisation {@code gamma}. */
    public CspLda(int pairs, double gamma) {
        if (pairs < 1 || !(gamma >= 0 && gamma < 1)) {
            throw new IllegalArgumentException("CSP needs pairs >= 1 and gamma in [0, 1), got " + pairs + ", " + gamma);
        }
        this.pairs = pairs;
        this.gamma = gamma;
    }

    /** The defaults: 3 pairs, γ = 0.05. */
    public CspLda() {
        this(DEFAULT_PAIRS, DEFAULT_GAMMA);
    }

    @Override
    public List<Modality> modalities() {
        return List.of(Modality.EEG);
    }

    @Override
    public void check(PairedWindow w) {
        Blocks.indices(w, Modality.EEG, EEG);
    }

    @Override
    public Trained fit(List<PairedWindow> train) {
        int[] y = WindowClassifier.labels(train);
        List<Trial> trials = new ArrayList<>();
        for (PairedWindow w : train) {
            trials.add(Blocks.trial(w, Modality.EEG, EEG));
        }
        int[] classes = java.util.Arrays.stream(y).distinct().sorted().toArray();
        if (classes.length < 2) {
            throw new IllegalArgumentException("CSP needs two classes in training, found " + classes.length);
        }
        List<Csp> csps = new ArrayList<>();
        // two classes: one CSP; more: one per class against the rest
        int[] targets = classes.length == 2 ? new int[] {classes[0]} : classes;
        for (int target : targets) {
            List<Trial> a = new ArrayList<>();
            List<Trial> b = new ArrayList<>();
            for (int i = 0; i < y.length; i++) {
                (y[i] == target ? a : b).add(trials.get(i));
            }
            csps.add(Csp.fitTrials(a, b, pairs, gamma));
        }
        return LdaModel.fit(train, w -> features(csps, Blocks.trial(w, Modality.EEG, EEG)));
    }

    private static double[] features(List<Csp> csps, Trial trial) {
        double[][] parts = new double[csps.size()][];
        int n = 0;
        for (int i = 0; i < parts.length; i++) {
            parts[i] = csps.get(i).features(trial);
            n += parts[i].length;
        }
        double[] out = new double[n];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
