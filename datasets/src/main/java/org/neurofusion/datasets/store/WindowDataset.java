package org.neurofusion.datasets.store;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;

/**
 * A DJL dataset over a {@link WindowStore}: example {@code i} has as data one float32 NDArray per modality
 * (channels × samples, named after the modality: "eeg", "fnirs", ...; in the order of {@link #modalities()}) and
 * as label a scalar int32 NDArray (-1 when the window is unlabelled). Samples are read from the store when DJL
 * asks for the example, into the manager it gives, so a dataset of any size costs no heap.
 *
 * <p>Use {@link SubjectMixedSampler} for supervised training and {@link SubjectBlockedSampler} for contrastive
 * pre-training. A subject split is a second dataset over the same store with another {@link Builder#optFilter}.
 */
public final class WindowDataset extends RandomAccessDataset {
    private final WindowStore store;
    private final List<Modality> modalities;
    private final int[] windows;

    private WindowDataset(Builder builder) {
        super(builder);
        this.store = builder.store;
        this.modalities = builder.modalities;
        this.windows = builder.windows;
    }

    /** A builder; {@link Builder#setStore} and a sampling ({@code setSampling}) are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The store the examples are read from. */
    public WindowStore store() {
        return store;
    }

    /** The modalities of each example's data, in order. */
    public List<Modality> modalities() {
        return modalities;
    }

    /** The store's index of example {@code index}. */
    public int storeIndex(long index) {
        return windows[Math.toIntExact(Objects.checkIndex(index, windows.length))];
    }

    /** Key, onset and label of example {@code index} (its {@code index()} is the store's index). */
    public WindowInfo info(long index) {
        return store.info(storeIndex(index));
    }

    @Override
    public Record get(NDManager manager, long index) {
        int w = storeIndex(index);
        NDList data = new NDList(modalities.size());
        for (Modality m : modalities) {
            SignalBlock b = store.block(w, m);
            NDArray a = manager.create(b.data(), new Shape(b.channelCount(), b.sampleCount()));
            a.setName(m.name().toLowerCase(Locale.ROOT));
            data.add(a);
        }
        NDArray label = manager.create(store.info(w).label().orElse(-1));
        label.setName("label");
        return new Record(data, new NDList(label));
    }

    @Override
    protected long availableSize() {
        return windows.length;
    }

    /** Nothing to prepare: the store was built (or reused) before the dataset existed. */
    @Override
    public void prepare(Progress progress) {
        // The window store is complete by construction.
    }

    // Splits made by DJL (randomSplit, subDataset) stay WindowDatasets, so that the samplers here keep working.
    @Override
    protected RandomAccessDataset newSubDataset(int[] indices, int from, int to) {
        return new Builder(this, IntStream.range(from, to).map(k -> windows[indices[k]]).toArray()).build();
    }

    @Override
    protected RandomAccessDataset newSubDataset(List<Long> subIndices) {
        return new Builder(this, subIndices.stream().mapToInt(k -> storeIndex(k)).toArray()).build();
    }

    /** Builds a {@link WindowDataset}. */
    public static final class Builder extends BaseBuilder<Builder> {
        private WindowStore store;
        private List<Modality> modalities;
        private Predicate<WindowInfo> filter = w -> true;
        private int[] windows;

        Builder() {
        }

        /** A builder for a subset of {@code parent}, sharing its store, modalities and sampling. */
        private Builder(WindowDataset parent, int[] windows) {
            this.store = parent.store;
            this.modalities = parent.modalities;
            this.windows = windows;
            this.sampler = parent.sampler;
            this.dataBatchifier = parent.dataBatchifier;
            this.labelBatchifier = parent.labelBatchifier;
            this.pipeline = parent.pipeline;
            this.targetPipeline = parent.targetPipeline;
            this.prefetchNumber = parent.prefetchNumber;
            this.limit = parent.limit;
            this.device = parent.device;
        }

        @Override
        protected Builder self() {
            return this;
        }

        /** The store to read (required). */
        public Builder setStore(WindowStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** The modalities of each example, in this order (default: all of the store's). */
        public Builder optModalities(Modality... modalities) {
            this.modalities = List.of(modalities);
            return this;
        }

        /** Keeps only the windows {@code filter} accepts, e.g. the training subjects of a split. */
        public Builder optFilter(Predicate<WindowInfo> filter) {
            this.filter = Objects.requireNonNull(filter, "filter");
            return this;
        }

        /**
         * @throws IllegalArgumentException when the store or sampling is missing, or a kept window lacks one of
         *         the modalities (name the windows to drop with {@link #optFilter})
         */
        public WindowDataset build() {
            if (store == null) {
                throw new IllegalArgumentException("WindowDataset needs a store: call setStore");
            }
            if (sampler == null) {
                throw new IllegalArgumentException("WindowDataset needs a sampling: call setSampling");
            }
            if (modalities == null) {
                modalities = store.modalities();
            }
            if (modalities.isEmpty() || !store.modalities().containsAll(modalities)) {
                throw new IllegalArgumentException("modalities " + modalities + " are not all in the store, which has "
                        + store.modalities());
            }
            if (windows == null) {
                windows = IntStream.range(0, store.size()).filter(i -> filter.test(store.info(i))).toArray();
            }
            for (int w : windows) {
                for (Modality m : modalities) {
                    if (!store.has(w, m)) {
                        throw new IllegalArgumentException("window " + w + " (" + store.info(w).key() + ") has no " + m
                                + " block; leave it out with optFilter or choose other modalities");
                    }
                }
            }
            windows = Arrays.copyOf(windows, windows.length);
            return new WindowDataset(this);
        }
    }
}
