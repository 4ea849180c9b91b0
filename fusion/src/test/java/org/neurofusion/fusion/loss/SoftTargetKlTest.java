package org.neurofusion.fusion.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Soft-target KL against the plain-Java definition: the T² factor, weights, gradients and the frozen teacher. */
class SoftTargetKlTest {
    private static final int B = 4;
    private static final int K = 3;
    private static final double[] WEIGHTS = {1, 0, 2, 0.5};

    private record Computed(double loss, double[] gradStudent, double[] gradTeacher) {
    }

    private static Computed djl(double[][] student, double[][] teacher, double[] weight, double temperature) {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = Ref.variable(m, student);
            NDArray t = Ref.variable(m, teacher);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = SoftTargetKl.evaluate(s, t, m.create(weight), temperature);
                gc.backward(loss);
                return new Computed(loss.getDouble(), s.getGradient().toDoubleArray(), t.getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT64, false).toDoubleArray());
            }
        }
    }

    @Test
    void valueIsTemperatureSquaredTimesTheWeightedMeanKlAtT124() {
        Random r = new Random(21);
        double[][] student = Ref.random(r, B, K, 2);
        double[][] teacher = Ref.random(r, B, K, 2);
        for (double temperature : new double[] {1, 2, 4}) {
            // written out: the weighted mean over rows 0, 2, 3 (row 1 has weight 0) of each row's KL, times T²
            double klMean = (1 * Ref.kl(teacher[0], student[0], temperature) + 2 * Ref.kl(teacher[2], student[2],
                    temperature) + 0.5 * Ref.kl(teacher[3], student[3], temperature)) / 3.5;
            double expected = temperature * temperature * klMean;
            assertEquals(expected, Ref.softTargetKl(student, teacher, WEIGHTS, temperature), 1e-14);
            assertEquals(expected, djl(student, teacher, WEIGHTS, temperature).loss(), 1e-12, "T = " + temperature);
        }
    }

    @Test
    void studentGradientsMatchFiniteDifferencesAndTheTeacherGetsNone() {
        Random r = new Random(22);
        double[][] student = Ref.random(r, B, K, 1.5);
        double[][] teacher = Ref.random(r, B, K, 1.5);
        for (double temperature : new double[] {1, 2, 4}) {
            Computed c = djl(student, teacher, WEIGHTS, temperature);
            double[] fd = Ref.gradient(v -> Ref.softTargetKl(Ref.unflat(v, 0, B, K), teacher, WEIGHTS, temperature),
                    Ref.flat(student), 1e-6);
            Ref.assertClose(fd, c.gradStudent(), 1e-5, 1e-9, "dKL/dstudent at T = " + temperature);
            Ref.assertClose(new double[B * K], c.gradTeacher(), 0, 0, "dKL/dteacher at T = " + temperature);
            // the teacher side does depend on its logits: a gradient there would have been non-zero
            double[] fdTeacher = Ref.gradient(v -> Ref.softTargetKl(student, Ref.unflat(v, 0, B, K), WEIGHTS,
                    temperature), Ref.flat(teacher), 1e-6);
            assertTrue(java.util.Arrays.stream(fdTeacher).anyMatch(g -> Math.abs(g) > 1e-3));
        }
    }

    @Test
    void zeroForEqualLogitsAndPositiveOtherwise() {
        double[][] z = Ref.random(new Random(23), B, K, 3);
        assertEquals(0, djl(z, z, WEIGHTS, 2).loss(), 1e-15);
        double[][] other = Ref.copy(z);
        other[3][1] += 0.5;
        assertTrue(djl(other, z, WEIGHTS, 2).loss() > 1e-4);
        // a shift of a row's logits leaves its softmax unchanged
        double[][] shifted = Ref.copy(z);
        for (int k = 0; k < K; k++) {
            shifted[0][k] += 7;
        }
        assertEquals(0, djl(shifted, z, WEIGHTS, 2).loss(), 1e-12);
    }

    @Test
    void rowsOfWeightZeroChangeNothingAndNoWeightGivesZero() {
        Random r = new Random(24);
        double[][] student = Ref.random(r, B, K, 1);
        double[][] teacher = Ref.random(r, B, K, 1);
        Computed clean = djl(student, teacher, WEIGHTS, 2);
        double[][] s2 = Ref.copy(student);
        double[][] t2 = Ref.copy(teacher);
        s2[1] = new double[] {1e7, Double.NaN, -4};
        t2[1] = new double[] {-9e5, 3, Double.POSITIVE_INFINITY};
        Computed dirty = djl(s2, t2, WEIGHTS, 2);
        assertEquals(clean.loss(), dirty.loss(), 0);
        Ref.assertClose(clean.gradStudent(), dirty.gradStudent(), 0, 0, "dKL/dstudent");
        Computed none = djl(student, teacher, new double[B], 2);
        assertEquals(0, none.loss(), 0);
        Ref.assertClose(new double[B * K], none.gradStudent(), 0, 0, "dKL/dstudent with no weight");
    }

    @Test
    void badTemperatureShapeAndWeightAreNamedErrors() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray s = Ref.constant(m, Ref.random(new Random(25), B, K, 1));
            NDArray w = m.create(WEIGHTS);
            for (double t : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> SoftTargetKl.evaluate(s, s, w, t));
                assertTrue(e.getMessage().contains("temperature"), e.getMessage());
            }
            NDArray narrow = Ref.constant(m, Ref.random(new Random(26), B, K - 1, 1));
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> SoftTargetKl.evaluate(s, narrow, w, 2));
            assertTrue(shape.getMessage().contains("teacher's logits (4, 2)"), shape.getMessage());
            IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                    () -> SoftTargetKl.evaluate(s, s, m.create(new double[] {1, 1, -0.5, 1}), 2));
            assertTrue(negative.getMessage().contains("row 2"), negative.getMessage());
            IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                    () -> SoftTargetKl.evaluate(s, s, m.create(new double[] {1, 1}), 2));
            assertTrue(rows.getMessage().contains("(4)"), rows.getMessage());
        }
    }
}
