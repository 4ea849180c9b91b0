package org.neurofusion.fusion.eval;

import ai.djl.Device;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.neurofusion.alignment.train.EncoderEmbedder;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.Splits;
import org.neurofusion.datasets.WindowRef;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.evaluation.ConditionRegistry;
import org.neurofusion.evaluation.EmbeddingProbe;
import org.neurofusion.evaluation.LeakageGuard;
import org.neurofusion.evaluation.WindowClassifier;
import org.neurofusion.fusion.train.FusionConfig;
import org.neurofusion.fusion.train.FusionTrainer;
import org.neurofusion.fusion.train.SourceRun;
import org.neurofusion.fusion.train.Stage;

/**
 * The deep conditions of the evaluation harness, on one pre-trained backbone: every one a {@link WindowClassifier}
 * that the harness fits per fold, so that they run through the same protocols, splits and leakage guard as the
 * classical baselines.
 *
 * <ul>
 *   <li>{@code frozen-linear}: logistic regression on the frozen encoder's pooled embeddings, its regularisation
 *       chosen by inner cross-validation over the fold's training subjects ({@link EmbeddingProbe});</li>
 *   <li>{@code frozen-head}: the encoder frozen, a fusion block and task head trained on the fold;</li>
 *   <li>{@code fine-tuned}: encoder, fusion block and head trained on the fold, starting from the aligned encoder;</li>
 *   <li>{@code scratch}: the same architecture and budget from a random initialisation;</li>
 *   <li>{@code teacher}: the multimodal teacher trained on the fold, scored with every modality;</li>
 *   <li>{@code student}: that teacher distilled, on the fold, into a single-modality student;</li>
 *   <li>{@code self-training}: the fine-tuned model pseudo-labelling the fold's unlabelled windows for a model of the
 *       student's budget (what the student's gain must beat to be credited to the missing modality).</li>
 * </ul>
 *
 * <p>The harness hands conditions the windows of its own windowing (the classical baselines'); a deep condition
 * reads, for every window it is given, the window of the same recording and onset in the pre-training run's window
 * store (its own filters, rate and length), and refuses a window that has none. Anything trained is trained on the
 * fold's training windows only (with, for the student and self-training, the unlabelled windows of the fold's training
 * subjects), for {@link FusionConfig#steps} steps, seeded by the fold; a fold's test windows must not overlap its
 * training windows in the store's extents either (the {@link LeakageGuard} runs again on them) and must belong to
 * subjects the pre-training held out. Runs are kept under {@code runs/CONDITION/PROTOCOL/sub-S/fold-I-seed-N} and
 * resumed, so a finished fold is never trained again. The teacher of a fold is shared by {@code teacher} and
 * {@code student}, the fine-tuned model by {@code fine-tuned} and {@code self-training}.
 */
public final class DeepConditions implements AutoCloseable {
    /** The condition ids, in the order they are registered. */
    public static final List<String> IDS = List.of("frozen-linear", "frozen-head", "fine-tuned", "scratch", "teacher",
            "student", "self-training");

    /**
     * What the conditions start from and how they train.
     *
     * @param pretrained the pre-training run (aligned encoders)
     * @param store      its window store (opened by the caller, closed by the caller)
     * @param runs       where per-fold runs go
     * @param config     the fusion configuration of every trained condition (its {@code encoders} and
     *                   {@code encoder_init} are set per condition)
     * @param keep       the modality of the single-modality conditions
     * @param device     where to train
     * @param log        progress of the per-fold runs
     * @param transfer   {@code store} need not be the run's: the kept modality's encoder is carried to these
     *                   windows (they must have its length and rate), every subject the run did not pre-train on is
     *                   testable, and only the single-modality conditions that need no second modality register
     */
    public record Settings(Path pretrained, WindowStore store, Path runs, FusionConfig config, String keep,
            Device device, PrintWriter log, boolean transfer) {
        /** Settings on the run's own store. */
        public Settings(Path pretrained, WindowStore store, Path runs, FusionConfig config, String keep, Device device,
                PrintWriter log) {
            this(pretrained, store, runs, config, keep, device, log, false);
        }

        public Settings {
            Objects.requireNonNull(pretrained, "pretrained");
            Objects.requireNonNull(store, "store");
            Objects.requireNonNull(runs, "runs");
            Objects.requireNonNull(config, "config");
            Objects.requireNonNull(keep, "keep");
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(log, "log");
        }
    }

    private final Settings s;
    private final SourceRun pre;
    private final Map<String, Integer> index = new HashMap<>();
    private final Modality keep;
    private final Modality missing;
    private EncoderEmbedder embedder;
    private final Map<Integer, double[]> embeddings = new HashMap<>();

    /**
     * Reads the pre-training run and indexes its store.
     *
     * @throws IllegalArgumentException when the store is not the run's, or the kept modality is not one it encodes
     */
    public DeepConditions(Settings settings) {
        this.s = settings;
        this.pre = SourceRun.read(settings.pretrained());
        if (!settings.transfer() && !pre.storeKey().equals(settings.store().provenance().key())) {
            throw new IllegalArgumentException("the pre-training run " + pre.dir() + " was trained on window store "
                    + pre.storeKey() + ", not on " + settings.store().directory());
        }
        List<String> ms = pre.modalities();
        String k = settings.keep().toLowerCase(Locale.ROOT);
        if (!ms.contains(k)) {
            throw new IllegalArgumentException("cannot keep '" + settings.keep() + "': the pre-training run "
                    + pre.dir() + " encodes " + ms);
        }
        this.keep = Modality.valueOf(k.toUpperCase(Locale.ROOT));
        this.missing = ms.size() == 2 && !settings.transfer()
                ? Modality.valueOf(ms.get(ms.indexOf(k) == 0 ? 1 : 0).toUpperCase(Locale.ROOT)) : null;
        if (settings.transfer() && !settings.store().modalities().contains(keep)) {
            throw new IllegalArgumentException("the window store " + settings.store().directory() + " has no "
                    + k + " windows to transfer the encoder to (it has " + settings.store().modalities() + ")");
        }
        for (int i = 0; i < settings.store().size(); i++) {
            WindowInfo w = settings.store().info(i);
            index.put(id(w.key(), w.onset()), i);
        }
    }

    /**
     * The subjects a deep condition may be tested on: those the pre-training held out; in a transfer, every subject
     * of the store that the pre-training did not train on.
     */
    public List<String> testableSubjects() {
        if (!s.transfer()) {
            return pre.testSubjects();
        }
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        for (int i = 0; i < s.store().size(); i++) {
            out.add(s.store().info(i).key().subject());
        }
        out.removeAll(pre.trainSubjects());
        return List.copyOf(out);
    }

    /** Registers the conditions of {@link #IDS} into {@code registry}; teacher and student only with two modalities. */
    public void register(ConditionRegistry registry) {
        registry.register("frozen-linear", this::frozenLinear);
        for (String id : List.of("frozen-head", "fine-tuned", "scratch", "teacher", "student", "self-training")) {
            if (missing == null && (id.equals("teacher") || id.equals("student"))) {
                continue;
            }
            if (s.transfer() && id.equals("self-training")) {
                // its labeller is a run on the new windows, which the pseudo-labelling stage does not take yet
                continue;
            }
            registry.register(id, () -> new FoldTrained(id));
        }
    }

    private WindowClassifier frozenLinear() {
        if (embedder == null) {
            embedder = EncoderEmbedder.load(s.pretrained(), keep.name().toLowerCase(Locale.ROOT), s.device(), 64);
        }
        EncoderEmbedder e = embedder;
        return new EmbeddingProbe(new EmbeddingProbe.Embedder() {
            @Override
            public Modality modality() {
                return keep;
            }

            @Override
            public void check(PairedWindow w) {
                stored(w, List.of(keep));
            }

            @Override
            public double[][] embed(List<PairedWindow> windows) {
                // the frozen encoder gives a window the same vector in every fold: every store window is embedded
                // once, all together in store order, so that a vector never depends on which fold asked first
                if (embeddings.isEmpty()) {
                    List<Integer> at = new ArrayList<>();
                    for (int i = 0; i < s.store().size(); i++) {
                        if (s.store().has(i, keep)) {
                            at.add(i);
                        }
                    }
                    // in chunks, so that a large store is never read into memory at once
                    for (int from = 0; from < at.size(); from += 512) {
                        List<Integer> chunk = at.subList(from, Math.min(at.size(), from + 512));
                        List<PairedWindow> own = new ArrayList<>(chunk.size());
                        chunk.forEach(i -> own.add(s.store().window(i)));
                        double[][] z = e.embed(own);
                        for (int j = 0; j < z.length; j++) {
                            embeddings.put(chunk.get(j), z[j]);
                        }
                    }
                }
                double[][] out = new double[windows.size()][];
                for (int i = 0; i < out.length; i++) {
                    out[i] = embeddings.get(stored(windows.get(i), List.of(keep))).clone();
                }
                return out;
            }

            @Override
            public String source() {
                return e.source();
            }
        }, EmbeddingProbe.DEFAULT_CS, 5);
    }

    /** The store index of {@code w}'s counterpart, checked to hold {@code modalities}. */
    int stored(PairedWindow w, List<Modality> modalities) {
        Integer i = index.get(id(w.key(), w.onset()));
        if (i == null) {
            throw new IllegalArgumentException("window " + w.key() + " at " + w.onset() + " s has no window of the same"
                    + " recording and onset in the pre-training run's window store " + s.store().directory()
                    + " (was " + pre.dir() + " pre-trained on another dataset or task?)");
        }
        for (Modality m : modalities) {
            if (!s.store().has(i, m)) {
                throw new IllegalArgumentException("window " + w.key() + " at " + w.onset() + " s has no " + m
                        + " block in the pre-training run's window store " + s.store().directory());
            }
        }
        return i;
    }

    private static String id(RecordingKey key, double onset) {
        return key + "@" + Math.round(onset * 1e6);
    }

    @Override
    public void close() {
        if (embedder != null) {
            embedder.close();
            embedder = null;
        }
    }

    /** One trained condition, fitted per fold through {@link FusionTrainer}. */
    private final class FoldTrained implements WindowClassifier {
        private final String id;

        FoldTrained(String id) {
            this.id = id;
        }

        private List<Modality> reads() {
            return id.equals("teacher") ? List.of(keep, missing) : List.of(keep);
        }

        /** What training needs of a window: every modality the run's data split asks for. */
        private List<Modality> needs() {
            return id.equals("teacher") || id.equals("student") ? List.of(keep, missing) : List.of(keep);
        }

        @Override
        public List<Modality> modalities() {
            return reads();
        }

        @Override
        public void check(PairedWindow w) {
            stored(w, needs());
        }

        @Override
        public String pretrained() {
            return id.equals("scratch") ? "" : pre.dir().toString();
        }

        @Override
        public Trained fit(List<PairedWindow> train) {
            return fit(train, new Fold(id, "fit", "all", 0, 42));
        }

        @Override
        public Trained fit(List<PairedWindow> train, Fold fold) {
            int[] trainIdx = new int[train.size()];
            TreeSet<Integer> classes = new TreeSet<>();
            for (int y : WindowClassifier.labels(train)) {
                classes.add(y);
            }
            for (int i = 0; i < trainIdx.length; i++) {
                trainIdx[i] = stored(train.get(i), needs());
            }
            if (classes.size() < 2) {
                throw new IllegalArgumentException("the training windows carry labels " + classes
                        + "; a task needs at least two classes");
            }
            return new Trained() {
                private int columns = classes.last() + 1;

                @Override
                public int[] classes() {
                    int[] c = new int[columns];
                    for (int k = 0; k < c.length; k++) {
                        c[k] = k;
                    }
                    return c;
                }

                @Override
                public double[][] scores(List<PairedWindow> windows) {
                    int[] testIdx = new int[windows.size()];
                    for (int i = 0; i < testIdx.length; i++) {
                        testIdx[i] = stored(windows.get(i), needs());
                    }
                    double[][] out = train(fold, trainIdx, testIdx);
                    columns = out.length == 0 ? columns : out[0].length;
                    return out;
                }
            };
        }

        /** Trains (or resumes) the fold's runs and returns the final model's probabilities on the test windows. */
        private double[][] train(Fold fold, int[] trainIdx, int[] testIdx) {
            WindowStore store = s.store();
            List<WindowRef> refs = new ArrayList<>();
            int[] tr = new int[trainIdx.length];
            int[] te = new int[testIdx.length];
            for (int i = 0; i < trainIdx.length; i++) {
                refs.add(ref(store.info(trainIdx[i])));
                tr[i] = i;
            }
            for (int i = 0; i < testIdx.length; i++) {
                refs.add(ref(store.info(testIdx[i])));
                te[i] = trainIdx.length + i;
            }
            LeakageGuard.check(refs, new Splits.Fold(id + " " + fold.path() + " (pre-training store)", tr, te), 0);
            Set<String> trainIds = new HashSet<>();
            Set<String> trainSubjects = new HashSet<>();
            for (int i : trainIdx) {
                WindowInfo w = store.info(i);
                trainIds.add(id(w.key(), w.onset()));
                trainSubjects.add(w.key().subject());
            }
            Set<String> testIds = new HashSet<>();
            Set<String> testSubjects = new HashSet<>();
            for (int i : testIdx) {
                WindowInfo w = store.info(i);
                testIds.add(id(w.key(), w.onset()));
                testSubjects.add(w.key().subject());
            }
            // labelled training windows as given; unlabelled ones of training subjects that have no test window
            java.util.function.Predicate<WindowInfo> isTrain = w -> trainIds.contains(id(w.key(), w.onset()))
                    || (w.label().isEmpty() && trainSubjects.contains(w.key().subject())
                    && !testSubjects.contains(w.key().subject()));
            java.util.function.Predicate<WindowInfo> isTest = w -> testIds.contains(id(w.key(), w.onset()));
            String selection = digest(new TreeSet<>(trainIds), new TreeSet<>(testIds));
                        FusionConfig c = s.config();
            FusionTrainer.Summary summary = switch (id) {
                case "frozen-head" -> run(Stage.SUPERVISED, cfg(c, "frozen", "aligned"), "frozen-head",
                        isTrain, isTest, selection, fold, null, null);
                case "fine-tuned" -> run(Stage.SUPERVISED, cfg(c, "fine-tune", "aligned"), "fine-tuned",
                        isTrain, isTest, selection, fold, null, null);
                case "scratch" -> run(Stage.SUPERVISED, cfg(c, "fine-tune", "random"), "scratch", isTrain,
                        isTest, selection, fold, null, null);
                case "teacher" -> run(Stage.TEACHER, c, "teacher", isTrain, isTest, selection, fold, null,
                        null);
                case "student" -> {
                    run(Stage.TEACHER, c, "teacher", isTrain, isTest, selection, fold, null, null);
                    yield run(Stage.STUDENT, c, "student", isTrain, isTest, selection, fold,
                            runDir("teacher", fold), null);
                }
                case "self-training" -> {
                    run(Stage.SUPERVISED, cfg(c, "fine-tune", "aligned"), "fine-tuned", isTrain, isTest,
                            selection, fold, null, null);
                    yield run(Stage.SELF_TRAINING, cfg(c, "fine-tune", "aligned"), "self-training",
                            isTrain, isTest, selection, fold, null, runDir("fine-tuned", fold));
                }
                default -> throw new IllegalStateException("unknown deep condition " + id);
            };
            Map<String, float[]> byId = new HashMap<>();
            for (FusionTrainer.TestScore t : summary.testScores()) {
                byId.put(id(t.window().key(), t.window().onset()), t.probabilities());
            }
            double[][] out = new double[testIdx.length][];
            for (int i = 0; i < testIdx.length; i++) {
                WindowInfo w = store.info(testIdx[i]);
                float[] p = byId.get(id(w.key(), w.onset()));
                if (p == null) {
                    throw new IllegalStateException(id + " " + fold.path() + ": no score for test window " + w.key()
                            + " at " + w.onset() + " s");
                }
                out[i] = new double[p.length];
                for (int k = 0; k < p.length; k++) {
                    out[i][k] = p[k];
                }
            }
            return out;
        }

        private FusionTrainer.Summary run(Stage stage, FusionConfig config, String name,
                java.util.function.Predicate<WindowInfo> isTrain, java.util.function.Predicate<WindowInfo> isTest,
                String selection, Fold fold, Path teacher, Path labeller) {
            Path dir = runDir(name, fold);
            FusionTrainer.Builder b = FusionTrainer.builder().setStage(stage).setStore(s.store()).setRunDirectory(dir)
                    .setPretrained(s.pretrained()).optConfig(config).optSeed(fold.seed()).optResume(true)
                    .optKeep(keep.name().toLowerCase(Locale.ROOT)).optDevice(s.device()).optLog(s.log())
                    .optWindows(isTrain, isTest, selection).optScoreTest(true).optTransfer(s.transfer());
            if (teacher != null) {
                b.optTeacher(teacher);
            }
            if (labeller != null) {
                b.optPseudoLabeller(labeller);
            }
            return b.build().run();
        }
    }

    /** The folder of condition {@code name}'s run on {@code fold}. */
    private Path runDir(String name, WindowClassifier.Fold fold) {
        return s.runs().resolve(name).resolve(fold.path());
    }

    private static FusionConfig cfg(FusionConfig c, String encoders, String init) {
        return c.with("encoders", encoders).with("encoder_init", init);
    }

    private static WindowRef ref(WindowInfo w) {
        return new WindowRef(w.key(), w.onset(), w.start(), w.end(), w.label());
    }

    /** SHA-256 of the training and test window ids: the fold's selection, recorded in each run's configuration. */
    private static String digest(TreeSet<String> train, TreeSet<String> test) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String t : train) {
                md.update(("train " + t + "\n").getBytes(StandardCharsets.UTF_8));
            }
            for (String t : test) {
                md.update(("test " + t + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
