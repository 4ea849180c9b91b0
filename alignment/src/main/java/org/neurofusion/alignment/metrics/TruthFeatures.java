package org.neurofusion.alignment.metrics;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulator's ground truth summarised per window: for each source (in {@code sources} order), the EEG side is
 * the mean 8–30 Hz band power (relative to rest) over the window's EEG extent, and the fNIRS side the mean HbO and
 * HbR (mol/L) over its fNIRS extent, laid out as {@code [s0 hbo, s0 hbr, s1 hbo, s1 hbr, ...]}. Row {@code i} of
 * both is window {@code i}. Arrays are copied in and out.
 */
public record TruthFeatures(List<String> sources, double[][] eeg, double[][] fnirs) {
    public TruthFeatures {
        if (sources == null || sources.isEmpty()) {
            throw new IllegalArgumentException("truth features need at least one source");
        }
        sources = List.copyOf(sources);
        int n = Rows.check(eeg, "EEG truth features", 1) == sources.size() ? eeg.length : -1;
        if (n < 0) {
            throw new IllegalArgumentException("EEG truth features need one column per source (" + sources.size()
                    + "), got " + eeg[0].length);
        }
        if (Rows.check(fnirs, "fNIRS truth features", 1) != 2 * sources.size() || fnirs.length != n) {
            throw new IllegalArgumentException("fNIRS truth features need " + n + " rows of " + 2 * sources.size()
                    + " columns (HbO and HbR per source), got " + fnirs.length + " × " + fnirs[0].length);
        }
        eeg = copy(eeg);
        fnirs = copy(fnirs);
    }

    @Override
    public double[][] eeg() {
        return copy(eeg);
    }

    @Override
    public double[][] fnirs() {
        return copy(fnirs);
    }

    /** Number of windows. */
    public int size() {
        return eeg.length;
    }

    /**
     * The same EEG side with the fNIRS rows in a seeded random order: the control in which no window keeps its own
     * haemodynamics, so retrieval must fall to chance.
     */
    public TruthFeatures shuffledFnirs(long seed) {
        int n = fnirs.length;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        double[][] f = new double[n][];
        for (int i = 0; i < n; i++) {
            f[i] = fnirs[order[i]];
        }
        return new TruthFeatures(sources, eeg, f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TruthFeatures t && sources.equals(t.sources) && java.util.Arrays.deepEquals(eeg, t.eeg)
                && java.util.Arrays.deepEquals(fnirs, t.fnirs);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * sources.hashCode() + java.util.Arrays.deepHashCode(eeg)) + java.util.Arrays.deepHashCode(fnirs);
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }
}
