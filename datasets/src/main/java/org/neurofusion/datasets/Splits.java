package org.neurofusion.datasets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Train/test splits that cannot leak: by subject (leave-one-subject-out, k-fold over subjects), within a
 * subject by chronological blocks (training windows that overlap or come within a gap of a test window of
 * the same run are left out), and few-shot calibration (k labelled trials per class of the test subject).
 * "Overlap" and "gap" are measured between {@link WindowRef} spans, which cover every modality's true extent on
 * the reference clock ({@link WindowRef#of(PairedWindow)}, {@code WindowInfo.ref()}), not just the onset.
 */
public final class Splits {
    private Splits() {
    }

    /** One fold: indices into the window list. */
    public record Fold(String name, int[] train, int[] test) {
        public Fold {
            train = train.clone();
            test = test.clone();
        }
    }

    /** One fold per subject, tested on that subject and trained on all others. */
    public static List<Fold> leaveOneSubjectOut(List<WindowRef> windows) {
        List<Fold> folds = new ArrayList<>();
        for (String s : subjects(windows)) {
            folds.add(bySubjects("test sub-" + s, windows, List.of(s)));
        }
        return folds;
    }

    /** {@code k} folds over subjects, shuffled by {@code seed}; each subject is tested exactly once. */
    public static List<Fold> kFoldBySubject(List<WindowRef> windows, int k, long seed) {
        List<String> subjects = new ArrayList<>(subjects(windows));
        if (k < 2 || k > subjects.size()) {
            throw new IllegalArgumentException("k must be in [2, " + subjects.size() + "] (the number of subjects),"
                    + " got " + k);
        }
        Collections.shuffle(subjects, new Random(seed));
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<String> test = new ArrayList<>();
            for (int i = f; i < subjects.size(); i += k) {
                test.add(subjects.get(i));
            }
            folds.add(bySubjects("fold " + f + " of " + k, windows, test));
        }
        return folds;
    }

    /**
     * Within each subject, windows in chronological order (session, run, onset) are cut into {@code k}
     * contiguous blocks; fold f tests block f of every subject and trains on the other blocks, minus any
     * window of the same run within {@code gapSeconds} of a test window.
     */
    public static List<Fold> withinSubjectChronological(List<WindowRef> windows, int k, double gapSeconds) {
        if (k < 2) {
            throw new IllegalArgumentException("k must be at least 2, got " + k);
        }
        int[] block = new int[windows.size()];
        for (List<Integer> idx : chronologicalBySubject(windows, k).values()) {
            for (int r = 0; r < idx.size(); r++) {
                block[idx.get(r)] = (int) ((long) r * k / idx.size());
            }
        }
        return assigned(windows, block, k, gapSeconds, "block ");
    }

    /**
     * Repeated chronological cross-validation (the 10 × 5-fold of Shin et al. 2017, kept chronological):
     * within each subject, windows in chronological order are cut into {@code k × blocksPerFold}
     * contiguous blocks, and the blocks are dealt to the {@code k} folds in an order shuffled by
     * {@code seed}, {@code blocksPerFold} blocks to each fold. Training windows of the same run within
     * {@code gapSeconds} of a test window are left out. With {@code blocksPerFold = 1} a shuffle would only
     * rename the folds, so repetitions need {@code blocksPerFold >= 2} to differ.
     */
    public static List<Fold> withinSubjectShuffledChronological(List<WindowRef> windows, int k, int blocksPerFold,
            long seed, double gapSeconds) {
        if (k < 2 || blocksPerFold < 1) {
            throw new IllegalArgumentException("k must be at least 2 and blocksPerFold at least 1, got " + k + ", "
                    + blocksPerFold);
        }
        int blocks = k * blocksPerFold;
        int[] fold = new int[windows.size()];
        Random rnd = new Random(seed);
        // subjects in sorted order so that one seed gives one split whatever the input order
        for (List<Integer> idx : new java.util.TreeMap<>(chronologicalBySubject(windows, blocks)).values()) {
            List<Integer> order = new ArrayList<>();
            for (int b = 0; b < blocks; b++) {
                order.add(b);
            }
            Collections.shuffle(order, rnd);
            int[] foldOfBlock = new int[blocks];
            for (int j = 0; j < blocks; j++) {
                foldOfBlock[order.get(j)] = j % k;
            }
            for (int r = 0; r < idx.size(); r++) {
                fold[idx.get(r)] = foldOfBlock[(int) ((long) r * blocks / idx.size())];
            }
        }
        return assigned(windows, fold, k, gapSeconds, "seed " + seed + " fold ");
    }

    /** Window indices per subject in chronological order (session, run, onset); each needs {@code min} windows. */
    private static Map<String, List<Integer>> chronologicalBySubject(List<WindowRef> windows, int min) {
        Map<String, List<Integer>> bySubject = new LinkedHashMap<>();
        for (int i = 0; i < windows.size(); i++) {
            bySubject.computeIfAbsent(windows.get(i).key().subject(), s -> new ArrayList<>()).add(i);
        }
        for (List<Integer> idx : bySubject.values()) {
            idx.sort(Comparator.comparing((Integer i) -> windows.get(i).key().session())
                    .thenComparing(i -> windows.get(i).key().run()).thenComparingDouble(i -> windows.get(i).onset()));
            if (idx.size() < min) {
                throw new IllegalArgumentException("subject " + windows.get(idx.get(0)).key().subject() + " has "
                        + idx.size() + " windows, fewer than the " + min + " blocks needed");
            }
        }
        return bySubject;
    }

    /** Folds from a fold number per window: fold f tests its windows and trains on the rest minus the gap. */
    private static List<Fold> assigned(List<WindowRef> windows, int[] block, int k, double gapSeconds, String name) {
        List<Fold> folds = new ArrayList<>();
        for (int f = 0; f < k; f++) {
            List<Integer> test = new ArrayList<>();
            for (int i = 0; i < windows.size(); i++) {
                if (block[i] == f) {
                    test.add(i);
                }
            }
            List<Integer> train = new ArrayList<>();
            for (int i = 0; i < windows.size(); i++) {
                if (block[i] == f) {
                    continue;
                }
                boolean clash = false;
                for (int t : test) {
                    if (windows.get(i).near(windows.get(t), gapSeconds)) {
                        clash = true;
                        break;
                    }
                }
                if (!clash) {
                    train.add(i);
                }
            }
            folds.add(new Fold(name + f + " of " + k, ints(train), ints(test)));
        }
        return folds;
    }

    /**
     * Trains on every other subject plus {@code perClass} labelled windows of each class of the test subject
     * (chosen by {@code seed}); tests on the test subject's remaining windows, minus those within
     * {@code gapSeconds} of a calibration window.
     */
    public static Fold fewShot(List<WindowRef> windows, String testSubject, int perClass, long seed,
            double gapSeconds) {
        if (perClass < 1) {
            throw new IllegalArgumentException("perClass must be at least 1, got " + perClass);
        }
        Map<Integer, List<Integer>> byClass = new LinkedHashMap<>();
        List<Integer> train = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            WindowRef w = windows.get(i);
            if (!w.key().subject().equals(testSubject)) {
                train.add(i);
            } else if (w.label().isPresent()) {
                byClass.computeIfAbsent(w.label().getAsInt(), c -> new ArrayList<>()).add(i);
            }
        }
        if (byClass.isEmpty()) {
            throw new IllegalArgumentException("subject " + testSubject + " has no labelled windows");
        }
        Random rnd = new Random(seed);
        List<Integer> calibration = new ArrayList<>();
        for (Map.Entry<Integer, List<Integer>> e : byClass.entrySet()) {
            List<Integer> l = new ArrayList<>(e.getValue());
            if (l.size() <= perClass) {
                throw new IllegalArgumentException("subject " + testSubject + " has " + l.size() + " windows of class "
                        + e.getKey() + ", not more than perClass = " + perClass);
            }
            Collections.shuffle(l, rnd);
            calibration.addAll(l.subList(0, perClass));
        }
        List<Integer> test = new ArrayList<>();
        for (List<Integer> l : byClass.values()) {
            for (int i : l) {
                if (calibration.contains(i)) {
                    continue;
                }
                boolean clash = false;
                for (int c : calibration) {
                    if (windows.get(i).near(windows.get(c), gapSeconds)) {
                        clash = true;
                        break;
                    }
                }
                if (!clash) {
                    test.add(i);
                }
            }
        }
        train.addAll(calibration);
        Collections.sort(train);
        Collections.sort(test);
        return new Fold("few-shot sub-" + testSubject + " k=" + perClass, ints(train), ints(test));
    }

    private static Fold bySubjects(String name, List<WindowRef> windows, List<String> testSubjects) {
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < windows.size(); i++) {
            (testSubjects.contains(windows.get(i).key().subject()) ? test : train).add(i);
        }
        return new Fold(name, ints(train), ints(test));
    }

    private static TreeSet<String> subjects(List<WindowRef> windows) {
        TreeSet<String> s = new TreeSet<>();
        windows.forEach(w -> s.add(w.key().subject()));
        if (s.size() < 2) {
            throw new IllegalArgumentException("splitting by subject needs at least two subjects, found " + s);
        }
        return s;
    }

    private static int[] ints(List<Integer> l) {
        return l.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether any index appears in both train and test (for tests and assertions). */
    public static boolean overlaps(Fold f) {
        int[] a = f.train().clone();
        Arrays.sort(a);
        for (int t : f.test()) {
            if (Arrays.binarySearch(a, t) >= 0) {
                return true;
            }
        }
        return false;
    }
}
