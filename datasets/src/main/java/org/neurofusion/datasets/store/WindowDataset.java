package org.neurofusion.datasets.store;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Record;
import ai.djl.util.Progress;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SignalBlock;

/**
 * A DJL dataset over a {@link WindowStore}: example {@code i} has as data, for each modality {@code m} in the order
 * of {@link #modalities()}, three float32 NDArrays named after it ({@code m} is the lower-case modality name:
 * "eeg", "fnirs", ...): {@code m} (C × T samples), {@code m_sensors} (C × {@code SensorFeatures.COUNT}, from
 * {@code SensorFeatures.of} of the block's channels) and {@code m_mask} (C, all ones); as label a scalar int32
 * NDArray named "label" (-1 when the window is unlabelled). Samples are read from the store when DJL asks for the
 * example, into the manager it gives, so a dataset of any size costs no heap.
 *
 * <p>Batches are made by {@link PaddingBatchifier} (the default data batchifier here): windows of one batch may hold
 * different channel counts, padded to the largest with zero data, zero features and mask 0. T must be the same for
 * every window of a modality; {@link Builder#build} checks this from the index and names two windows that differ.
 * A block with a NaN or infinite sample never reaches a batch: by default reading it raises
 * {@link InvalidWindowException}; {@link Builder#optNonFinite} with {@link NonFinitePolicy#SKIP} leaves such
 * windows out when the dataset is built instead.
 *
 * <p>Use {@link SubjectMixedSampler} for supervised training and {@link SubjectBlockedSampler} for contrastive
 * pre-training. A subject split is a second dataset over the same store with another {@link Builder#optFilter}.
 */
public final class WindowDataset extends RandomAccessDataset {
    /** What to do with a window whose block holds a NaN or infinite sample. */
    public enum NonFinitePolicy {
        /** Raise {@link InvalidWindowException} naming the window and modality when the example is read. */
        FAIL,
        /**
         * Leave such windows out when the dataset is built (this reads every kept window's blocks once; the windows
         * left out are listed by {@link WindowDataset#skipped()}).
         */
        SKIP
    }

    private final WindowStore store;
    private final List<Modality> modalities;
    private final int[] windows;
    /** Sensor features per channel list of the store (by identity: the store hands out one list per set). */
    private final Map<List<Channel>, float[]> sensorFeatures = Collections.synchronizedMap(new IdentityHashMap<>());
    private final List<Integer> skipped;
    private final NonFinitePolicy nonFinite;

    private WindowDataset(Builder builder) {
        super(builder);
        this.store = builder.store;
        this.modalities = builder.modalities;
        this.windows = builder.windows;
        this.skipped = builder.skipped;
        this.nonFinite = builder.nonFinite;
    }

    /** A builder; {@link Builder#setStore} and a sampling ({@code setSampling}) are required. */
    public static Builder builder() {
        return new Builder();
    }

    NonFinitePolicy nonFinite() {
        return nonFinite;
    }

    /** The store the examples are read from. */
    public WindowStore store() {
        return store;
    }

    /** The modalities of each example's data, in order. */
    public List<Modality> modalities() {
        return modalities;
    }

    /** How many channel lists have their sensor features cached (one per channel set read so far). */
    int cachedSensorSets() {
        return sensorFeatures.size();
    }

    /** The store's index of example {@code index}. */
    public int storeIndex(long index) {
        return windows[Math.toIntExact(Objects.checkIndex(index, windows.length))];
    }

    /** Store indices of the windows {@link NonFinitePolicy#SKIP} left out (empty under {@code FAIL}). */
    public List<Integer> skipped() {
        return skipped;
    }

    /** Key, onset, label and extents of example {@code index} (its {@code index()} is the store's index). */
    public WindowInfo info(long index) {
        return store.info(storeIndex(index));
    }

    @Override
    public Record get(NDManager manager, long index) {
        int w = storeIndex(index);
        WindowInfo info = store.info(w);
        NDList data = new NDList(3 * modalities.size());
        for (Modality m : modalities) {
            List<Channel> channels = store.channels(w, m);
            // a store holds a few channel sets, each one list: their features are parsed once, not per example
            float[] features = sensorFeatures.computeIfAbsent(channels, SensorFeatures::of);
            data.addAll(arrays(manager, info, m, store.block(w, m), channels, features));
        }
        NDArray label = manager.create(info.label().orElse(-1));
        label.setName("label");
        return new Record(data, new NDList(label));
    }

    /**
     * The three arrays of one modality of one window: data (C × T), sensor features (C × COUNT), mask (C, ones).
     *
     * @throws InvalidWindowException naming the window and modality when a sample is not finite or the channels
     *         do not match the block's rows
     */
    static NDList arrays(NDManager manager, WindowInfo info, Modality m, SignalBlock b, List<Channel> channels,
            float[] features) {
        if (channels.size() != b.channelCount()) {
            throw new InvalidWindowException(info, m, channels.size() + " channels of sensor metadata for a block of "
                    + b.channelCount() + " rows");
        }
        int bad = firstNonFinite(b.data());
        if (bad >= 0) {
            throw new InvalidWindowException(info, m, "sample " + bad % Math.max(1, b.sampleCount()) + " of channel '"
                    + b.channelNames().get(bad / Math.max(1, b.sampleCount())) + "' is " + b.data()[bad]
                    + "; leave the window out (optFilter, or optNonFinite(SKIP)) or repair the recording");
        }
        String name = m.name().toLowerCase(Locale.ROOT);
        int c = b.channelCount();
        NDArray x = manager.create(b.data(), new Shape(c, b.sampleCount()));
        x.setName(name);
        NDArray sensors = manager.create(features, new Shape(c, SensorFeatures.COUNT));
        sensors.setName(name + "_sensors");
        NDArray mask = manager.ones(new Shape(c), DataType.FLOAT32);
        mask.setName(name + "_mask");
        return new NDList(x, sensors, mask);
    }

    /** Index of the first NaN or infinite value, or -1. */
    private static int firstNonFinite(float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                return i;
            }
        }
        return -1;
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
        private NonFinitePolicy nonFinite = NonFinitePolicy.FAIL;
        private List<Integer> skipped = List.of();
        private boolean scanned;

        Builder() {
            // DJL's StackBatchifier refuses windows with different channel counts.
            this.dataBatchifier = new PaddingBatchifier();
        }

        /** A builder for a subset of {@code parent}, sharing its store, modalities and sampling. */
        private Builder(WindowDataset parent, int[] windows) {
            this.store = parent.store;
            this.modalities = parent.modalities;
            this.windows = windows;
            this.nonFinite = parent.nonFinite();
            // A subset of windows that were already scanned (or are read under FAIL) needs no second scan.
            this.scanned = true;
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

        /** What to do with windows holding NaN or infinite samples (default {@link NonFinitePolicy#FAIL}). */
        public Builder optNonFinite(NonFinitePolicy policy) {
            this.nonFinite = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * @throws IllegalArgumentException when the store or sampling is missing, a kept window lacks one of the
         *         modalities (name the windows to drop with {@link #optFilter}), or two kept windows of one modality
         *         have different sample counts (both are named)
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
            int[] firstOf = new int[modalities.size()];
            Arrays.fill(firstOf, -1);
            for (int w : windows) {
                for (int k = 0; k < modalities.size(); k++) {
                    Modality m = modalities.get(k);
                    if (!store.has(w, m)) {
                        throw new IllegalArgumentException("window " + w + " (" + store.info(w).key() + ") has no " + m
                                + " block; leave it out with optFilter or choose other modalities");
                    }
                    // One T per modality: a batch stacks them, so a mismatch must surface here, naming both.
                    if (firstOf[k] < 0) {
                        firstOf[k] = w;
                    } else if (store.shape(w, m)[1] != store.shape(firstOf[k], m)[1]) {
                        throw new IllegalArgumentException("windows " + describe(firstOf[k]) + " and " + describe(w)
                                + " have " + store.shape(firstOf[k], m)[1] + " and " + store.shape(w, m)[1] + " "
                                + m + " samples; windows of one modality must have the same length to be batched"
                                + " (leave one out with optFilter)");
                    }
                }
            }
            if (nonFinite == NonFinitePolicy.SKIP && !scanned) {
                List<Integer> left = new java.util.ArrayList<>();
                windows = Arrays.stream(windows).filter(w -> {
                    boolean finite = modalities.stream().allMatch(m -> firstNonFinite(store.block(w, m).data()) < 0);
                    if (!finite) {
                        left.add(w);
                    }
                    return finite;
                }).toArray();
                skipped = List.copyOf(left);
            }
            windows = Arrays.copyOf(windows, windows.length);
            return new WindowDataset(this);
        }

        private String describe(int w) {
            WindowInfo i = store.info(w);
            return w + " (" + i.key() + " at " + i.onset() + " s)";
        }
    }
}
