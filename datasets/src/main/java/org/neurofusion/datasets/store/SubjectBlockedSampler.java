package org.neurofusion.datasets.store;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches for contrastive pre-training: every window of a batch comes from one subject and session, so a pair
 * cannot be told apart by subject fingerprint, and no two windows of a batch lie closer than {@code minGapSeconds},
 * because windows close in time share slow brain state and would be false negatives. Closeness is measured between
 * the windows' true spans on the reference clock (the earliest start to the latest end of every modality's block,
 * {@link WindowInfo#start()} to {@link WindowInfo#end()}), not their onsets: an fNIRS block that starts 2 s after
 * the event and lasts 10 s keeps its neighbours 10 s away even when the EEG blocks are 4 s long. With a gap of 0,
 * windows only must not overlap. Spans are compared across the runs of a session too (conservative: it never pairs
 * windows that might be close).
 *
 * <p>Each epoch, the windows of every subject and session are shuffled by the seed and dealt first-fit into
 * batches that respect the gap; batches are then shuffled across subjects. A batch may come out smaller than
 * {@code batchSize} at the end of a session; one that would hold a single window is dropped, since it has no
 * negatives. Deterministic for a seed. Needs a {@link WindowDataset} (it reads subjects, sessions and extents).
 */
public final class SubjectBlockedSampler implements Sampler {
    private final int batchSize;
    private final double minGapSeconds;
    private final long seed;
    private final AtomicInteger epochs = new AtomicInteger();

    /**
     * @param batchSize windows per batch, at least 2
     * @param minGapSeconds the smallest time allowed within a batch between the end of one window's span and the
     *        start of another's (e.g. 5 s); 0 forbids overlap only
     */
    public SubjectBlockedSampler(int batchSize, double minGapSeconds, long seed) {
        if (batchSize < 2) {
            throw new IllegalArgumentException("a contrastive batch needs at least 2 windows, got " + batchSize);
        }
        if (!(minGapSeconds >= 0) || !Double.isFinite(minGapSeconds)) {
            throw new IllegalArgumentException("the gap between windows must be finite and non-negative, got "
                    + minGapSeconds);
        }
        this.batchSize = batchSize;
        this.minGapSeconds = minGapSeconds;
        this.seed = seed;
    }

    /** The gap this sampler keeps between the spans of windows within a batch, in seconds. */
    public double minGapSeconds() {
        return minGapSeconds;
    }

    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        if (!(dataset instanceof WindowDataset w)) {
            throw new IllegalArgumentException("SubjectBlockedSampler needs a WindowDataset (it reads subjects,"
                    + " sessions and extents), got " + dataset.getClass().getName());
        }
        return batches(w, epochs.getAndIncrement()).iterator();
    }

    @Override
    public int getBatchSize() {
        return batchSize;
    }

    /** The batches of epoch {@code epoch}, as dataset indices. */
    public List<List<Long>> batches(WindowDataset dataset, int epoch) {
        Map<List<String>, List<WindowInfo>> groups = new TreeMap<>(
                Comparator.<List<String>, String>comparing(g -> g.get(0)).thenComparing(g -> g.get(1)));
        for (long i = 0; i < dataset.size(); i++) {
            WindowInfo info = dataset.info(i);
            // The dataset index, not the store's, is what DJL asks for: keep it in place of the store's.
            WindowInfo local = info.withIndex(Math.toIntExact(i));
            groups.computeIfAbsent(List.of(info.key().subject(), info.key().session()), g -> new ArrayList<>())
                    .add(local);
        }
        Random rnd = SeededOrder.forEpoch(seed, epoch);
        List<List<Long>> out = new ArrayList<>();
        for (List<WindowInfo> group : groups.values()) {
            Collections.shuffle(group, rnd);
            List<List<WindowInfo>> open = new ArrayList<>();
            for (WindowInfo w : group) {
                List<WindowInfo> target = null;
                for (List<WindowInfo> b : open) {
                    if (fits(b, w)) {
                        target = b;
                        break;
                    }
                }
                if (target == null) {
                    target = new ArrayList<>(batchSize);
                    open.add(target);
                }
                target.add(w);
                if (target.size() == batchSize) {
                    List<WindowInfo> full = target;
                    out.add(indices(full));
                    open.removeIf(b -> b == full);
                }
            }
            for (List<WindowInfo> b : open) {
                if (b.size() >= 2) {
                    out.add(indices(b));
                }
            }
        }
        Collections.shuffle(out, rnd);
        return List.copyOf(out);
    }

    private boolean fits(List<WindowInfo> batch, WindowInfo w) {
        for (WindowInfo o : batch) {
            // Too close when the spans, each widened by the gap on one side, overlap.
            if (o.start() < w.end() + minGapSeconds && w.start() < o.end() + minGapSeconds) {
                return false;
            }
        }
        return true;
    }

    private static List<Long> indices(List<WindowInfo> batch) {
        return batch.stream().map(w -> (long) w.index()).toList();
    }
}
