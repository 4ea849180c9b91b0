package org.neurofusion.alignment.train;

import java.util.List;
import java.util.Optional;
import org.neurofusion.alignment.metrics.OracleRetrieval;
import org.neurofusion.alignment.metrics.Retrieval;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.store.WindowDataset;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.modalities.signal.Welch;

/**
 * The classical control for cross-modal retrieval: what hand-made features of the measured signals reach, with no
 * learning but a ridge regression. EEG side: each channel's log 8–30 Hz power over the window; fNIRS side: each channel's
 * mean, and its last third minus its first third (the rise). A ridge map fitted on the training windows predicts
 * the fNIRS features from the EEG ones and retrieves held-out windows within the same pools as the model
 * ({@link OracleRetrieval#evaluate(double[][], double[][], double[][], double[][], List)}). Defined only when every
 * window has the same channels (names and types) in the same order, since the features are indexed by channel.
 */
final class FeatureBaseline {
    private FeatureBaseline() {
    }

    /** The features of the first (A) and second (B) modality on the training and the held-out windows. */
    record Features(double[][] trainA, double[][] trainB, double[][] valA, double[][] valB) {
    }

    /** The features of both splits, each window read once, or empty when the montages differ. */
    static Optional<Features> compute(WindowStore store, WindowDataset train, WindowDataset val,
            List<Modality> modalities) {
        Modality a = modalities.get(0);
        Modality b = modalities.get(1);
        int ca = store.channels(train.storeIndex(0), a).size();
        int cb = store.channels(train.storeIndex(0), b).size();
        if (!sameMontage(store, train, a, ca) || !sameMontage(store, val, a, ca) || !sameMontage(store, train, b, cb)
                || !sameMontage(store, val, b, cb)) {
            return Optional.empty();
        }
        return Optional.of(new Features(features(store, train, a), features(store, train, b), features(store, val, a),
                features(store, val, b)));
    }

    /** The baseline's retrieval from the first to the second modality, or empty when montages differ. */
    static Optional<Retrieval.Result> evaluate(WindowStore store, WindowDataset train, WindowDataset val,
            List<Modality> modalities, List<?> valGroups) {
        return compute(store, train, val, modalities).map(f -> OracleRetrieval.builder().build().evaluate(f.trainA(),
                f.trainB(), f.valA(), f.valB(), valGroups));
    }

    /** Every window has the same channel names and types in the same order (positions may differ per head). */
    private static boolean sameMontage(WindowStore store, WindowDataset ds, Modality m, int channels) {
        List<String> first = labels(store, ds.storeIndex(0), m);
        if (first.size() != channels) {
            return false;
        }
        for (long i = 0; i < ds.size(); i++) {
            if (!labels(store, ds.storeIndex(i), m).equals(first)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> labels(WindowStore store, int window, Modality m) {
        return store.channels(window, m).stream().map(c -> c.name() + "/" + c.type()).toList();
    }

    /** Lower and upper edge of the EEG band whose power is the EEG feature (mu and beta, where ERD shows). */
    static final double BAND_LOW = 8;
    static final double BAND_HIGH = 30;

    /** Power of one channel's window in 8–30 Hz: a single-segment Welch estimate (Hann taper, FFTW). */
    static double bandPower(float[] x, int from, int t, double mean, double rate) {
        double[] v = new double[t];
        for (int n = 0; n < t; n++) {
            v[n] = x[from + n] - mean;
        }
        return Welch.psd(v, rate, t).bandPower(BAND_LOW, BAND_HIGH);
    }

    /** EEG: log 8–30 Hz power per channel; haemodynamic: mean and rise per channel. */
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
                    f[ch] = Math.log(bandPower(x, ch * t, t, mean, blk.samplingRate()) + 1e-30);
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
