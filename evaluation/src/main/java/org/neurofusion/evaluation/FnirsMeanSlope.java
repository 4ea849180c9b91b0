package org.neurofusion.evaluation;

import java.util.List;
import java.util.Set;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;

/**
 * The fNIRS baseline of Shin et al. (2017): for one chromophore (HbO or HbR, chosen by channel type), per
 * channel and per sub-interval of the window (thirds by default) the mean and the least-squares slope (per
 * second), then shrinkage LDA.
 */
public final class FnirsMeanSlope implements WindowClassifier {
    /** Sub-intervals per window when none is given. */
    public static final int DEFAULT_INTERVALS = 3;

    private final ChannelType chromophore;
    private final int intervals;

    /** Features of {@code chromophore} ({@link ChannelType#HBO} or {@link ChannelType#HBR}) over {@code intervals}. */
    public FnirsMeanSlope(ChannelType chromophore, int intervals) {
        if (chromophore != ChannelType.HBO && chromophore != ChannelType.HBR) {
            throw new IllegalArgumentException("fNIRS mean/slope works on hbo or hbr channels, not "
                    + chromophore.mneName());
        }
        if (intervals < 1) {
            throw new IllegalArgumentException("at least one sub-interval is needed, got " + intervals);
        }
        this.chromophore = chromophore;
        this.intervals = intervals;
    }

    /** Features of {@code chromophore} over thirds of the window. */
    public FnirsMeanSlope(ChannelType chromophore) {
        this(chromophore, DEFAULT_INTERVALS);
    }

    @Override
    public List<Modality> modalities() {
        return List.of(Modality.FNIRS);
    }

    @Override
    public void check(PairedWindow w) {
        Blocks.indices(w, Modality.FNIRS, Set.of(chromophore));
        int samples = w.blocks().get(Modality.FNIRS).sampleCount();
        if (samples < 2 * intervals) {
            throw new IllegalArgumentException("window " + w.key() + " at " + w.onset() + " s has " + samples
                    + " fNIRS samples, fewer than 2 per sub-interval (" + intervals + " sub-intervals)");
        }
    }

    @Override
    public Trained fit(List<PairedWindow> train) {
        return LdaModel.fit(train, this::features);
    }

    /** Per channel, per sub-interval: mean, then slope (units per second). */
    double[] features(PairedWindow w) {
        check(w);
        Trial rows = Blocks.trial(w, Modality.FNIRS, Set.of(chromophore));
        SignalBlock b = w.blocks().get(Modality.FNIRS);
        double dt = 1 / b.samplingRate();
        int t = b.sampleCount();
        double[] out = new double[rows.channels() * intervals * 2];
        int o = 0;
        for (int r = 0; r < rows.channels(); r++) {
            for (int k = 0; k < intervals; k++) {
                int from = (int) ((long) k * t / intervals);
                int to = (int) ((long) (k + 1) * t / intervals);
                int n = to - from;
                double meanX = (n - 1) / 2.0;
                double meanY = 0;
                for (int s = from; s < to; s++) {
                    meanY += rows.get(r, s);
                }
                meanY /= n;
                double sxy = 0;
                double sxx = 0;
                for (int s = from; s < to; s++) {
                    double dx = s - from - meanX;
                    sxy += dx * (rows.get(r, s) - meanY);
                    sxx += dx * dx;
                }
                out[o++] = meanY;
                out[o++] = sxy / sxx / dt;
            }
        }
        return out;
    }
}
