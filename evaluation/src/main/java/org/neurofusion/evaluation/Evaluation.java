package org.neurofusion.evaluation;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.Splits;
import org.neurofusion.datasets.WindowRef;
import org.neurofusion.datasets.store.WindowStore;

/**
 * Runs classical baselines under a benchmark protocol and writes {@code results.csv} and {@code summary.md}.
 * {@code within}: per subject, a classifier trained on that subject's windows, repeated chronological
 * k-fold ({@link Splits#withinSubjectShuffledChronological}), one seed per repetition ({@code seed + r}).
 * {@code loso}: leave-one-subject-out, deterministic, so it runs once (repetitions and folds are ignored).
 * Every fold passes the {@link LeakageGuard} before anything is fitted.
 */
public final class Evaluation {
    /** The benchmark protocols. */
    public enum Protocol {
        WITHIN, LOSO;

        /** The lower-case name used on the command line and in results. */
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The protocol of this name ({@code within} or {@code loso}). */
        public static Protocol parse(String s) {
            for (Protocol p : values()) {
                if (p.id().equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown protocol '" + s + "'; known: [within, loso]");
        }
    }

    /** What a run produced: the rows and where they were written. */
    public record Result(List<ResultRow> rows, Path resultsCsv, Path summaryMd) {
        public Result {
            rows = List.copyOf(rows);
        }
    }

    private final List<Condition> conditions;
    private final Protocol protocol;
    private final String task;
    private final int repetitions;
    private final int folds;
    private final int blocksPerFold;
    private final long seed;
    private final double gapSeconds;
    private final ProgressListener progress;

    private Evaluation(Builder b) {
        this.conditions = List.copyOf(b.conditions);
        this.protocol = b.protocol;
        this.task = b.task;
        this.repetitions = b.repetitions;
        this.folds = b.folds;
        this.blocksPerFold = b.blocksPerFold;
        this.seed = b.seed;
        this.gapSeconds = b.gapSeconds;
        this.progress = b.progress;
    }

    /** A builder; conditions, protocol and task are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs on every window of a store (loaded into memory: the classical baselines need them all at once). */
    public Result run(WindowStore store, Path outputDirectory) {
        List<PairedWindow> windows = new ArrayList<>(store.size());
        for (int i = 0; i < store.size(); i++) {
            windows.add(store.window(i));
        }
        return run(windows, outputDirectory);
    }

    /**
     * Runs every condition on every fold and writes {@code results.csv} and {@code summary.md} into
     * {@code outputDirectory} (created if needed).
     *
     * @throws IllegalArgumentException for unlabelled windows, windows lacking what a condition reads, one
     *                                  subject under LOSO, or a training fold with a single class
     */
    public Result run(List<PairedWindow> windows, Path outputDirectory) {
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows to evaluate");
        }
        checkInputs(windows);
        List<WindowRef> refs = windows.stream().map(Blocks::ref).toList();
        int classes = (int) windows.stream().mapToInt(w -> w.label().getAsInt()).distinct().count();
        if (classes < 2) {
            throw new IllegalArgumentException("all windows carry the same label; classification needs two classes");
        }
        List<Job> jobs = jobs(refs);
        int total = jobs.size() * conditions.size();
        int done = 0;
        List<ResultRow> rows = new ArrayList<>();
        for (Job job : jobs) {
            LeakageGuard.check(refs, job.fold, gapSeconds);
            List<PairedWindow> train = Arrays.stream(job.fold.train()).mapToObj(windows::get).toList();
            List<PairedWindow> test = Arrays.stream(job.fold.test()).mapToObj(windows::get).toList();
            int[] truth = test.stream().mapToInt(w -> w.label().getAsInt()).toArray();
            for (Condition c : conditions) {
                String what = "sub-" + job.subject + " fold " + job.index + " seed " + job.seed + " " + c.id();
                WindowClassifier.Trained model;
                try {
                    model = c.classifier().fit(train);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
                }
                double[][] scores = model.scores(test);
                int[] predicted = model.predict(test);
                rows.add(new ResultRow(job.subject, job.index, job.seed, protocol.id(), task, c.id(), c.modalities(),
                        train.size(), Metrics.of(truth, predicted, scores, model.classes())));
                progress.progress(++done, total, what);
            }
        }
        Report report = new Report(rows, classes, protocol == Protocol.WITHIN ? repetitions + " × " + folds
                + "-fold chronological (" + blocksPerFold + " blocks per fold, gap " + gapSeconds + " s)"
                : "leave-one-subject-out", seed);
        return new Result(rows, report.writeCsv(outputDirectory), report.writeSummary(outputDirectory));
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
                    throw new IllegalArgumentException("condition " + c.id() + " needs " + c.modalities() + ": "
                            + e.getMessage(), e);
                }
            }
        }
        if (protocol == Protocol.LOSO) {
            TreeSet<String> subjects = new TreeSet<>();
            windows.forEach(w -> subjects.add(w.subject()));
            if (subjects.size() < 2) {
                throw new IllegalArgumentException("leave-one-subject-out needs at least two subjects, the windows"
                        + " hold only " + subjects);
            }
        }
    }

    /** One fit per job and condition: a subject's train and test windows in one fold of one repetition. */
    private record Job(String subject, int index, long seed, Splits.Fold fold) {
    }

    private List<Job> jobs(List<WindowRef> refs) {
        List<Job> jobs = new ArrayList<>();
        if (protocol == Protocol.LOSO) {
            List<Splits.Fold> loso = Splits.leaveOneSubjectOut(refs);
            for (int f = 0; f < loso.size(); f++) {
                String subject = refs.get(loso.get(f).test()[0]).key().subject();
                jobs.add(new Job(subject, f, seed, loso.get(f)));
            }
            return jobs;
        }
        TreeMap<String, List<Integer>> bySubject = new TreeMap<>();
        for (int i = 0; i < refs.size(); i++) {
            bySubject.computeIfAbsent(refs.get(i).key().subject(), s -> new ArrayList<>()).add(i);
        }
        for (int r = 0; r < repetitions; r++) {
            long s = seed + r;
            List<Splits.Fold> all = Splits.withinSubjectShuffledChronological(refs, folds, blocksPerFold, s,
                    gapSeconds);
            for (String subject : bySubject.keySet()) {
                LinkedHashSet<Integer> mine = new LinkedHashSet<>(bySubject.get(subject));
                for (int f = 0; f < all.size(); f++) {
                    // within-subject: the subject's own windows only, train and test alike
                    Splits.Fold fold = all.get(f);
                    int[] train = Arrays.stream(fold.train()).filter(mine::contains).toArray();
                    int[] test = Arrays.stream(fold.test()).filter(mine::contains).toArray();
                    jobs.add(new Job(subject, f, s, new Splits.Fold("sub-" + subject + " " + fold.name(), train,
                            test)));
                }
            }
        }
        return jobs;
    }

    /** Builds an {@link Evaluation}: {@code setX} for required settings, {@code optX} for optional ones. */
    public static final class Builder {
        private List<Condition> conditions;
        private Protocol protocol;
        private String task;
        private int repetitions = 10;
        private int folds = 5;
        private int blocksPerFold = 2;
        private long seed;
        private double gapSeconds;
        private ProgressListener progress = ProgressListener.none();

        private Builder() {
        }

        /** The conditions by name ({@code eeg-csp}, {@code fnirs-hbr}, {@code fnirs-hbo}, {@code hybrid}). */
        public Builder setConditions(List<String> names) {
            if (names.isEmpty()) {
                throw new IllegalArgumentException("at least one condition is needed");
            }
            this.conditions = names.stream().map(Condition::parse).distinct().toList();
            return this;
        }

        /** {@code within} or {@code loso}. */
        public Builder setProtocol(String name) {
            this.protocol = Protocol.parse(name);
            return this;
        }

        /** The task label written into the results (e.g. {@code mi}). */
        public Builder setTask(String task) {
            this.task = task;
            return this;
        }

        /** Repetitions of the within-subject cross-validation (default 10). */
        public Builder optRepetitions(int repetitions) {
            this.repetitions = repetitions;
            return this;
        }

        /** Folds of the within-subject cross-validation (default 5). */
        public Builder optFolds(int folds) {
            this.folds = folds;
            return this;
        }

        /** Chronological blocks dealt to each fold (default 2; 1 makes every repetition the same split). */
        public Builder optBlocksPerFold(int blocksPerFold) {
            this.blocksPerFold = blocksPerFold;
            return this;
        }

        /** The base seed (default 0); repetition r uses {@code seed + r}. */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Training windows of a run must lie this far (seconds) from test windows (default 0: no overlap). */
        public Builder optGapSeconds(double gapSeconds) {
            this.gapSeconds = gapSeconds;
            return this;
        }

        /** Told after each fit. */
        public Builder optProgress(ProgressListener progress) {
            this.progress = java.util.Objects.requireNonNull(progress, "progress");
            return this;
        }

        /** The evaluation; fails naming the setting that is missing or out of range. */
        public Evaluation build() {
            if (conditions == null || protocol == null || task == null || task.isBlank()) {
                throw new IllegalArgumentException("conditions, protocol and task are required");
            }
            if (repetitions < 1 || folds < 2 || blocksPerFold < 1) {
                throw new IllegalArgumentException("need repetitions >= 1, folds >= 2, blocksPerFold >= 1; got "
                        + repetitions + ", " + folds + ", " + blocksPerFold);
            }
            if (!(gapSeconds >= 0) || Double.isInfinite(gapSeconds)) {
                throw new IllegalArgumentException("the gap must be finite and >= 0, got " + gapSeconds);
            }
            return new Evaluation(this);
        }
    }
}
