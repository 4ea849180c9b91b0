package org.neurofusion.alignment.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.Extent;
import org.neurofusion.datasets.store.PaddingBatchifier;
import org.neurofusion.datasets.store.WindowDataset;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.models.EncoderSpec;

/**
 * The windows of a pre-training run: those of the store that have every configured modality, split by subject
 * (the last {@code holdoutSubjects} in sorted order validate), and, for the time-shuffled control, the partner
 * each training window takes its other modalities from.
 */
final class TrainingData {
    private final WindowStore store;
    private final List<Modality> modalities;
    private final List<String> names;
    private final WindowDataset train;
    private final WindowDataset labelled;
    private final WindowDataset val;
    private final List<String> trainSubjects;
    private final List<String> valSubjects;
    private final long[] partner;

    private TrainingData(WindowStore store, List<String> names, List<Modality> modalities, WindowDataset train,
            WindowDataset labelled, WindowDataset val, List<String> trainSubjects, List<String> valSubjects,
            long[] partner) {
        this.store = store;
        this.names = names;
        this.modalities = modalities;
        this.train = train;
        this.labelled = labelled;
        this.val = val;
        this.trainSubjects = trainSubjects;
        this.valSubjects = valSubjects;
        this.partner = partner;
    }

    /**
     * @throws IllegalArgumentException when the store lacks a modality, or has too few subjects for the hold-out
     */
    static TrainingData split(WindowStore store, PretrainConfig config, long seed) {
        List<Modality> ms = new ArrayList<>();
        for (String m : config.modalities()) {
            Modality mod = Pretrainer.modality(m);
            if (!store.modalities().contains(mod)) {
                throw new TrainingSetupException("the window store " + store.directory() + " has no " + m
                        + " windows; it has " + store.modalities());
            }
            ms.add(mod);
        }
        Set<String> subjects = new TreeSet<>();
        for (int i = 0; i < store.size(); i++) {
            if (hasAll(store, i, ms)) {
                subjects.add(store.info(i).key().subject());
            }
        }
        List<String> all = new ArrayList<>(subjects);
        List<String> tr;
        List<String> va;
        if (!config.holdout().isEmpty()) {
            for (String h : config.holdout()) {
                if (!subjects.contains(h)) {
                    throw new TrainingSetupException("holdout subject '" + h + "' has no window of every modality "
                            + config.modalities() + " in " + store.directory() + " (subjects: " + all + ")");
                }
            }
            va = all.stream().filter(config.holdout()::contains).toList();
            tr = all.stream().filter(x -> !config.holdout().contains(x)).toList();
            if (tr.isEmpty()) {
                throw new TrainingSetupException("holdout " + config.holdout() + " leaves no subject to train on");
            }
        } else {
            if (subjects.size() <= config.holdoutSubjects()) {
                throw new TrainingSetupException("the window store has " + subjects.size() + " subjects with"
                        + " windows of every modality " + config.modalities() + "; holding out "
                        + config.holdoutSubjects() + " leaves none to train on (lower --holdout, or give more subjects)");
            }
            tr = List.copyOf(all.subList(0, all.size() - config.holdoutSubjects()));
            va = List.copyOf(all.subList(all.size() - config.holdoutSubjects(), all.size()));
        }
        Modality[] arr = ms.toArray(new Modality[0]);
        WindowDataset train = dataset(store, arr, tr, config.batchSize(), false);
        WindowDataset labelled = dataset(store, arr, tr, config.batchSize(), true);
        WindowDataset val = dataset(store, arr, va, config.batchSize(), false);
        long[] partner = config.control().equals("time-shuffled") ? shuffledPartners(train) : null;
        return new TrainingData(store, config.modalities(), ms, train, labelled, val, tr, va, partner);
    }

    private static WindowDataset dataset(WindowStore store, Modality[] ms, List<String> subjects, int batch,
            boolean labelledOnly) {
        Set<String> keep = Set.copyOf(subjects);
        return WindowDataset.builder().setStore(store).optModalities(ms)
                .optFilter(w -> keep.contains(w.key().subject()) && hasAll(store, w.index(), List.of(ms))
                        && (!labelledOnly || w.label().isPresent()))
                .setSampling(batch, false).build();
    }

    private static boolean hasAll(WindowStore store, int i, List<Modality> ms) {
        for (Modality m : ms) {
            if (!store.has(i, m)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Within every subject and session, windows in onset order take their partner half the session away
     * (cyclically), so that a pair never shares its time and nothing but chance can align the two sides.
     */
    static long[] shuffledPartners(WindowDataset ds) {
        Map<String, List<Long>> groups = new TreeMap<>();
        for (long i = 0; i < ds.size(); i++) {
            WindowInfo w = ds.info(i);
            groups.computeIfAbsent(w.key().subject() + "/" + w.key().session(), g -> new ArrayList<>()).add(i);
        }
        long[] partner = new long[Math.toIntExact(ds.size())];
        for (List<Long> g : groups.values()) {
            g.sort(Comparator.comparingDouble((Long i) -> ds.info(i).start()).thenComparing(i -> i));
            int n = g.size();
            for (int k = 0; k < n; k++) {
                partner[Math.toIntExact(g.get(k))] = g.get((k + Math.max(1, n / 2)) % n);
            }
        }
        return partner;
    }

    WindowStore store() {
        return store;
    }

    WindowDataset train() {
        return train;
    }

    /**
     * The labelled training windows of every training subject, for the supervised term's mixed-subject batches
     * (always truly paired: the time-shuffled control mismatches only the contrastive pairs).
     */
    WindowDataset labelled() {
        return labelled;
    }

    WindowDataset val() {
        return val;
    }

    List<String> trainSubjects() {
        return trainSubjects;
    }

    List<String> valSubjects() {
        return valSubjects;
    }

    List<String> modalityNames() {
        return names;
    }

    List<Modality> modalities() {
        return modalities;
    }

    /** Whether training pairs are mismatched in time (the negative control). */
    boolean shuffled() {
        return partner != null;
    }

    /**
     * Example {@code index} of {@code ds} as 3 arrays per modality in {@code manager}, its label written into
     * {@code labels[slot]}; for the training set of the control, every modality but the first from the partner.
     */
    NDList example(WindowDataset ds, NDManager manager, long index, int[] labels, int slot) {
        Record r = ds.get(manager, index);
        NDList data = r.getData();
        labels[slot] = r.getLabels().singletonOrThrow().getInt();
        if (partner != null && ds == train) {
            NDList other = ds.get(manager, partner[Math.toIntExact(index)]).getData();
            NDList mixed = new NDList(data.size());
            for (int k = 0; k < data.size(); k++) {
                mixed.add(k < 3 ? data.get(k) : other.get(k));
            }
            return mixed;
        }
        return data;
    }

    /** A batch: 3 arrays per modality (padded to the largest channel count) and the labels (−1 unlabelled). */
    record Batch(NDList data, NDArray labels) {
    }

    /** The examples {@code indices} of {@code ds}, batched in {@code manager} (see {@link #example}). */
    Batch batch(WindowDataset ds, NDManager manager, List<Long> indices) {
        NDList[] examples = new NDList[indices.size()];
        int[] labels = new int[indices.size()];
        for (int i = 0; i < examples.length; i++) {
            examples[i] = example(ds, manager, indices.get(i), labels, i);
        }
        return new Batch(BATCHIFIER.batchify(examples), manager.create(labels));
    }

    private static final PaddingBatchifier BATCHIFIER = new PaddingBatchifier();

    /**
     * Encoder specs for the store's windows: the preset sized to each modality's samples and rate; a haemodynamic
     * modality's window cut into {@code haemodynamicPatches} patches (the shortest patch that divides it and keeps
     * the count at most that) where it is above 0.
     */
    Map<String, EncoderSpec> encoderSpecs(String preset, int haemodynamicPatches) {
        Map<String, EncoderSpec> out = new LinkedHashMap<>();
        WindowInfo first = train.info(0);
        int storeIndex = train.storeIndex(0);
        for (int k = 0; k < modalities.size(); k++) {
            Modality m = modalities.get(k);
            int samples = store.shape(storeIndex, m)[1];
            Extent e = first.extent(m);
            double rate = samples / e.length();
            EncoderSpec s = preset.equals("base") ? EncoderSpec.base(names.get(k), samples, rate)
                    : EncoderSpec.tiny(names.get(k), samples, rate);
            if (haemodynamicPatches > 0 && (m == Modality.FNIRS || m == Modality.FMRI)) {
                s = s.withPatchSamples(EncoderSpec.patchFor(samples, haemodynamicPatches));
            }
            out.put(names.get(k), s.withLagSeconds(Math.max(0, e.start() - first.onset())));
        }
        return out;
    }
}
