package org.neurofusion.fusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Record;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.store.PaddingBatchifier;
import org.neurofusion.datasets.store.WindowDataset;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;

/**
 * The windows of a teacher, student or control run, split as the pre-training run split them: its training subjects
 * train, its held-out subjects test (so no test subject ever shaped an encoder or a classifier). Of the training
 * subjects' labelled windows, {@code labelledPerClass} per class and subject keep their label (drawn from the seed,
 * the same draw for every stage of one seed); every other training window of every modality is an unlabelled
 * window, which the student and self-training use and the label-only stages do not see.
 *
 * <p>Indices are those of one {@link WindowDataset} over the windows that have every modality; batches of any subset
 * of the modalities use the same indices.
 */
public final class FusionData {
    private static final PaddingBatchifier BATCHIFIER = new PaddingBatchifier();

    private final WindowStore store;
    private final List<String> modalities;
    private final Map<String, WindowDataset> byModalities = new HashMap<>();
    private final WindowDataset all;
    private final int classes;
    private final List<Long> labelled;
    private final List<Long> unlabelled;
    private final List<Long> allLabelled;
    private final List<Long> test;
    private final List<String> trainSubjects;
    private final List<String> testSubjects;
    /** Per modality, the share of a window's first samples whose per-channel mean is subtracted (absent: none). */
    private final Map<Modality, Double> baselines = new java.util.EnumMap<>(Modality.class);
    /** Per-subject alignment of each aligned modality's windows. */
    private final Map<Modality, SubjectAlignment> alignments = new java.util.EnumMap<>(Modality.class);
    /** The alignment matrix of each modality's store window batched so far: looked up once, not every step. */
    private final Map<Modality, Map<Integer, float[]>> matrixByWindow = new java.util.EnumMap<>(Modality.class);

    private FusionData(WindowStore store, List<String> modalities, WindowDataset all, int classes,
            List<Long> labelled, List<Long> unlabelled, List<Long> allLabelled, List<Long> test,
            List<String> trainSubjects, List<String> testSubjects) {
        this.store = store;
        this.modalities = modalities;
        this.all = all;
        this.classes = classes;
        this.labelled = labelled;
        this.unlabelled = unlabelled;
        this.allLabelled = allLabelled;
        this.test = test;
        this.trainSubjects = trainSubjects;
        this.testSubjects = testSubjects;
        byModalities.put(String.join(",", modalities), all);
    }

    /**
     * Splits {@code store}.
     *
     * @param modalities every modality a window must have (the teacher's)
     * @param labelledPerClass labelled windows kept per class and training subject, or -1 for all
     * @throws IllegalArgumentException when a modality is missing from the store, a subject has no windows, or the
     *     training labels name fewer than two classes
     */
    public static FusionData split(WindowStore store, List<String> modalities, List<String> trainSubjects,
            List<String> testSubjects, int labelledPerClass, long seed) {
        Set<String> train = Set.copyOf(trainSubjects);
        Set<String> tests = Set.copyOf(testSubjects);
        if (train.stream().anyMatch(tests::contains)) {
            throw new FusionSetupException("subjects " + trainSubjects + " train and " + testSubjects
                    + " test: a subject cannot be in both");
        }
        FusionData d = build(store, modalities, w -> train.contains(w.key().subject()),
                w -> tests.contains(w.key().subject()), labelledPerClass, seed, "the test subjects " + testSubjects);
        for (String s : trainSubjects) {
            if (!d.trainSubjects.contains(s)) {
                throw new FusionSetupException("training subject '" + s + "' has no window with every modality "
                        + modalities + " in " + store.directory());
            }
        }
        return new FusionData(store, d.modalities, d.all, d.classes, d.labelled, d.unlabelled, d.allLabelled, d.test,
                List.copyOf(trainSubjects), List.copyOf(testSubjects));
    }

    /**
     * Splits {@code store} by window instead of by subject, as a fold of an evaluation protocol does: {@code train}
     * picks the training windows (labelled or not), {@code test} the labelled test windows; a window picked by both
     * is refused. The subjects are those of the windows picked, in ascending order.
     *
     * @throws IllegalArgumentException when a modality is missing, a window is picked for both, no test window
     *     remains, or the training labels name fewer than two classes
     */
    public static FusionData split(WindowStore store, List<String> modalities, Predicate<WindowInfo> train,
            Predicate<WindowInfo> test, int labelledPerClass, long seed) {
        return build(store, modalities, w -> {
            boolean tr = train.test(w);
            if (tr && test.test(w)) {
                throw new FusionSetupException("window " + w.key() + " at " + w.onset()
                        + " s is picked for training and for test");
            }
            return tr;
        }, test, labelledPerClass, seed, "the test windows picked");
    }

    private static FusionData build(WindowStore store, List<String> modalities, Predicate<WindowInfo> train,
            Predicate<WindowInfo> tests, int labelledPerClass, long seed, String testsName) {
        List<Modality> ms = new ArrayList<>();
        for (String m : modalities) {
            Modality mod = modality(m);
            if (!store.modalities().contains(mod)) {
                throw new FusionSetupException("the window store " + store.directory() + " has no " + m
                        + " windows; it has " + store.modalities());
            }
            ms.add(mod);
        }
        WindowDataset all = dataset(store, ms);
        Map<String, List<Long>> trainBySubject = new TreeMap<>();
        Set<String> testSubjects = new TreeSet<>();
        List<Long> test = new ArrayList<>();
        int maxLabel = -1;
        Set<Integer> seen = new TreeSet<>();
        for (long i = 0; i < all.size(); i++) {
            WindowInfo w = all.info(i);
            String s = w.key().subject();
            if (train.test(w)) {
                trainBySubject.computeIfAbsent(s, k -> new ArrayList<>()).add(i);
                if (w.label().isPresent()) {
                    maxLabel = Math.max(maxLabel, w.label().getAsInt());
                    seen.add(w.label().getAsInt());
                }
            } else if (tests.test(w) && w.label().isPresent()) {
                test.add(i);
                testSubjects.add(s);
            }
        }
        if (seen.size() < 2) {
            throw new FusionSetupException("the training windows carry labels " + seen
                    + "; a task needs at least two classes");
        }
        if (test.isEmpty()) {
            throw new FusionSetupException(testsName + " have no labelled window with every modality "
                    + modalities);
        }
        for (long i : test) {
            int label = all.info(i).label().getAsInt();
            if (label > maxLabel) {
                throw new FusionSetupException("test window " + all.info(i).key() + " at " + all.info(i).onset()
                        + " s has label " + label + ", a class no training window has (labels " + seen + ")");
            }
        }
        List<Long> labelled = new ArrayList<>();
        List<Long> unlabelled = new ArrayList<>();
        List<Long> allLabelled = new ArrayList<>();
        for (Map.Entry<String, List<Long>> e : trainBySubject.entrySet()) {
            Map<Integer, List<Long>> byClass = new TreeMap<>();
            for (long i : e.getValue()) {
                WindowInfo w = all.info(i);
                if (w.label().isPresent()) {
                    byClass.computeIfAbsent(w.label().getAsInt(), k -> new ArrayList<>()).add(i);
                    allLabelled.add(i);
                } else {
                    unlabelled.add(i);
                }
            }
            // one stream per subject, so adding a subject does not change another's draw
            SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + e.getKey().hashCode());
            for (List<Long> windows : byClass.values()) {
                windows.sort(Comparator.naturalOrder());
                shuffle(windows, rnd);
                int keep = labelledPerClass < 0 ? windows.size() : Math.min(labelledPerClass, windows.size());
                labelled.addAll(windows.subList(0, keep));
                unlabelled.addAll(windows.subList(keep, windows.size()));
            }
        }
        labelled.sort(Comparator.naturalOrder());
        unlabelled.sort(Comparator.naturalOrder());
        allLabelled.sort(Comparator.naturalOrder());
        return new FusionData(store, List.copyOf(modalities), all, maxLabel + 1, List.copyOf(labelled),
                List.copyOf(unlabelled), List.copyOf(allLabelled), List.copyOf(test),
                List.copyOf(trainBySubject.keySet()), List.copyOf(testSubjects));
    }

    private static WindowDataset dataset(WindowStore store, List<Modality> ms) {
        return WindowDataset.builder().setStore(store).optModalities(ms.toArray(new Modality[0]))
                .optFilter(w -> ms.stream().allMatch(m -> store.has(w.index(), m))).setSampling(1, false).build();
    }

    private static void shuffle(List<Long> xs, SplittableRandom rnd) {
        for (int i = xs.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            Long t = xs.get(i);
            xs.set(i, xs.get(j));
            xs.set(j, t);
        }
    }

    static Modality modality(String name) {
        return Modality.parse(name);
    }

    /**
     * Aligns {@code modality}'s windows per subject from then on ({@link SubjectAlignment}; {@code reference}
     * {@code none} for none, else {@code rest} or {@code all}), fitted on every training and test subject here.
     * Every batch, training and evaluation alike, is aligned the same way. Returns this.
     *
     * @throws IllegalArgumentException when the modality is not among this data's, or as {@link SubjectAlignment#fit}
     */
    public FusionData align(String modality, String reference) {
        Modality m = modality(modality);
        matrixByWindow.remove(m);
        if (reference.equals("none")) {
            alignments.remove(m);
            return this;
        }
        if (!modalities.contains(modality)) {
            throw new FusionSetupException("cannot align " + modality + ": the run's windows have "
                    + modalities);
        }
        List<String> subjects = new ArrayList<>(trainSubjects);
        subjects.addAll(testSubjects);
        alignments.put(m, SubjectAlignment.fit(store, m, reference, subjects));
        return this;
    }

    /**
     * Subtracts from every {@code modality} window, in every batch from then on, each channel's mean over the
     * window's first {@code fraction} of samples (at least one sample): a per-window baseline, as fNIRS analyses
     * take the change from a window's start rather than the absolute level. 0 for none. Returns this.
     *
     * @throws FusionSetupException for a fraction outside [0, 1) or a modality not among this data's
     */
    public FusionData baseline(String modality, double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new FusionSetupException("a baseline fraction must lie in [0, 1), got " + fraction);
        }
        Modality m = modality(modality);
        if (fraction == 0) {
            baselines.remove(m);
            return this;
        }
        if (!modalities.contains(modality)) {
            throw new FusionSetupException("cannot take a baseline of " + modality + ": the run's windows have "
                    + modalities);
        }
        baselines.put(m, fraction);
        return this;
    }

    /** The EEG alignment in use, if any. */
    public java.util.Optional<SubjectAlignment> alignment() {
        return alignment("eeg");
    }

    /** The alignment of {@code modality} in use, if any. */
    public java.util.Optional<SubjectAlignment> alignment(String modality) {
        return java.util.Optional.ofNullable(alignments.get(modality(modality)));
    }

    /**
     * The distinct channel-name lists of {@code modality} over every window here (training and test), in the order
     * first met.
     */
    public List<List<String>> channelSets(String modality) {
        Modality m = modality(modality);
        java.util.LinkedHashSet<List<String>> out = new java.util.LinkedHashSet<>();
        for (long i = 0; i < all.size(); i++) {
            out.add(store.channels(all.storeIndex(i), m).stream().map(org.neurofusion.core.Channel::name).toList());
        }
        return List.copyOf(out);
    }

    /** The store. */
    public WindowStore store() {
        return store;
    }

    /** Every modality a window has here, in batch order. */
    public List<String> modalities() {
        return modalities;
    }

    /** Number of classes: the largest training label plus one. */
    public int classes() {
        return classes;
    }

    /** The training windows that keep their label. */
    public List<Long> labelled() {
        return labelled;
    }

    /** The training windows without a label here (labels withheld, or never labelled). */
    public List<Long> unlabelled() {
        return unlabelled;
    }

    /** Every labelled training window, whatever {@code labelledPerClass} kept (the all-labels ceiling's). */
    public List<Long> allLabelled() {
        return allLabelled;
    }

    /** The test subjects' labelled windows. */
    public List<Long> test() {
        return test;
    }

    /** The training subjects. */
    public List<String> trainSubjects() {
        return trainSubjects;
    }

    /** The test subjects. */
    public List<String> testSubjects() {
        return testSubjects;
    }

    /** Key, onset, label and extents of window {@code index}. */
    public WindowInfo info(long index) {
        return all.info(index);
    }

    /** The window's label in the store, or -1. */
    public int storedLabel(long index) {
        return all.info(index).label().orElse(-1);
    }

    /** A batch: 3 arrays per modality (padded to the largest channel count) and the labels (−1 unlabelled). */
    public record Batch(NDList data, NDArray labels) {
    }

    /**
     * The windows {@code indices} with the modalities {@code wanted} (in that order), batched in {@code manager};
     * a window's label is its stored label when {@code labelKept} accepts its index, else -1.
     */
    public Batch batch(NDManager manager, List<Long> indices, List<String> wanted,
            java.util.function.LongPredicate labelKept) {
        WindowDataset ds = byModalities.computeIfAbsent(String.join(",", wanted), k -> {
            List<Modality> ms = new ArrayList<>();
            for (String m : wanted) {
                if (!modalities.contains(m)) {
                    throw new FusionSetupException("modality '" + m + "' is not among " + modalities);
                }
                ms.add(modality(m));
            }
            // the same filter as `all` would keep windows of fewer modalities too: keep exactly its windows
            Set<Integer> keep = new java.util.HashSet<>();
            for (long i = 0; i < all.size(); i++) {
                keep.add(all.storeIndex(i));
            }
            return WindowDataset.builder().setStore(store).optModalities(ms.toArray(new Modality[0]))
                    .optFilter(w -> keep.contains(w.index())).setSampling(1, false).build();
        });
        NDList[] examples = new NDList[indices.size()];
        int[] labels = new int[indices.size()];
        for (int i = 0; i < examples.length; i++) {
            Record r = ds.get(manager, indices.get(i));
            examples[i] = r.getData();
            for (SubjectAlignment a : alignments.values()) {
                alignInPlace(a, manager, examples[i], wanted, ds.storeIndex(indices.get(i)));
            }
            for (Map.Entry<Modality, Double> e : baselines.entrySet()) {
                baselineInPlace(e.getKey(), e.getValue(), manager, examples[i], wanted);
            }
            labels[i] = labelKept.test(indices.get(i)) ? r.getLabels().singletonOrThrow().getInt() : -1;
        }
        return new Batch(BATCHIFIER.batchify(examples), manager.create(labels));
    }

    private static void baselineInPlace(Modality m, double fraction, NDManager manager, NDList example,
            List<String> wanted) {
        int k = wanted.indexOf(m.name().toLowerCase(Locale.ROOT));
        if (k < 0) {
            return;
        }
        NDArray x = example.get(3 * k);
        int c = Math.toIntExact(x.getShape().get(0));
        int t = Math.toIntExact(x.getShape().get(1));
        float[] v = x.toFloatArray();
        int n = Math.max(1, (int) Math.floor(fraction * t));
        for (int ch = 0; ch < c; ch++) {
            double mean = 0;
            for (int j = 0; j < n; j++) {
                mean += v[ch * t + j];
            }
            float b = (float) (mean / n);
            for (int j = 0; j < t; j++) {
                v[ch * t + j] -= b;
            }
        }
        NDArray y = manager.create(v, x.getShape());
        y.setName(x.getName());
        example.set(3 * k, y);
        x.close();
    }

    private void alignInPlace(SubjectAlignment alignment, NDManager manager, NDList example, List<String> wanted,
            int storeIndex) {
        Modality m = alignment.modality();
        int k = wanted.indexOf(m.name().toLowerCase(Locale.ROOT));
        if (k < 0) {
            return;
        }
        NDArray x = example.get(3 * k);
        float[] matrix = matrixByWindow.computeIfAbsent(m, mm -> new HashMap<>()).computeIfAbsent(storeIndex,
                w -> alignment.shared(
                store.info(w).key().subject(),
                store.channels(w, m).stream().map(org.neurofusion.core.Channel::name).toList()));
        int c = Math.toIntExact(x.getShape().get(0));
        NDArray y = manager.create(org.neurofusion.modalities.signal.EuclideanAlignment.apply(matrix, c, x.toFloatArray()), x.getShape());
        y.setName(x.getName());
        example.set(3 * k, y);
        x.close();
    }
}
