package org.neurofusion.fusion.demo;

import ai.djl.Device;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.neurofusion.alignment.train.EmbeddingExport;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;

/**
 * A 2-D view of the shared latent space: the pre-training run's EEG and fNIRS embeddings of labelled windows (up to
 * {@code perModality} of each, drawn by the seed), projected together onto their first two principal components, so
 * that the two modalities' points share one pair of axes.
 */
public final class LatentProjection {
    /**
     * One projected window.
     *
     * @param x        first principal component
     * @param y        second principal component
     * @param modality {@code eeg} or {@code fnirs}
     * @param label    the class index as a string
     * @param subject  the subject
     */
    public record Point(double x, double y, String modality, String label, String subject) {
    }

    private LatentProjection() {
    }

    /** The points, EEG first, then fNIRS. */
    public static List<Point> compute(Path run, WindowStore store, List<String> modalities, int perModality, long seed,
            Device device) {
        List<float[]> rows = new ArrayList<>();
        List<String[]> tags = new ArrayList<>();
        for (String m : modalities) {
            EmbeddingExport.Embeddings e = EmbeddingExport.compute(run, store, m, 64, device);
            List<Integer> labelled = new ArrayList<>();
            for (int i = 0; i < e.rows().length; i++) {
                if (e.windows().get(i).label().isPresent()) {
                    labelled.add(i);
                }
            }
            SplittableRandom rnd = new SplittableRandom(seed);
            for (int i = labelled.size() - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Integer t = labelled.get(i);
                labelled.set(i, labelled.get(j));
                labelled.set(j, t);
            }
            for (int i : labelled.subList(0, Math.min(perModality, labelled.size()))) {
                WindowInfo w = e.windows().get(i);
                rows.add(e.rows()[i]);
                tags.add(new String[] {m.toLowerCase(Locale.ROOT), Integer.toString(w.label().getAsInt()),
                        w.key().subject()});
            }
        }
        double[][] xy = project(rows);
        List<Point> out = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            out.add(new Point(xy[i][0], xy[i][1], tags.get(i)[0], tags.get(i)[1], tags.get(i)[2]));
        }
        return out;
    }

    /** Each row's coordinates on the first two principal components of the rows (centred). */
    static double[][] project(List<float[]> rows) {
        int n = rows.size();
        if (n < 3) {
            throw new IllegalArgumentException("a projection needs at least 3 embeddings, got " + n);
        }
        int d = rows.get(0).length;
        double[] mean = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                mean[j] += r[j] / (double) n;
            }
        }
        double[][] cov = new double[d][d];
        for (float[] r : rows) {
            for (int a = 0; a < d; a++) {
                double va = r[a] - mean[a];
                for (int b = a; b < d; b++) {
                    cov[a][b] += va * (r[b] - mean[b]) / (n - 1);
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < a; b++) {
                cov[a][b] = cov[b][a];
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, false));
        double[] values = eig.getRealEigenvalues();
        int first = 0;
        int second = -1;
        for (int k = 1; k < values.length; k++) {
            if (values[k] > values[first]) {
                first = k;
            }
        }
        for (int k = 0; k < values.length; k++) {
            if (k != first && (second < 0 || values[k] > values[second])) {
                second = k;
            }
        }
        double[] u = eig.getEigenvector(first).toArray();
        double[] v = eig.getEigenvector(second).toArray();
        double[][] out = new double[n][2];
        for (int i = 0; i < n; i++) {
            float[] r = rows.get(i);
            for (int j = 0; j < d; j++) {
                out[i][0] += (r[j] - mean[j]) * u[j];
                out[i][1] += (r[j] - mean[j]) * v[j];
            }
        }
        return out;
    }
}
