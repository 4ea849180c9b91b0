package org.neurofusion.evaluation;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Provenance;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.WindowRef;
import org.neurofusion.datasets.store.WindowStore;

/**
 * Runs conditions under a {@link Protocol}: every condition is fitted on every training fold and scored once on
 * its test fold, giving one {@link ResultRow} per test subject of the fold (k-fold by subject tests several). Every
 * fold passes the {@link LeakageGuard} before anything is fitted. The protocol can run from several base seeds
 * ({@link Builder#optSeeds}), on some test subjects only ({@link Builder#optTestSubjects}), and resume from the folds
 * a former, interrupted run recorded ({@link Builder#optResume}). {@link #run} returns the rows with their
 * provenance; {@link EvaluationReport} writes them.
 */
public final class Evaluation {
    private final List<Condition> conditions;
    private final Protocol protocol;
    private final String task;
    private final long seed;
    private final int seeds;
    private final SortedSet<String> testSubjects;
    private final Path resume;
    private final ProgressListener progress;
    private final Provenance inputs;

    private Evaluation(Builder b) {
        this.conditions = List.copyOf(b.conditions.values());
        this.protocol = b.protocol;
        this.task = b.task;
        this.seed = b.seed;
        this.seeds = b.seeds;
        this.testSubjects = b.testSubjects == null ? null : Collections.unmodifiableSortedSet(new TreeSet<>(
                b.testSubjects));
        this.resume = b.resume;
        this.progress = b.progress;
        this.inputs = b.inputs;
    }

    /** A builder; at least one condition, the protocol and the task are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs on every window of a store (loaded into memory: the classical baselines need them all at once); the
     * store's provenance becomes the inputs of the result's.
     */
    public EvaluationResult run(WindowStore store) {
        return run(store.windows(), store.provenance());
    }

    /**
     * Runs every condition on every fold of every base seed ({@code seed + i × protocol.repetitions()} for seed i, so
     * that no two repetitions share a fold seed), skipping the folds a resumed run finished before.
     *
     * @throws IllegalArgumentException for unlabelled windows, windows lacking what a condition reads, one
     *                                  subject under LOSO, a training fold with a single class, test subjects none
     *                                  of which the windows hold, or a resume folder holding another evaluation
     */
    public EvaluationResult run(List<PairedWindow> windows) {
        return run(windows, inputs);
    }

    private EvaluationResult run(List<PairedWindow> windows, Provenance upstream) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows to evaluate");
        }
        checkInputs(windows);
        List<WindowRef> refs = windows.stream().map(Blocks::ref).toList();
        int classes = (int) windows.stream().mapToInt(w -> w.label().getAsInt()).distinct().count();
        if (classes < 2) {
            throw new IllegalArgumentException("all windows carry the same label; classification needs two classes");
        }
        Predicate<String> tested = tested(refs);
        List<Protocol.Fold> folds = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            folds.addAll(protocol.folds(refs, seed + (long) i * protocol.repetitions(), tested));
        }
        String checksum = checksum(windows);
        FoldJournal journal = resume == null ? null : FoldJournal.open(resume, settings(checksum));
        Map<String, String> modalities = new LinkedHashMap<>();
        conditions.forEach(c -> modalities.put(c.id(), c.modalities()));
        int total = 0;
        for (Protocol.Fold job : folds) {
            for (Condition c : conditions) {
                total += journal != null && journal.finished(c.id(), job) != null ? 0 : 1;
            }
        }
        int done = 0;
        List<ResultRow> rows = new ArrayList<>();
        for (Protocol.Fold job : folds) {
            LeakageGuard.check(refs, job.split(), protocol.gapSeconds());
            // the tested subjects' test windows, and where each subject's lie among them
            List<PairedWindow> test = new ArrayList<>();
            TreeMap<String, List<Integer>> bySubject = new TreeMap<>();
            for (int i : job.split().test()) {
                String subject = refs.get(i).key().subject();
                if (tested.test(subject)) {
                    bySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(test.size());
                    test.add(windows.get(i));
                }
            }
            if (test.isEmpty()) {
                throw new IllegalArgumentException("fold '" + job.split().name() + "' has no test windows");
            }
            List<PairedWindow> train = null;
            for (Condition c : conditions) {
                List<ResultRow> stored = journal == null ? null : journal.finished(c.id(), job);
                if (stored != null) {
                    rows.addAll(stored);
                    continue;
                }
                if (train == null) {
                    train = Arrays.stream(job.split().train()).mapToObj(windows::get).toList();
                }
                String what = "sub-" + job.subject() + " fold " + job.index() + " seed " + job.seed() + " " + c.id();
                List<ResultRow> fitted = fitAndScore(c, job, train, test, bySubject, modalities.get(c.id()), what);
                if (journal != null) {
                    journal.append(c.id(), job, fitted);
                }
                rows.addAll(fitted);
                progress.progress(++done, total, what);
            }
        }
        return new EvaluationResult(rows, task, protocol, classes, seed, seeds, provenance(checksum, upstream));
    }

    /** Fits one condition on a fold's training windows, scores its test windows once, one row per test subject. */
    private List<ResultRow> fitAndScore(Condition c, Protocol.Fold job, List<PairedWindow> train,
            List<PairedWindow> test, Map<String, List<Integer>> bySubject, String modalities, String what) {
        WindowClassifier classifier = c.classifier();
        WindowClassifier.Trained model;
        try {
            model = classifier.fit(train, new WindowClassifier.Fold(c.id(), protocol.id(), job.subject(), job.index(),
                    job.seed()));
        } catch (org.apache.commons.math3.exception.MathIllegalArgumentException e) {
            // a numerical library refusing a matrix the fit built is a failure of the fit, not of the user's input
            // (Commons Math's exceptions extend IllegalArgumentException, which commands report as usage errors)
            throw new IllegalStateException(what + ": the fit failed numerically: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
        }
        double[][] scores = model.scores(test);
        int[] predicted = WindowClassifier.argmax(scores, model.classes());
        int kShot = protocol instanceof Protocol.FewShot fs ? fs.perClass()
                : protocol instanceof Protocol.WithinSubject ? -1 : 0;
        List<ResultRow> out = new ArrayList<>();
        for (Map.Entry<String, List<Integer>> e : bySubject.entrySet()) {
            int[] at = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            int[] truth = Arrays.stream(at).map(i -> test.get(i).label().getAsInt()).toArray();
            int[] mine = Arrays.stream(at).map(i -> predicted[i]).toArray();
            double[][] myScores = Arrays.stream(at).mapToObj(i -> scores[i]).toArray(double[][]::new);
            out.add(new ResultRow(e.getKey(), job.index(), job.seed(), protocol.id(), task, c.id(), modalities,
                    train.size(), Metrics.of(truth, mine, myScores, model.classes()), kShot, classifier.pretrained()));
        }
        return out;
    }

    /** Which subjects are tested: all, or those of {@link Builder#optTestSubjects}, at least one of them present. */
    private Predicate<String> tested(List<WindowRef> refs) {
        if (testSubjects == null) {
            return subject -> true;
        }
        TreeSet<String> present = new TreeSet<>();
        refs.forEach(r -> present.add(r.key().subject()));
        if (testSubjects.stream().noneMatch(present::contains)) {
            throw new IllegalArgumentException("none of the test subjects " + testSubjects + " is among the windows'"
                    + " subjects " + present);
        }
        return testSubjects::contains;
    }

    /** What must match for a resumed run to reuse stored rows. */
    private FoldJournal.Settings settings(String checksum) {
        return new FoldJournal.Settings(checksum, task, protocol.id(), protocol.design(), seed, seeds,
                conditions.stream().map(Condition::id).toList(),
                testSubjects == null ? List.of() : List.copyOf(testSubjects));
    }

    /** The upstream inputs, the windows' own checksum, and every setting that shaped the rows. */
    private Provenance provenance(String checksum, Provenance upstream) {
        Provenance.Builder b = Provenance.builder();
        if (upstream != null) {
            upstream.inputs().forEach(b::addInputChecksum);
            upstream.configuration().forEach((k, v) -> b.addConfiguration("upstream." + k, v));
        }
        b.addInputChecksum("windows", checksum);
        b.addConfiguration("task", task);
        b.addConfiguration("protocol", protocol.id() + ": " + protocol.design());
        b.addConfiguration("seed", Long.toString(seed));
        b.addConfiguration("seeds", Integer.toString(seeds));
        if (testSubjects != null) {
            b.addConfiguration("test_subjects", String.join(",", testSubjects));
        }
        b.addConfiguration("conditions", String.join(",", conditions.stream().map(Condition::id).toList()));
        return b.build();
    }

    /** SHA-256 over each window's key, onset, label and samples, in order. */
    static String checksum(List<PairedWindow> windows) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (PairedWindow w : windows) {
            md.update((w.key() + "@" + w.onset() + "#" + w.label()).getBytes(StandardCharsets.UTF_8));
            for (Map.Entry<Modality, SignalBlock> e : w.blocks().entrySet()) {
                md.update(e.getKey().name().getBytes(StandardCharsets.US_ASCII));
                for (float v : e.getValue().data()) {
                    if (!buf.hasRemaining()) {
                        md.update(buf.array(), 0, buf.position());
                        buf.clear();
                    }
                    buf.putFloat(v);
                }
                md.update(buf.array(), 0, buf.position());
                buf.clear();
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Labels present, and everything each condition reads present, naming what is missing. */
    private void checkInputs(List<PairedWindow> windows) {
        List<String> unlabelled = new ArrayList<>();
        int count = 0;
        for (PairedWindow w : windows) {
            if (w.label().isEmpty()) {
                if (unlabelled.size() < 5) {
                    unlabelled.add(w.key() + " at " + w.onset() + " s");
                }
                count++;
            }
        }
        if (count > 0) {
            throw new IllegalArgumentException(count + " of " + windows.size() + " windows have no label (task '"
                    + task + "'), e.g. " + unlabelled);
        }
        for (Condition c : conditions) {
            WindowClassifier classifier = c.classifier();
            for (PairedWindow w : windows) {
                try {
                    classifier.check(w);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("condition " + c.id() + " needs "
                            + Condition.modalities(classifier) + ": " + e.getMessage(), e);
                }
            }
        }
    }

    /** Builds an {@link Evaluation}: {@code setX} and {@code addX} for required settings, {@code optX} for optional ones. */
    public static final class Builder {
        private final Map<String, Condition> conditions = new LinkedHashMap<>();
        private Protocol protocol;
        private String task;
        private long seed;
        private int seeds = 1;
        private Set<String> testSubjects;
        private Path resume;
        private ProgressListener progress = ProgressListener.none();
        private Provenance inputs;

        private Builder() {
        }

        /**
         * Adds a condition: an id for the results and a factory of fresh classifiers.
         *
         * @throws IllegalArgumentException when the id is taken or malformed
         */
        public Builder addCondition(String id, Supplier<? extends WindowClassifier> factory) {
            return addCondition(new Condition(id, factory));
        }

        /** Adds a condition (from a {@link ConditionRegistry}). */
        public Builder addCondition(Condition condition) {
            if (conditions.putIfAbsent(condition.id(), condition) != null) {
                throw new IllegalArgumentException("condition '" + condition.id() + "' is added twice");
            }
            return this;
        }

        /**
         * Adds the conditions of these ids from {@code registry}, skipping repeats.
         *
         * @throws IllegalArgumentException naming the known conditions when an id is unknown
         */
        public Builder addConditions(List<String> ids, ConditionRegistry registry) {
            for (String id : ids) {
                Condition c = registry.condition(id);
                conditions.putIfAbsent(c.id(), c);
            }
            return this;
        }

        /** How folds are made. */
        public Builder setProtocol(Protocol protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /** The task label written into the results (e.g. {@code mi}). */
        public Builder setTask(String task) {
            this.task = task;
            return this;
        }

        /** The base seed (default 0); repetition r of the protocol (within, few-shot, k-fold) uses {@code seed + r}. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Runs the protocol from {@code n} base seeds (default 1): seed i starts at {@code seed + i ×
         * protocol.repetitions()}, so every repetition of every seed has its own fold seed (under
         * leave-one-subject-out, whose folds do not depend on the seed, {@code seed}, {@code seed + 1}, ...: a
         * classifier that seeds itself from {@link WindowClassifier.Fold#seed()} trains differently in each). Rows of
         * all seeds are returned.
         *
         * @throws IllegalArgumentException when {@code n < 1}
         */
        public Builder optSeeds(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("an evaluation runs at least one seed, got " + n);
            }
            this.seeds = n;
            return this;
        }

        /**
         * Tests only these subjects (as {@code RecordingKey.subject()} names them, without {@code sub-}): the folds
         * that test none of them are not run, and a fold that tests several subjects (k-fold by subject) gives rows
         * for these only; the other subjects' windows still train. Use it when a pre-trained model saw some subjects'
         * labels: they must never be tested. Every condition runs on the same folds, so comparisons stay paired.
         * {@link #run} fails naming the windows' subjects when none of these is among them.
         *
         * @throws IllegalArgumentException when the set is empty
         */
        public Builder optTestSubjects(Set<String> subjects) {
            if (subjects.isEmpty()) {
                throw new IllegalArgumentException("no test subjects given: leave optTestSubjects out to test all");
            }
            this.testSubjects = new TreeSet<>(subjects);
            return this;
        }

        /**
         * Records every finished (condition, fold) in {@code dir} ({@code evaluation.json} with the settings,
         * {@code folds.jsonl} with the rows, each fold's line on disk before the next fit) and, when {@code dir}
         * already holds a record of the same evaluation (the windows' checksum, task, protocol, seed, seeds,
         * conditions and test subjects), reuses its rows instead of fitting those folds again: the result equals that
         * of an uninterrupted run. A record of another evaluation makes {@link #run} fail naming what differs.
         */
        public Builder optResume(Path dir) {
            this.resume = Objects.requireNonNull(dir, "dir");
            return this;
        }

        /**
         * Told after each fit; the total counts the fits this run performs (folds reused by {@link #optResume} are
         * not counted).
         */
        public Builder optProgress(ProgressListener progress) {
            this.progress = Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** Where the windows given to {@link #run(List)} came from (their files' checksums and settings). */
        public Builder optInputs(Provenance inputs) {
            this.inputs = inputs;
            return this;
        }

        /** The evaluation; fails naming the setting that is missing. */
        public Evaluation build() {
            if (conditions.isEmpty() || protocol == null || task == null || task.isBlank()) {
                throw new IllegalArgumentException("at least one condition, the protocol and the task are required");
            }
            return new Evaluation(this);
        }
    }
}
