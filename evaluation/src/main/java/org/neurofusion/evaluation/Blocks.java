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

/** Finds the rows of given channel types in a window's block, and what splits need to know of a window. */
final class Blocks {
    private Blocks() {
    }

    /**
     * The rows of {@code modality}'s block whose channel type is in {@code types}, read in place.
     *
     * @throws IllegalArgumentException naming the window when the modality or every such channel is missing
     */
    static Trial trial(PairedWindow w, Modality modality, Set<ChannelType> types) {
        return Trial.of(w.blocks().get(modality), indices(w, modality, types));
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

    /** What splits and the leakage guard need of a window: the span of every modality's true extent. */
    static WindowRef ref(PairedWindow w) {
        return WindowRef.of(w);
    }

    static List<WindowRef> refs(List<PairedWindow> windows) {
        return windows.stream().map(Blocks::ref).toList();
    }
}
