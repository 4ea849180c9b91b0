package org.neurofusion.datasets.store;

import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches for supervised training: every window once per epoch, in an order shuffled by the seed, so that a batch
 * mixes subjects. Deterministic: the same seed gives the same sequence of epochs. Works on any
 * {@link RandomAccessDataset}.
 *
 * <p>DJL asks a sampler for a fresh iterator at the start of each epoch; {@link #sample} therefore counts epochs
 * (so that each epoch has its own order) while {@link #batches} is the pure function behind it.
 */
public final class SubjectMixedSampler implements Sampler {
    private final int batchSize;
    private final long seed;
    private final boolean dropLast;
    private final AtomicInteger epochs = new AtomicInteger();

    /** Keeps the last, possibly smaller, batch. */
    public SubjectMixedSampler(int batchSize, long seed) {
        this(batchSize, seed, false);
    }

    /** @param dropLast whether to drop the last batch when it is smaller than {@code batchSize} */
    public SubjectMixedSampler(int batchSize, long seed, boolean dropLast) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.batchSize = batchSize;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    @Override
    public Iterator<List<Long>> sample(RandomAccessDataset dataset) {
        return batches(dataset.size(), epochs.getAndIncrement()).iterator();
    }

    @Override
    public int getBatchSize() {
        return batchSize;
    }

    /** The batches of epoch {@code epoch} over dataset indices {@code 0 .. size-1}. */
    public List<List<Long>> batches(long size, int epoch) {
        if (size < 0 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dataset size out of range: " + size);
        }
        long[] order = new long[(int) size];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        SeededOrder.shuffle(order, SeededOrder.forEpoch(seed, epoch));
        List<List<Long>> out = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            if (dropLast && to - from < batchSize) {
                break;
            }
            List<Long> b = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                b.add(order[k]);
            }
            out.add(List.copyOf(b));
        }
        return List.copyOf(out);
    }
}
