package org.neurofusion.evaluation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.neurofusion.datasets.Splits;
import org.neurofusion.datasets.WindowRef;

/**
 * How windows are split into training and test folds. {@link WithinSubject}: per subject, a classifier trained on
 * that subject's windows, repeated chronological k-fold ({@link Splits#withinSubjectShuffledChronological}), one
 * seed per repetition ({@code seed + r}). {@link LeaveOneSubjectOut}: train on all subjects but one, test on it;
 * deterministic, so it runs once. {@link FewShot}: leave one subject out, with {@code k} labelled trials per class of
 * the held-out subject added to training as calibration (the learning curve a BCI user asks for).
 */
public sealed interface Protocol permits Protocol.WithinSubject, Protocol.LeaveOneSubjectOut, Protocol.FewShot {
    /** The name on the command line and in results ({@code within}, {@code loso}). */
    String id();

    /** One line saying how folds are made, for reports. */
    String design();

    /** Training windows of a run must lie this far (seconds) from its test windows. */
    double gapSeconds();

    /**
     * Every fit to run: the folds of each subject (within) or each held-out subject (LOSO).
     *
     * @throws IllegalArgumentException when the windows cannot be split this way (e.g. one subject under LOSO)
     */
    List<Fold> folds(List<WindowRef> refs, long seed);

    /** One fit: a subject's (or a held-out subject's) train and test windows in one fold of one repetition. */
    record Fold(String subject, int index, long seed, Splits.Fold split) {
    }

    /**
     * The protocol of this id with the usual settings: {@code within} with {@code repetitions} × {@code folds}
     * folds of 2 blocks and no gap, or {@code loso}.
     *
     * @throws IllegalArgumentException naming the known protocols
     */
    static Protocol parse(String id, int repetitions, int folds) {
        String key = id.trim().toLowerCase(java.util.Locale.ROOT);
        if (key.startsWith("fewshot-")) {
            try {
                return new FewShot(Integer.parseInt(key.substring("fewshot-".length())), repetitions, 0);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("few-shot protocol '" + id + "': expected fewshot-K, K the"
                        + " calibration trials per class (e.g. fewshot-5)");
            }
        }
        return switch (key) {
            case "within" -> new WithinSubject(repetitions, folds, 2, 0);
            case "loso" -> new LeaveOneSubjectOut();
            default -> throw new IllegalArgumentException("unknown protocol '" + id + "'; known: [within, loso,"
                    + " fewshot-K]");
        };
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
        public List<Fold> folds(List<WindowRef> refs, long seed) {
            TreeMap<String, List<Integer>> bySubject = new TreeMap<>();
            for (int i = 0; i < refs.size(); i++) {
                bySubject.computeIfAbsent(refs.get(i).key().subject(), s -> new ArrayList<>()).add(i);
            }
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
        public List<Fold> folds(List<WindowRef> refs, long seed) {
            TreeSet<String> subjects = new TreeSet<>();
            refs.forEach(r -> subjects.add(r.key().subject()));
            if (subjects.size() < 2) {
                throw new IllegalArgumentException("leave-one-subject-out needs at least two subjects, the windows"
                        + " hold only " + subjects);
            }
            List<Splits.Fold> loso = Splits.leaveOneSubjectOut(refs);
            List<Fold> out = new ArrayList<>();
            for (int f = 0; f < loso.size(); f++) {
                out.add(new Fold(refs.get(loso.get(f).test()[0]).key().subject(), f, seed, loso.get(f)));
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
        public List<Fold> folds(List<WindowRef> refs, long seed) {
            if (perClass == 0) {
                return new LeaveOneSubjectOut().folds(refs, seed);
            }
            TreeSet<String> subjects = new TreeSet<>();
            refs.forEach(r -> subjects.add(r.key().subject()));
            if (subjects.size() < 2) {
                throw new IllegalArgumentException("few-shot calibration needs at least two subjects, the windows"
                        + " hold only " + subjects);
            }
            List<Fold> out = new ArrayList<>();
            for (int r = 0; r < repetitions; r++) {
                int f = 0;
                for (String subject : subjects) {
                    out.add(new Fold(subject, f++, seed + r, Splits.fewShot(refs, subject, perClass, seed + r,
                            gapSeconds)));
                }
            }
            return out;
        }
    }
}
