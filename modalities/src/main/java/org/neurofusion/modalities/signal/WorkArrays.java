package org.neurofusion.modalities.signal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-thread work arrays for one application of a step: the large temporaries of a channel (its padded
 * copy, its spectrum) are reused for the next channel the same thread computes, instead of being allocated,
 * zeroed and collected per channel (tens of megabytes each on long recordings). Dropped with the step.
 */
final class WorkArrays {
    private final Map<Thread, double[][]> byThread = new ConcurrentHashMap<>();
    private final int slots;

    /** @param slots how many arrays each thread may hold at once */
    WorkArrays(int slots) {
        this.slots = slots;
    }

    /**
     * The calling thread's array in {@code slot}, of exactly {@code length} values (reused when the last
     * request for that slot had the same length); its contents are whatever the thread left there.
     */
    double[] get(int slot, int length) {
        double[][] mine = byThread.computeIfAbsent(Thread.currentThread(), t -> new double[slots][]);
        if (mine[slot] == null || mine[slot].length != length) {
            mine[slot] = new double[length];
        }
        return mine[slot];
    }
}
