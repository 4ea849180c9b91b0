package org.neurofusion.alignment.train;

import java.util.List;
import java.util.Optional;
import org.neurofusion.alignment.metrics.OracleRetrieval;
import org.neurofusion.alignment.metrics.Retrieval;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.store.WindowDataset;
import org.neurofusion.datasets.store.WindowStore;

/**
 * The classical control for cross-modal retrieval: what hand-made features of the measured signals reach, with no
 * learning but a ridge regression. EEG side: each channel's log power over the window; fNIRS side: each channel's
 * mean, and its last third minus its first third (the rise). A ridge map fitted on the training windows predicts
 * the fNIRS features from the EEG ones and retrieves held-out windows within the same pools as the model
 * ({@link OracleRetrieval#evaluate(double[][], double[][], double[][], double[][], List)}). Defined only when every
 * window has the same channels in the same order (one montage), since the features are indexed by channel.
 */
final class FeatureBaseline {
    private FeatureBaseline() {
    }

    /** The baseline's retrieval from the first to the second modality, or empty when montages differ. */
    static Optional<Retrieval.Result> evaluate(WindowStore store, WindowDataset train, WindowDataset val,
            List<Modality> modalities, List<?> valGroups) {
        Modality a = modalities.get(0);
        Modality b = modalities.get(1);
        int ca = store.channels(train.storeIndex(0), a).size();
        int cb = store.channels(train.storeIndex(0), b).size();
        if (!sameMontage(store, train, a, ca) || !sameMontage(store, val, a, ca) || !sameMontage(store, train, b, cb)
                || !sameMontage(store, val, b, cb)) {
            return Optional.empty();
        }
        return Optional.of(OracleRetrieval.builder().build().evaluate(features(store, train, a), features(store,
                train, b), features(store, val, a), features(store, val, b), valGroups));
    }

    private static boolean sameMontage(WindowStore store, WindowDataset ds, Modality m, int channels) {
        var first = store.channels(ds.storeIndex(0), m);
        for (long i = 0; i < ds.size(); i++) {
            if (!store.channels(ds.storeIndex(i), m).equals(first) || first.size() != channels) {
                return false;
            }
        }
        return true;
    }

    /** EEG: log power per channel; haemodynamic: mean and rise per channel. */
    static double[][] features(WindowStore store, WindowDataset ds, Modality m) {
        double[][] out = new double[Math.toIntExact(ds.size())][];
        for (int i = 0; i < out.length; i++) {
            SignalBlock blk = store.block(ds.storeIndex(i), m);
            int c = blk.channelCount();
            int t = blk.sampleCount();
            float[] x = blk.data();
            boolean power = m == Modality.EEG || m == Modality.MEG;
            double[] f = new double[power ? c : 2 * c];
            for (int ch = 0; ch < c; ch++) {
                double mean = 0;
                for (int k = 0; k < t; k++) {
                    mean += x[ch * t + k];
                }
                mean /= t;
                if (power) {
                    double p = 0;
                    for (int k = 0; k < t; k++) {
                        double d = x[ch * t + k] - mean;
                        p += d * d;
                    }
                    f[ch] = Math.log(p / t + 1e-30);
                } else {
                    int third = Math.max(1, t / 3);
                    double first = 0;
                    double last = 0;
                    for (int k = 0; k < third; k++) {
                        first += x[ch * t + k];
                        last += x[ch * t + t - 1 - k];
                    }
                    f[2 * ch] = mean;
                    f[2 * ch + 1] = (last - first) / third;
                }
            }
            out[i] = f;
        }
        return out;
    }
}
