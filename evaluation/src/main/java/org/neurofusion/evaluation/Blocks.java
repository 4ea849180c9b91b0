package org.neurofusion.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.WindowRef;

/** Reads the rows of given channel types out of a window's block, in double precision. */
final class Blocks {
    private Blocks() {
    }

    /**
     * The rows of {@code modality}'s block whose channel type is in {@code types}, channels × samples.
     *
     * @throws IllegalArgumentException naming the window when the modality or every such channel is missing
     */
    static double[][] rows(PairedWindow w, Modality modality, Set<ChannelType> types) {
        int[] idx = indices(w, modality, types);
        SignalBlock b = w.blocks().get(modality);
        int t = b.sampleCount();
        float[] data = b.data();
        double[][] out = new double[idx.length][t];
        for (int r = 0; r < idx.length; r++) {
            int base = idx[r] * t;
            for (int s = 0; s < t; s++) {
                out[r][s] = data[base + s];
            }
        }
        return out;
    }

    static int[] indices(PairedWindow w, Modality modality, Set<ChannelType> types) {
        SignalBlock b = w.blocks().get(modality);
        if (b == null) {
            throw new IllegalArgumentException("window " + w.key() + " at " + w.onset() + " s has no "
                    + modality + " block");
        }
        List<Channel> channels = w.channels().get(modality);
        List<Integer> idx = new ArrayList<>();
        for (int c = 0; c < channels.size(); c++) {
            if (types.contains(channels.get(c).type())) {
                idx.add(c);
            }
        }
        if (idx.isEmpty()) {
            throw new IllegalArgumentException("window " + w.key() + " at " + w.onset() + " s has no "
                    + types.stream().map(ChannelType::mneName).sorted().toList() + " channels in its " + modality
                    + " block");
        }
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }

    /** What splits and the leakage guard need of a window: its length is its longest modality's. */
    static WindowRef ref(PairedWindow w) {
        double length = 0;
        for (SignalBlock b : w.blocks().values()) {
            length = Math.max(length, b.sampleCount() / b.samplingRate());
        }
        return new WindowRef(w.key(), w.onset(), length, w.label());
    }

    static List<WindowRef> refs(List<PairedWindow> windows) {
        return windows.stream().map(Blocks::ref).toList();
    }
}
