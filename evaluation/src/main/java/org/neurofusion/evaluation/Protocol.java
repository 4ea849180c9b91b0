package org.neurofusion.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.neurofusion.datasets.Splits;
import org.neurofusion.datasets.WindowRef;

/**
 * How windows are split into training and test folds. {@link WithinSubject}: per subject, a classifier trained on
 * that subject's windows, repeated chronological k-fold ({@link Splits#withinSubjectShuffledChronological}), one
 * seed per repetition ({@code seed + r}). {@link LeaveOneSubjectOut}: train on all subjects but one, test on it;
 * deterministic, so it runs once. {@link FewShot}: leave one subject out, with {@code k} labelled trials per class of
 * the held-out subject added to training as calibration (the learning curve a BCI user asks for).
 * {@link KFoldBySubject}: subjects shuffled ({@code seed + r}) and dealt into K groups, each group tested once by a
 * classifier trained on the others (cheaper than leave-one-subject-out when fits are expensive).
 */
public sealed interface Protocol permits Protocol.WithinSubject, Protocol.LeaveOneSubjectOut, Protocol.FewShot,
        Protocol.KFoldBySubject {
    /** The name on the command line and in results: within, loso, fewshot-5, kfold-5. */
    String id();

    /** One line saying how folds are made, for reports. */
    String design();

    /** Training windows of a run must lie this far (seconds) from its test windows. */
    double gapSeconds();

    /**
     * How many fold seeds one base seed uses: {@code seed} to {@code seed + repetitions() - 1} (1 for
     * leave-one-subject-out). An evaluation over several base seeds spaces them by this, so that no two repetitions
     * share a fold seed.
     */
    int repetitions();

    /**
     * Every fit to run: the folds of each subject (within), each held-out subject (LOSO, few-shot) or each group of
     * subjects (k-fold by subject).
     *
     * @throws IllegalArgumentException when the windows cannot be split this way (e.g. one subject under LOSO)
     */
    default List<Fold> folds(List<WindowRef> refs, long seed) {
        return folds(refs, seed, subject -> true);
    }

    /**
     * The folds of {@link #folds(List, long)} that test a subject {@code tested} accepts, with the indices and seeds
     * they have there (a k-fold group is kept when any of its subjects is tested). Splits are made over every
     * window, so a tested subject's folds are the same whichever other subjects are tested; requirements that only
     * concern test subjects (few-shot calibration trials) are checked for the tested ones only.
     *
     * @throws IllegalArgumentException when the windows cannot be split this way
     */
    List<Fold> folds(List<WindowRef> refs, long seed, Predicate<String> tested);

    /**
     * One fit: the train and test windows of one fold of one repetition.
     *
     * @param subject the test subject: under {@link WithinSubject} the subject trained and tested, under
     *                {@link KFoldBySubject} the fold's test subjects, ascending, joined by {@code +}
     * @param index   the fold's index within its repetition
     * @param seed    the repetition's seed
     * @param split   indices of the training and test windows
     */
    record Fold(String subject, int index, long seed, Splits.Fold split) {
    }

    /**
     * The protocol of this id with the usual settings: {@code within} with {@code repetitions} × {@code folds}
     * folds of 2 blocks and no gap, {@code loso}, {@code fewshot-K} ({@code repetitions} draws of K calibration trials
     * per class) or {@code kfold-K} ({@code repetitions} shuffles of the subjects into K groups).
     *
     * @throws IllegalArgumentException naming the known protocols
     */
    static Protocol parse(String id, int repetitions, int folds) {
        String key = id.trim().toLowerCase(java.util.Locale.ROOT);
        if (key.startsWith("fewshot-")) {
            return new FewShot(count(id, key, "fewshot-", "K the calibration trials per class (e.g. fewshot-5)"),
                    repetitions, 0);
        }
        if (key.startsWith("kfold-")) {
            return new KFoldBySubject(count(id, key, "kfold-", "K the groups of subjects (e.g. kfold-5)"),
                    repetitions);
        }
        return switch (key) {
            case "within" -> new WithinSubject(repetitions, folds, 2, 0);
            case "loso" -> new LeaveOneSubjectOut();
            default -> throw new IllegalArgumentException("unknown protocol '" + id + "'; known: [within, loso,"
                    + " fewshot-K, kfold-K]");
        };
    }

    private static int count(String id, String key, String prefix, String meaning) {
        try {
            return Integer.parseInt(key.substring(prefix.length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("protocol '" + id + "': expected " + prefix + "K, " + meaning);
        }
    }

    /** The sorted subjects of the windows; at least two, or an error naming the protocol. */
    private static TreeSet<String> subjects(List<WindowRef> refs, String protocol) {
        TreeSet<String> subjects = new TreeSet<>();
        refs.forEach(r -> subjects.add(r.key().subject()));
        if (subjects.size() < 2) {
            throw new IllegalArgumentException(protocol + " needs at least two subjects, the windows hold only "
                    + subjects);
        }
        return subjects;
    }

    /**
     * Repeated chronological k-fold inside each subject.
     *
     * @param repetitions   repetitions, each with its own seed
     * @param folds         folds per repetition
     * @param blocksPerFold chronological blocks dealt to each fold (1 makes every repetition the same split)
     * @param gapSeconds    distance kept between training and test windows of a run
     */
    record WithinSubject(int repetitions, int folds, int blocksPerFold, double gapSeconds) implements Protocol {
        public WithinSubject {
            if (repetitions < 1 || folds < 2 || blocksPerFold < 1) {
                throw new IllegalArgumentException("need repetitions >= 1, folds >= 2, blocksPerFold >= 1; got "
                        + repetitions + ", " + folds + ", " + blocksPerFold);
            }
            if (!(gapSeconds >= 0) || Double.isInfinite(gapSeconds)) {
                throw new IllegalArgumentException("the gap must be finite and >= 0, got " + gapSeconds);
            }
        }

        @Override
        public String id() {
            return "within";
        }

        @Override
        public String design() {
            return repetitions + " × " + folds + "-fold chronological (" + blocksPerFold + " blocks per fold, gap "
                    + gapSeconds + " s)";
        }

        @Override
        public List<Fold> folds(List<WindowRef> refs, long seed, Predicate<String> tested) {
            TreeMap<String, List<Integer>> bySubject = new TreeMap<>();
            for (int i = 0; i < refs.size(); i++) {
                bySubject.computeIfAbsent(refs.get(i).key().subject(), s -> new ArrayList<>()).add(i);
            }
            bySubject.keySet().removeIf(tested.negate());
            List<Fold> out = new ArrayList<>();
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
                        out.add(new Fold(subject, f, s, new Splits.Fold("sub-" + subject + " " + fold.name(), train,
                                test)));
                    }
                }
            }
            return out;
        }
    }

    /** Leave one subject out: each subject is the test fold once. */
    record LeaveOneSubjectOut() implements Protocol {
        @Override
        public String id() {
            return "loso";
        }

        @Override
        public String design() {
            return "leave-one-subject-out";
        }

        @Override
        public double gapSeconds() {
            return 0;
        }

        @Override
        public int repetitions() {
            return 1;
        }

        @Override
        public List<Fold> folds(List<WindowRef> refs, long seed, Predicate<String> tested) {
            subjects(refs, "leave-one-subject-out");
            List<Splits.Fold> loso = Splits.leaveOneSubjectOut(refs);
            List<Fold> out = new ArrayList<>();
            for (int f = 0; f < loso.size(); f++) {
                String subject = refs.get(loso.get(f).test()[0]).key().subject();
                if (tested.test(subject)) {
                    out.add(new Fold(subject, f, seed, loso.get(f)));
                }
            }
            return out;
        }
    }

    /**
     * Leave one subject out with calibration: for each held-out subject and repetition, {@code perClass} of its
     * labelled windows per class (drawn by {@code seed + r}) join the training windows, and the rest of its windows,
     * less those within {@code gapSeconds} of a calibration window, are the test ({@link Splits#fewShot}). With
     * {@code perClass} 0 it is leave-one-subject-out, run once.
     *
     * @param perClass calibration trials per class of the held-out subject (0, 5, 10, 20 ...)
     * @param repetitions draws of the calibration trials
     * @param gapSeconds distance kept between calibration and test windows
     */
    record FewShot(int perClass, int repetitions, double gapSeconds) implements Protocol {
        public FewShot {
            if (perClass < 0 || repetitions < 1) {
                throw new IllegalArgumentException("few-shot needs perClass >= 0 and repetitions >= 1; got " + perClass
                        + ", " + repetitions);
            }
            if (!(gapSeconds >= 0) || Double.isInfinite(gapSeconds)) {
                throw new IllegalArgumentException("the gap must be finite and >= 0, got " + gapSeconds);
            }
        }

        @Override
        public String id() {
            return "fewshot-" + perClass;
        }

        @Override
        public String design() {
            return "leave-one-subject-out with " + perClass + " calibration trials per class of the held-out subject"
                    + (perClass > 0 ? " (" + repetitions + " draws, gap " + gapSeconds + " s)" : "");
        }

        @Override
        public List<Fold> folds(List<WindowRef> refs, long seed, Predicate<String> tested) {
            if (perClass == 0) {
                return new LeaveOneSubjectOut().folds(refs, seed, tested);
            }
            TreeSet<String> subjects = subjects(refs, "few-shot calibration");
            checkTrials(refs, subjects, tested);
            List<Fold> out = new ArrayList<>();
            for (int r = 0; r < repetitions; r++) {
                int f = 0;
                for (String subject : subjects) {
                    if (tested.test(subject)) {
                        out.add(new Fold(subject, f, seed + r, Splits.fewShot(refs, subject, perClass, seed + r,
                                gapSeconds)));
                    }
                    f++;
                }
            }
            return out;
        }

        /**
         * Every tested subject holds more than {@code perClass} labelled trials of every class of the windows
         * ({@code perClass} to calibrate, at least one to test); otherwise an error naming each short subject, class
         * and count, before any fold is made.
         */
        private void checkTrials(List<WindowRef> refs, TreeSet<String> subjects, Predicate<String> tested) {
            TreeMap<String, TreeMap<Integer, Integer>> counts = new TreeMap<>();
            TreeSet<Integer> classes = new TreeSet<>();
            for (WindowRef w : refs) {
                if (w.label().isPresent()) {
                    classes.add(w.label().getAsInt());
                    counts.computeIfAbsent(w.key().subject(), s -> new TreeMap<>()).merge(w.label().getAsInt(), 1,
                            Integer::sum);
                }
            }
            List<String> shortfalls = new ArrayList<>();
            for (String subject : subjects) {
                if (!tested.test(subject)) {
                    continue;
                }
                List<String> lacking = new ArrayList<>();
                for (int c : classes) {
                    int n = counts.getOrDefault(subject, new TreeMap<>()).getOrDefault(c, 0);
                    if (n <= perClass) {
                        lacking.add(n + " of class " + c);
                    }
                }
                if (!lacking.isEmpty()) {
                    shortfalls.add("sub-" + subject + " has " + String.join(", ", lacking));
                }
            }
            if (!shortfalls.isEmpty()) {
                throw new IllegalArgumentException(id() + " needs more than " + perClass + " labelled trials of each"
                        + " class from every held-out subject (" + perClass + " to calibrate, at least one to test): "
                        + String.join("; ", shortfalls));
            }
        }
    }

    /**
     * K-fold by subject: for each repetition r the subjects (sorted) are shuffled by {@code seed + r} and dealt in
     * turn into {@code folds} groups ({@link Splits#kFoldBySubject}); fold f trains on every window of the other groups
     * and tests every window of group f. K is capped at the number of subjects (then it is leave-one-subject-out in a
     * shuffled order); the id keeps the K asked for.
     *
     * @param folds       groups of subjects (K, at least 2)
     * @param repetitions shuffles of the subjects, each with its own seed
     */
    record KFoldBySubject(int folds, int repetitions) implements Protocol {
        public KFoldBySubject {
            if (folds < 2 || repetitions < 1) {
                throw new IllegalArgumentException("k-fold by subject needs folds >= 2 and repetitions >= 1; got "
                        + folds + ", " + repetitions);
            }
        }

        @Override
        public String id() {
            return "kfold-" + folds;
        }

        @Override
        public String design() {
            return repetitions + " × " + folds + "-fold by subject: subjects shuffled by seed + r into " + folds
                    + " groups, each tested once by a model trained on the others";
        }

        @Override
        public double gapSeconds() {
            return 0;
        }

        @Override
        public List<Fold> folds(List<WindowRef> refs, long seed, Predicate<String> tested) {
            int k = Math.min(folds, subjects(refs, "k-fold by subject").size());
            List<Fold> out = new ArrayList<>();
            for (int r = 0; r < repetitions; r++) {
                List<Splits.Fold> split = Splits.kFoldBySubject(refs, k, seed + r);
                for (int f = 0; f < split.size(); f++) {
                    TreeSet<String> test = new TreeSet<>();
                    Arrays.stream(split.get(f).test()).forEach(i -> test.add(refs.get(i).key().subject()));
                    if (test.stream().anyMatch(tested)) {
                        out.add(new Fold(String.join("+", test), f, seed + r, split.get(f)));
                    }
                }
            }
            return out;
        }
    }
}
