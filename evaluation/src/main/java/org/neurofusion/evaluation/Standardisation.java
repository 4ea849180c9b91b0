package org.neurofusion.evaluation;

import java.util.TreeMap;

/**
 * The per-feature mean and standard deviation (population, as scikit-learn's {@code StandardScaler}) of training
 * rows, that the linear models standardise with; and the classes of training labels. One implementation, so that
 * the models agree on what standardised means.
 *
 * @param mean per feature
 * @param scale per feature; 1 for a constant feature, which then stays at zero instead of dividing by zero
 */
record Standardisation(double[] mean, double[] scale) {
    /**
     * The standardisation of rows {@code x} (n × p).
     *
     * @throws IllegalArgumentException when rows differ in length
     */
    static Standardisation of(double[][] x) {
        int n = x.length;
        int p = x[0].length;
        double[] mean = new double[p];
        double[] scale = new double[p];
        for (double[] row : x) {
            if (row.length != p) {
                throw new IllegalArgumentException("rows differ in length: " + row.length + " vs " + p);
            }
            for (int j = 0; j < p; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < p; j++) {
            mean[j] /= n;
        }
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                scale[j] += (row[j] - mean[j]) * (row[j] - mean[j]);
            }
        }
        for (int j = 0; j < p; j++) {
            scale[j] = Math.sqrt(scale[j] / n);
            if (!(scale[j] > 0)) {
                scale[j] = 1;
            }
        }
        return new Standardisation(mean, scale);
    }

    /**
     * The distinct labels of {@code y}, ascending.
     *
     * @throws IllegalArgumentException naming {@code model} when fewer than two classes are present
     */
    static int[] classes(int[] y, String model) {
        TreeMap<Integer, Integer> counts = new TreeMap<>();
        for (int label : y) {
            counts.merge(label, 1, Integer::sum);
        }
        if (counts.size() < 2) {
            throw new IllegalArgumentException(model + " needs at least two classes in training, found "
                    + counts.keySet());
        }
        return counts.keySet().stream().mapToInt(Integer::intValue).toArray();
    }
}
