package org.neurofusion.alignment.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SubjectProbeTest {
    /** 4 subjects × runsPerSubject runs × 30 windows of 6-D Gaussians, subject means {@code separation} apart. */
    private static Object[] cohort(double separation, int runsPerSubject, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<double[]> x = new ArrayList<>();
        List<String> subjects = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        List<Double> starts = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            for (int r = 0; r < runsPerSubject; r++) {
                for (int w = 0; w < 30; w++) {
                    double[] row = new double[6];
                    for (int j = 0; j < row.length; j++) {
                        row[j] = random.nextGaussian() + (j == s ? separation : 0);
                    }
                    x.add(row);
                    subjects.add("sub-" + s);
                    runs.add("run-" + r); // the same run labels in every subject: groups are per subject
                    starts.add(2.0 * w);
                }
            }
        }
        return new Object[] {x.toArray(double[][]::new), subjects, runs,
            starts.stream().mapToDouble(Double::doubleValue).toArray()};
    }

    private static SubjectProbe.Result probe(SubjectProbe p, Object[] c) {
        @SuppressWarnings("unchecked")
        SubjectProbe.Result r = p.evaluate((double[][]) c[0], (List<String>) c[1], (List<String>) c[2],
                (double[]) c[3]);
        return r;
    }

    @Test
    void separableSubjectsAreRecognised() {
        SubjectProbe.Result r = probe(SubjectProbe.builder().build(), cohort(8, 3, 1));
        assertEquals(SubjectProbe.Folding.GROUPS, r.folding());
        assertEquals(3, r.folds()); // min(5, 3 runs per subject)
        assertEquals(0.25, r.chance(), 1e-15);
        assertEquals(4, r.subjects());
        assertEquals(360, r.windows());
        assertTrue(r.accuracy() > 0.98, r.toString());
        assertTrue(!r.withinChance(0.01));
    }

    @Test
    void identicalDistributionsStayAtChance() {
        SubjectProbe.Result r = probe(SubjectProbe.builder().build(), cohort(0, 3, 2));
        assertEquals(0.25, r.chance(), 1e-15);
        assertTrue(r.withinChance(0.01), r.toString() + " bound " + r.chanceBound(0.01));
        assertTrue(r.accuracy() < 0.36, r.toString());
    }

    @Test
    void oneRunPerSubjectFoldsByTimeBlocks() {
        Object[] c = cohort(8, 1, 3);
        SubjectProbe.Result r = probe(SubjectProbe.builder().optFolds(4).build(), c);
        assertEquals(SubjectProbe.Folding.TIME_BLOCKS, r.folding());
        assertEquals(4, r.folds());
        assertTrue(r.accuracy() > 0.98, r.toString());
    }

    @Test
    void identicalDistributionsAverageChanceUnderEitherFolding() {
        // Cross-validated predictions share a classifier per fold, so one probe's accuracy scatters more than the
        // binomial says; the mean over 20 cohorts (standard error about 0.01) must sit at chance.
        double blocks = 0;
        double groups = 0;
        for (long seed = 100; seed < 120; seed++) {
            blocks += probe(SubjectProbe.builder().optFolds(4).build(), cohort(0, 1, seed)).accuracy() / 20;
            groups += probe(SubjectProbe.builder().build(), cohort(0, 3, seed)).accuracy() / 20;
        }
        assertEquals(0.25, blocks, 0.03);
        assertEquals(0.25, groups, 0.03);
    }

    @Test
    void timeBlocksAreContiguousAndGuarded() {
        // 3 subjects × 1 run × 20 windows every 2 s, listed in shuffled row order: folds must follow time, not rows
        List<String> subjects = new ArrayList<>();
        List<String> runs = new ArrayList<>();
        List<Double> startList = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            for (int w = 0; w < 20; w++) {
                subjects.add("s" + s);
                runs.add("r");
                startList.add(2.0 * w);
            }
        }
        int n = subjects.size();
        int[] perm = new int[n];
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        List<String> subj = new ArrayList<>();
        double[] starts = new double[n];
        for (int i = 0; i < n; i++) {
            subj.add(subjects.get(perm[i]));
            starts[i] = startList.get(perm[i]);
        }
        SubjectProbe.Plan plan = SubjectProbe.builder().optFolds(4).optGuard(2).build().plan(subj, runs, starts, n);
        assertEquals(SubjectProbe.Folding.TIME_BLOCKS, plan.folding());
        assertEquals(4, plan.folds());
        for (int i = 0; i < n; i++) {
            // 20 windows in 4 blocks of 5: window w (start 2w) is in block w / 5
            int w = (int) (starts[i] / 2);
            assertEquals(w / 5, plan.fold()[i], "row " + i);
            for (int k = 0; k < 4; k++) {
                // out of fold k's training: its own test block and the 2 windows either side, nothing else
                boolean near = w >= 5 * k - 2 && w < 5 * (k + 1) + 2;
                assertEquals(near, plan.excluded()[k][i], "row " + i + " fold " + k);
            }
        }
    }

    @Test
    void groupFoldsNeverSplitARun() {
        Object[] c = cohort(0, 3, 6);
        @SuppressWarnings("unchecked")
        List<String> subjects = (List<String>) c[1];
        @SuppressWarnings("unchecked")
        List<String> runs = (List<String>) c[2];
        SubjectProbe.Plan plan = SubjectProbe.builder().optFolds(2).build().plan(subjects, runs, (double[]) c[3],
                subjects.size());
        assertEquals(SubjectProbe.Folding.GROUPS, plan.folding());
        assertEquals(2, plan.folds());
        java.util.Map<String, Integer> foldOf = new java.util.HashMap<>();
        int[] perFold = new int[2];
        for (int i = 0; i < subjects.size(); i++) {
            Integer before = foldOf.putIfAbsent(subjects.get(i) + "/" + runs.get(i), plan.fold()[i]);
            assertTrue(before == null || before == plan.fold()[i], "run split at row " + i);
            perFold[plan.fold()[i]]++;
        }
        // runs 0 and 2 of each subject in fold 0, run 1 in fold 1
        assertEquals(4 * 2 * 30, perFold[0]);
        assertEquals(4 * 30, perFold[1]);
    }

    @Test
    void badInputIsRefused() {
        SubjectProbe p = SubjectProbe.builder().build();
        double[][] x = {{1, 2}, {3, 4}, {5, 6}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.evaluate(x, List.of("a", "a", "a"), List.of(1, 1, 1), new double[3]));
        assertTrue(e.getMessage().contains("two subjects"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> p.evaluate(x, List.of("a", "b", "b"), List.of(1, 1, 1), new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> p.evaluate(x, List.of("a", "a", "b"), List.of(1, 1), new double[3]));
        assertThrows(IllegalArgumentException.class, () -> SubjectProbe.builder().optFolds(1));
    }
}
