package org.neurofusion.alignment.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EmbeddingGeometryTest {
    @Test
    void alignmentOfKnownPairs() {
        double[][] a = {{2, 0}, {0, 3}, {1, 1}};
        // identical directions (lengths differ): 0; antipodal: 4; orthogonal: 2
        assertEquals(0.0, EmbeddingGeometry.alignment(a, new double[][] {{5, 0}, {0, 0.1}, {3, 3}}), 1e-15);
        assertEquals(4.0, EmbeddingGeometry.alignment(a, new double[][] {{-1, 0}, {0, -1}, {-1, -1}}), 1e-15);
        assertEquals(2.0, EmbeddingGeometry.alignment(a, new double[][] {{0, 1}, {1, 0}, {1, -1}}), 1e-15);
        // mixed: (0 + 4 + 2) / 3
        assertEquals(2.0, EmbeddingGeometry.alignment(a, new double[][] {{1, 0}, {0, -2}, {-1, 1}}), 1e-15);
        assertEquals(4.0, EmbeddingGeometry.alignment(new float[][] {{1f, 0f}}, new float[][] {{-7f, 0f}}), 1e-15);
    }

    @Test
    void uniformityOfTwoAntipodalPoints() {
        // one pair at squared distance 4: log exp(−8) = −8
        assertEquals(-8.0, EmbeddingGeometry.uniformity(new double[][] {{0, 3, 0}, {0, -1, 0}}), 1e-12);
    }

    @Test
    void uniformityOfARegularSimplex() {
        // m unit vectors with pairwise inner product −1/(m−1): squared distance 2m/(m−1), uniformity −4m/(m−1).
        // Built as the centred standard basis of R^m, scaled (the metric normalises).
        for (int m : new int[] {3, 4, 10}) {
            double[][] x = new double[m][m];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < m; j++) {
                    x[i][j] = (i == j ? 1 : 0) - 1.0 / m;
                }
            }
            assertEquals(-4.0 * m / (m - 1), EmbeddingGeometry.uniformity(x), 1e-12, "m = " + m);
        }
    }

    @Test
    void uniformityOfMixedDistancesIsTheLogOfTheMeanNotTheMeanOfTheLog() {
        // three points at 0°, 90°, 180°: squared distances 2, 2, 4 → log((2e^−4 + e^−8) / 3)
        double[][] x = {{1, 0}, {0, 1}, {-1, 0}};
        assertEquals(Math.log((2 * Math.exp(-4) + Math.exp(-8)) / 3), EmbeddingGeometry.uniformity(x), 1e-12);
    }

    @Test
    void largeSetsAreSubsampledDeterministically() {
        SplittableRandom random = new SplittableRandom(3);
        double[][] x = new double[300][8];
        for (double[] row : x) {
            for (int j = 0; j < row.length; j++) {
                row[j] = random.nextGaussian();
            }
        }
        double full = EmbeddingGeometry.uniformity(x, 300, 0);
        double sub = EmbeddingGeometry.uniformity(x, 120, 7);
        assertEquals(sub, EmbeddingGeometry.uniformity(x, 120, 7)); // same seed, same value
        assertNotEquals(sub, EmbeddingGeometry.uniformity(x, 120, 8)); // another subsample
        assertEquals(full, sub, 0.05); // an estimate of the same quantity
        assertEquals(full, EmbeddingGeometry.uniformity(x)); // under the cap: every pair
    }

    @Test
    void zeroOrMismatchedRowsAreRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmbeddingGeometry.uniformity(new double[][] {{1, 0}, {0, 0}}));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> EmbeddingGeometry.alignment(new double[][] {{1, 0}}, new double[][] {{1, 0, 0}}));
        assertThrows(IllegalArgumentException.class, () -> EmbeddingGeometry.uniformity(new double[][] {{1, 0}}));
    }
}
