package org.neurofusion.fusion.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Cosine distance and feature match against the plain-Java definitions: values, gradients, weights, errors. */
class EmbeddingMatchTest {
    private static final int B = 4;
    private static final int D = 3;
    private static final double[] WEIGHTS = {1, 0, 0.5, 2};

    interface Loss {
        NDArray apply(NDArray a, NDArray b, NDArray weight);
    }

    private record Computed(double loss, double[] gradA, double[] gradB) {
    }

    /** a and b given as rows of flat values, reshaped to {@code shape}. */
    private static Computed djl(Loss loss, double[][] a, double[][] b, double[] weight, Shape shape) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.create(Ref.flat(a), shape);
            NDArray y = m.create(Ref.flat(b), shape);
            x.setRequiresGradient(true);
            y.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.apply(x, y, m.create(weight));
                gc.backward(l);
                return new Computed(l.getDouble(), x.getGradient().toDoubleArray(), y.getGradient().toDoubleArray());
            }
        }
    }

    private static void assertMatchesReference(Loss loss, java.util.function.ToDoubleFunction<double[][][]> reference,
            double[][] a, double[][] b, double[] weight, Shape shape) {
        int n = a[0].length;
        Computed c = djl(loss, a, b, weight, shape);
        assertEquals(reference.applyAsDouble(new double[][][] {a, b}), c.loss(), 1e-12);
        double[] fd = Ref.gradient(v -> reference.applyAsDouble(new double[][][] {Ref.unflat(v, 0, B, n),
            Ref.unflat(v, B * n, B, n)}), Ref.concat(Ref.flat(a), Ref.flat(b)), 1e-6);
        Ref.assertClose(fd, Ref.concat(c.gradA(), c.gradB()), 1e-6, 1e-9, "dL/d(a, b)");
    }

    @Test
    void cosineDistanceIsTheWeightedMeanOfOneMinusCosine() {
        double[][] a = {{1, 0, 0}, {5, 5, 5}, {1, 1, 0}, {0, 2, 0}};
        double[][] b = {{2, 0, 0}, {-1, 0, 0}, {0, 1, 1}, {0, 0, 3}};
        // rows 0, 2, 3 weigh 1, 0.5, 2: distances 0, 1 − 1/2, 1
        double expected = (1 * 0 + 0.5 * 0.5 + 2 * 1) / 3.5;
        assertEquals(expected, Ref.cosineDistance(a, b, WEIGHTS), 1e-15, "the reference itself");
        assertEquals(expected, djl(CosineDistance::evaluate, a, b, WEIGHTS, new Shape(B, D)).loss(), 1e-12);
    }

    @Test
    void cosineGradientsMatchFiniteDifferences() {
        Random r = new Random(31);
        assertMatchesReference(CosineDistance::evaluate, x -> Ref.cosineDistance(x[0], x[1], WEIGHTS),
                Ref.random(r, B, D, 1), Ref.random(r, B, D, 1), WEIGHTS, new Shape(B, D));
    }

    @Test
    void aZeroVectorGivesDistanceOneAndFiniteGradients() {
        double[][] a = {{0, 0, 0}, {1, 2, 3}, {1, 1, 1}, {1, 0, 0}};
        double[][] b = {{1, 2, 2}, {1, 2, 3}, {0, 0, 0}, {1, 0, 0}};
        Computed c = djl(CosineDistance::evaluate, a, b, new double[] {1, 1, 1, 1}, new Shape(B, D));
        assertEquals(2.0 / 4, c.loss(), 1e-12);
        for (double g : Ref.concat(c.gradA(), c.gradB())) {
            assertTrue(Double.isFinite(g), "a zero vector must not make a gradient NaN or infinite");
        }
    }

    @Test
    void featureMatchOnClassTokensAndOnTokenGrids() {
        Random r = new Random(32);
        double[][] a = {{1, 2}, {3, 4}, {0, 0}, {1, 1}};
        double[][] b = {{1, 0}, {0, 0}, {2, 2}, {0, 1}};
        // per-row mean squared differences 2, 12.5, 4, 0.5; rows 0, 2, 3 weigh 1, 0.5, 2
        double expected = (1 * 2 + 0.5 * 4 + 2 * 0.5) / 3.5;
        assertEquals(expected, Ref.featureMatch(a, b, WEIGHTS), 1e-15, "the reference itself");
        assertEquals(expected, djl(FeatureMatch::evaluate, a, b, WEIGHTS, new Shape(B, 2)).loss(), 1e-12);
        // (B, N, W) = (4, 3, 2): the mean runs over all N·W values of a row
        assertMatchesReference(FeatureMatch::evaluate, x -> Ref.featureMatch(x[0], x[1], WEIGHTS),
                Ref.random(r, B, 6, 1), Ref.random(r, B, 6, 1), WEIGHTS, new Shape(B, 3, 2));
        assertMatchesReference(FeatureMatch::evaluate, x -> Ref.featureMatch(x[0], x[1], WEIGHTS),
                Ref.random(r, B, 5, 1), Ref.random(r, B, 5, 1), WEIGHTS, new Shape(B, 5));
    }

    @Test
    void rowsOfWeightZeroChangeNothingInEitherLoss() {
        Random r = new Random(33);
        double[][] a = Ref.random(r, B, 6, 1);
        double[][] b = Ref.random(r, B, 6, 1);
        double[][] a2 = Ref.copy(a);
        double[][] b2 = Ref.copy(b);
        a2[1] = new double[] {1e8, -3, Double.NaN, 0, 2, 7};
        b2[1] = new double[] {Double.NEGATIVE_INFINITY, 4e6, 1, 1, 1, 1};
        for (Loss loss : new Loss[] {CosineDistance::evaluate, FeatureMatch::evaluate}) {
            Computed clean = djl(loss, a, b, WEIGHTS, new Shape(B, 6));
            Computed dirty = djl(loss, a2, b2, WEIGHTS, new Shape(B, 6));
            assertEquals(clean.loss(), dirty.loss(), 0);
            Ref.assertClose(clean.gradA(), dirty.gradA(), 0, 0, "dL/da");
            Ref.assertClose(clean.gradB(), dirty.gradB(), 0, 0, "dL/db");
            Computed none = djl(loss, a, b, new double[B], new Shape(B, 6));
            assertEquals(0, none.loss(), 0);
            Ref.assertClose(new double[B * 6], none.gradA(), 0, 0, "dL/da with no weight");
        }
    }

    @Test
    void shapeMismatchesAreNamedErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.zeros(new Shape(B, D));
            NDArray wide = m.zeros(new Shape(B, D + 1));
            NDArray w = m.create(WEIGHTS);
            IllegalArgumentException cos = assertThrows(IllegalArgumentException.class,
                    () -> CosineDistance.evaluate(a, wide, w));
            assertTrue(cos.getMessage().contains("cosine distance") && cos.getMessage().contains("(4, 4)"),
                    cos.getMessage());
            IllegalArgumentException fm = assertThrows(IllegalArgumentException.class,
                    () -> FeatureMatch.evaluate(m.zeros(new Shape(B, 2, D)), m.zeros(new Shape(B, 3, D)), w));
            assertTrue(fm.getMessage().contains("feature match") && fm.getMessage().contains("(4, 3, 3)"),
                    fm.getMessage());
            IllegalArgumentException cube = assertThrows(IllegalArgumentException.class,
                    () -> CosineDistance.evaluate(m.zeros(new Shape(B, 2, D)), m.zeros(new Shape(B, 2, D)), w));
            assertTrue(cube.getMessage().contains("2 dimensions"), cube.getMessage());
            IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                    () -> FeatureMatch.evaluate(a, a, m.create(new double[] {1, Double.NaN, 1, 1})));
            assertTrue(weights.getMessage().contains("row 1"), weights.getMessage());
        }
    }
}
