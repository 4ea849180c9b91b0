package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;

/** A classifier defined here, outside the evaluation module's code, runs through both protocols. */
class RegisteredConditionTest {
    /** Nearest class mean of each EEG channel's log-variance: a classifier no module ships. */
    static final class NearestMean implements WindowClassifier {
        final AtomicInteger scoreCalls;

        NearestMean(AtomicInteger scoreCalls) {
            this.scoreCalls = scoreCalls;
        }

        @Override
        public List<Modality> modalities() {
            return List.of(Modality.EEG);
        }

        @Override
        public void check(PairedWindow w) {
            if (!w.blocks().containsKey(Modality.EEG)) {
                throw new IllegalArgumentException(w.key() + " has no EEG");
            }
        }

        static double[] features(PairedWindow w) {
            SignalBlock b = w.blocks().get(Modality.EEG);
            double[] f = new double[b.channelCount()];
            int t = b.sampleCount();
            for (int c = 0; c < f.length; c++) {
                double s = 0;
                double s2 = 0;
                for (int i = 0; i < t; i++) {
                    double v = b.data()[c * t + i];
                    s += v;
                    s2 += v * v;
                }
                f[c] = Math.log(s2 / t - (s / t) * (s / t));
            }
            return f;
        }

        @Override
        public Trained fit(List<PairedWindow> train) {
            int[] y = WindowClassifier.labels(train);
            int[] classes = Arrays.stream(y).distinct().sorted().toArray();
            double[][] means = new double[classes.length][];
            int[] counts = new int[classes.length];
            for (int i = 0; i < y.length; i++) {
                int k = Arrays.binarySearch(classes, y[i]);
                double[] f = features(train.get(i));
                if (means[k] == null) {
                    means[k] = new double[f.length];
                }
                for (int j = 0; j < f.length; j++) {
                    means[k][j] += f[j];
                }
                counts[k]++;
            }
            for (int k = 0; k < classes.length; k++) {
                for (int j = 0; j < means[k].length; j++) {
                    means[k][j] /= counts[k];
                }
            }
            return new Trained() {
                @Override
                public int[] classes() {
                    return classes.clone();
                }

                @Override
                public double[][] scores(List<PairedWindow> windows) {
                    scoreCalls.incrementAndGet();
                    double[][] out = new double[windows.size()][classes.length];
                    for (int i = 0; i < out.length; i++) {
                        double[] f = features(windows.get(i));
                        for (int k = 0; k < classes.length; k++) {
                            double d = 0;
                            for (int j = 0; j < f.length; j++) {
                                d += (f[j] - means[k][j]) * (f[j] - means[k][j]);
                            }
                            out[i][k] = -d;
                        }
                    }
                    return out;
                }
            };
        }
    }

    private static OptionalDouble accuracy(EvaluationResult r, String condition) {
        return r.rows().stream().filter(x -> x.condition().equals(condition))
                .mapToDouble(x -> x.metrics().accuracy()).average();
    }

    @Test
    void aConditionFromATestClassRunsWithinAndAcrossSubjects() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02", "03"), 30, true, 11);
        AtomicInteger scoreCalls = new AtomicInteger();
        ConditionRegistry registry = ConditionRegistry.classical();
        registry.register("eeg-nearest-mean", () -> new NearestMean(scoreCalls));

        EvaluationResult within = Evaluation.builder().addConditions(List.of("eeg-nearest-mean"), registry)
                .setProtocol(Protocol.parse("within", 2, 5)).setTask("mi").optSeed(3).build().run(windows);
        assertEquals(3 * 5 * 2, within.rows().size());
        assertEquals(within.rows().size(), scoreCalls.get(), "scored once per fold, not again to predict");
        assertTrue(within.rows().stream().allMatch(r -> r.modalities().equals("eeg") && r.protocol().equals("within")));
        assertTrue(accuracy(within, "eeg-nearest-mean").getAsDouble() > 0.7, within.meanAccuracy().toString());

        scoreCalls.set(0);
        EvaluationResult loso = Evaluation.builder().addConditions(List.of("eeg-nearest-mean", "eeg-csp"), registry)
                .setProtocol(new Protocol.LeaveOneSubjectOut()).setTask("mi").build().run(windows);
        assertEquals(3 * 2, loso.rows().size());
        assertEquals(3, scoreCalls.get());
        Map<String, Double> acc = loso.meanAccuracy();
        assertEquals(List.of("eeg-nearest-mean", "eeg-csp"), new ArrayList<>(acc.keySet()));
        assertTrue(acc.get("eeg-nearest-mean") > 0.7, acc.toString());
        assertTrue(loso.rows().stream().allMatch(r -> r.nTrainLabelled() == 60));

        assertThrows(IllegalArgumentException.class, () -> registry.register("eeg-nearest-mean", CspLda::new));
        assertThrows(IllegalArgumentException.class, () -> registry.register("Bad Name", CspLda::new));
    }

    @Test
    void aClassifierThatInvertsItsScoresIsMeasuredAsWorseThanChance() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02"), 30, true, 12);
        WindowClassifier inverted = new WindowClassifier() {
            final NearestMean inner = new NearestMean(new AtomicInteger());

            @Override
            public List<Modality> modalities() {
                return inner.modalities();
            }

            @Override
            public void check(PairedWindow w) {
                inner.check(w);
            }

            @Override
            public Trained fit(List<PairedWindow> train) {
                Trained t = inner.fit(train);
                return new Trained() {
                    @Override
                    public int[] classes() {
                        return t.classes();
                    }

                    @Override
                    public double[][] scores(List<PairedWindow> w) {
                        double[][] s = t.scores(w);
                        for (double[] row : s) {
                            for (int k = 0; k < row.length; k++) {
                                row[k] = -row[k];
                            }
                        }
                        return s;
                    }
                };
            }
        };
        EvaluationResult r = Evaluation.builder().addCondition("inverted", () -> inverted)
                .setProtocol(Protocol.parse("within", 1, 5)).setTask("mi").build().run(windows);
        assertTrue(r.meanAccuracy().get("inverted") < 0.3, r.meanAccuracy().toString());
    }

    @Test
    void theHarnessNamesEveryFoldToTheClassifier() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02", "03"), 30, true, 13);
        List<WindowClassifier.Fold> seen = new ArrayList<>();
        NearestMean inner = new NearestMean(new AtomicInteger());
        WindowClassifier recording = new WindowClassifier() {
            @Override
            public List<Modality> modalities() {
                return inner.modalities();
            }

            @Override
            public void check(PairedWindow w) {
                inner.check(w);
            }

            @Override
            public Trained fit(List<PairedWindow> train) {
                throw new AssertionError("the harness must call fit(train, fold)");
            }

            @Override
            public Trained fit(List<PairedWindow> train, Fold fold) {
                seen.add(fold);
                assertTrue(train.stream().noneMatch(w -> w.subject().equals(fold.subject())),
                        "LOSO trains without the fold's subject");
                return inner.fit(train);
            }
        };
        Evaluation.builder().addCondition("recording", () -> recording).setProtocol(new Protocol.LeaveOneSubjectOut())
                .setTask("mi").optSeed(7).build().run(windows);
        assertEquals(List.of("01", "02", "03"), seen.stream().map(WindowClassifier.Fold::subject).toList());
        assertEquals(List.of(0, 1, 2), seen.stream().map(WindowClassifier.Fold::index).toList());
        assertTrue(seen.stream().allMatch(f -> f.condition().equals("recording") && f.protocol().equals("loso")
                && f.seed() == 7), seen.toString());
        assertEquals("loso/sub-02/fold-1-seed-7", seen.get(1).path());
        assertEquals("fewshot-5/sub-a_b/fold-0-seed-1",
                new WindowClassifier.Fold("x", "fewshot-5", "a/b", 0, 1).path());
    }

    @Test
    void aFactoryThatMakesNothingIsNamedWhenAClassifierIsAskedFor() {
        Condition c = new Condition("eeg-nothing", () -> null);
        NullPointerException e = assertThrows(NullPointerException.class, c::classifier);
        assertEquals("condition eeg-nothing made a null classifier", e.getMessage());
    }
}
