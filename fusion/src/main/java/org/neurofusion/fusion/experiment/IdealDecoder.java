package org.neurofusion.fusion.experiment;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.neurofusion.alignment.metrics.SimulationTruth;
import org.neurofusion.alignment.metrics.TruthWindow;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.Extent;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.evaluation.ShrinkageLda;
import org.neurofusion.fusion.train.FusionData;

/**
 * The map's {@code ideal} condition: shrinkage LDA on the simulator's ground truth of what the EEG can see (each
 * source's mean 8–30 Hz band power over the window's EEG extent), fitted on every labelled training window and
 * scored on the held-out subjects' labelled windows. The windows are exactly those the learned conditions train and
 * test on (every modality present), so it bounds what any EEG decoder could reach from perfect features.
 */
public final class IdealDecoder {
    /** One held-out subject's score. */
    public record Score(String subject, double accuracy, double balancedAccuracy, int windows) {
    }

    private IdealDecoder() {
    }

    /**
     * Scores the ideal decoder per held-out subject (sorted).
     *
     * @param bids the simulated BIDS folder the store was cut from (its truth lies under derivatives)
     * @throws org.neurofusion.core.RecordingException naming the file when the truth is missing or malformed
     * @throws IllegalArgumentException when the split leaves no labelled windows (as {@link FusionData#split})
     */
    public static Map<String, Score> evaluate(Path bids, WindowStore store, List<String> modalities,
            List<String> trainSubjects, List<String> testSubjects) {
        FusionData data = FusionData.split(store, modalities, trainSubjects, testSubjects, -1, 0);
        List<Long> train = data.allLabelled();
        List<Long> test = data.test();
        double[][] x = features(bids, data, train);
        double[][] xt = features(bids, data, test);
        int[] y = labels(data, train);
        int[] yt = labels(data, test);
        ShrinkageLda lda = ShrinkageLda.fit(x, y);
        int[] classes = lda.classes();
        Map<String, List<Integer>> bySubject = new TreeMap<>();
        for (int i = 0; i < test.size(); i++) {
            bySubject.computeIfAbsent(data.info(test.get(i)).key().subject(), k -> new ArrayList<>()).add(i);
        }
        int[] predicted = new int[xt.length];
        for (int i = 0; i < xt.length; i++) {
            double[] s = lda.scores(xt[i]);
            int best = 0;
            for (int c = 1; c < s.length; c++) {
                if (s[c] > s[best]) {
                    best = c;
                }
            }
            predicted[i] = classes[best];
        }
        Map<String, Score> out = new TreeMap<>();
        bySubject.forEach((subject, rows) -> {
            int[] t = rows.stream().mapToInt(i -> yt[i]).toArray();
            int[] p = rows.stream().mapToInt(i -> predicted[i]).toArray();
            out.put(subject, new Score(subject, accuracy(t, p), balancedAccuracy(t, p), t.length));
        });
        return out;
    }

    private static double[][] features(Path bids, FusionData data, List<Long> windows) {
        List<TruthWindow> tw = new ArrayList<>(windows.size());
        for (long i : windows) {
            WindowInfo w = data.info(i);
            Extent e = w.extent(Modality.EEG);
            Extent f = w.extent(Modality.FNIRS);
            tw.add(new TruthWindow(w.key(), e.start(), e.length(), f.start(), f.length()));
        }
        return SimulationTruth.read(bids, tw).eeg();
    }

    private static int[] labels(FusionData data, List<Long> windows) {
        return windows.stream().mapToInt(data::storedLabel).toArray();
    }

    static double accuracy(int[] truth, int[] predicted) {
        int ok = 0;
        for (int i = 0; i < truth.length; i++) {
            ok += truth[i] == predicted[i] ? 1 : 0;
        }
        return (double) ok / truth.length;
    }

    /** Mean recall over the classes present in {@code truth}. */
    static double balancedAccuracy(int[] truth, int[] predicted) {
        Map<Integer, int[]> perClass = new TreeMap<>();
        for (int i = 0; i < truth.length; i++) {
            int[] c = perClass.computeIfAbsent(truth[i], k -> new int[2]);
            c[0] += truth[i] == predicted[i] ? 1 : 0;
            c[1]++;
        }
        double sum = 0;
        for (int[] c : perClass.values()) {
            sum += (double) c[0] / c[1];
        }
        return sum / perClass.size();
    }
}
