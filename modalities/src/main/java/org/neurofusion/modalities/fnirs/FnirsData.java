package org.neurofusion.modalities.fnirs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;

/**
 * Shared plumbing of the fNIRS steps: finding the channels of each source–detector pair.
 */
final class FnirsData {
    private FnirsData() {
    }

    /** Channels grouped by source–detector pair, in order of first appearance; only optical channels. */
    static Map<String, List<Integer>> pairs(Recording r, java.util.function.Predicate<Channel> which) {
        Map<String, List<Integer>> out = new LinkedHashMap<>();
        List<Channel> cs = r.channels();
        for (int i = 0; i < cs.size(); i++) {
            Channel c = cs.get(i);
            if (!which.test(c)) {
                continue;
            }
            OpticalChannel oc = OpticalChannel.of(c).orElseThrow(() -> new IllegalArgumentException("channel '"
                    + c.name() + "' is typed " + c.type().mneName() + " but carries no source/detector attributes"));
            out.computeIfAbsent(oc.pairName(), k -> new ArrayList<>()).add(i);
        }
        return out;
    }
}
