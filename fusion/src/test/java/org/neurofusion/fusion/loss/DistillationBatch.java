package org.neurofusion.fusion.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * A small hand-made distillation batch in plain Java (B = 5, K = 3 classes, D = 4, N = 2 tokens of width
 * W = 3), the objective written again from its definition, and the batch as float64 DJL arrays whose
 * student-side inputs record gradients.
 */
final class DistillationBatch {
    static final int B = 5;
    static final int K = 3;
    static final int D = 4;
    static final int N = 2;
    static final int W = 3;
    static final int[] LABELS = {1, -1, 0, -1, 2};
    static final double[] PAIRED = {1, 0, 1, 1, 0};

    final double[][] studentLogits;
    final double[][] teacherLogits;
    final double[][] imputed;
    final double[][] real;
    /** (B, N·W), row-major: token n of row i is tokens[i][n·W .. n·W + W). */
    final double[][] imputedTokens;
    final double[][] realTokens;
    final double[][] studentFused;
    final double[][] teacherFused;

    DistillationBatch(long seed) {
        Random r = new Random(seed);
        studentLogits = Ref.random(r, B, K, 1.5);
        teacherLogits = Ref.random(r, B, K, 1.5);
        imputed = Ref.random(r, B, D, 1);
        real = Ref.random(r, B, D, 1);
        imputedTokens = Ref.random(r, B, N * W, 1);
        realTokens = Ref.random(r, B, N * W, 1);
        studentFused = Ref.random(r, B, W, 1);
        teacherFused = Ref.random(r, B, W, 1);
    }

    private DistillationBatch(double[][]... parts) {
        studentLogits = parts[0];
        teacherLogits = parts[1];
        imputed = parts[2];
        real = parts[3];
        imputedTokens = parts[4];
        realTokens = parts[5];
        studentFused = parts[6];
        teacherFused = parts[7];
    }

    /** A copy whose unpaired rows hold garbage (large values, one NaN) in every imputation-side input. */
    DistillationBatch withGarbageInUnpairedRows(Random r) {
        double[][][] parts = {Ref.copy(studentLogits), Ref.copy(teacherLogits), Ref.copy(imputed), Ref.copy(real),
            Ref.copy(imputedTokens), Ref.copy(realTokens), Ref.copy(studentFused), Ref.copy(teacherFused)};
        for (int p = 2; p < parts.length; p++) {
            for (int i = 0; i < B; i++) {
                if (PAIRED[i] == 0) {
                    for (int j = 0; j < parts[p][i].length; j++) {
                        parts[p][i][j] = (r.nextBoolean() ? 1e6 : -3e4) * r.nextDouble();
                    }
                }
            }
            // and one NaN per input in the last unpaired row: an absent modality's slot may hold anything
            parts[p][B - 1][0] = Double.NaN;
        }
        return new DistillationBatch(parts);
    }

    /** The student-side inputs, flattened in one vector (what gradients are taken against). */
    double[] studentSide() {
        return Ref.concat(Ref.flat(studentLogits), Ref.flat(imputed), Ref.flat(imputedTokens), Ref.flat(studentFused));
    }

    /** This batch with the student side replaced by {@code v} (as laid out by {@link #studentSide()}). */
    DistillationBatch withStudentSide(double[] v) {
        int at = 0;
        double[][] s = Ref.unflat(v, at, B, K);
        at += B * K;
        double[][] e = Ref.unflat(v, at, B, D);
        at += B * D;
        double[][] t = Ref.unflat(v, at, B, N * W);
        at += B * N * W;
        double[][] f = Ref.unflat(v, at, B, W);
        return new DistillationBatch(s, teacherLogits, e, real, t, realTokens, f, teacherFused);
    }

    /** Each term's reference value, in DistillationWeights.FIELDS order. */
    double[] referenceTerms(double temperature, double logScale) {
        double[] ones = {1, 1, 1, 1, 1};
        return new double[] {Ref.crossEntropy(studentLogits, LABELS),
            Ref.softTargetKl(studentLogits, teacherLogits, ones, temperature),
            Ref.cosineDistance(imputed, real, PAIRED), Ref.infoNce(imputed, real, PAIRED, logScale),
            Ref.featureMatch(imputedTokens, realTokens, PAIRED), Ref.featureMatch(studentFused, teacherFused, PAIRED)};
    }

    double referenceTotal(DistillationWeights w, double temperature, double logScale) {
        double[] terms = referenceTerms(temperature, logScale);
        double[] weights = w.toArray();
        double total = 0;
        for (int i = 0; i < terms.length; i++) {
            total += weights[i] * terms[i];
        }
        return total;
    }

    /** The batch's arrays in {@code m}: student side records gradients, and so does the teacher side. */
    Arrays arrays(NDManager m) {
        return new Arrays(Ref.variable(m, studentLogits), Ref.variable(m, teacherLogits), Ref.variable(m, imputed),
                Ref.variable(m, real), tokens(m, imputedTokens), tokens(m, realTokens), Ref.variable(m, studentFused),
                Ref.variable(m, teacherFused), m.create(LABELS), m.create(PAIRED));
    }

    private static NDArray tokens(NDManager m, double[][] x) {
        NDArray a = m.create(Ref.flat(x), new Shape(B, N, W));
        a.setRequiresGradient(true);
        return a;
    }

    /** The DJL arrays of a batch. */
    record Arrays(NDArray studentLogits, NDArray teacherLogits, NDArray imputed, NDArray real, NDArray imputedTokens,
            NDArray realTokens, NDArray studentFused, NDArray teacherFused, NDArray labels, NDArray paired) {
        DistillationInputs inputs() {
            return new DistillationInputs(studentLogits, teacherLogits, labels, imputed, real, imputedTokens,
                    realTokens, studentFused, teacherFused, paired);
        }

        /** Gradients of the student side, in {@link #studentSide()} order. */
        double[] studentGradient() {
            return Ref.concat(studentLogits.getGradient().toDoubleArray(), imputed.getGradient().toDoubleArray(),
                    imputedTokens.getGradient().toDoubleArray(), studentFused.getGradient().toDoubleArray());
        }

        /** Gradients of the teacher side, as float64 (an input no gradient reached has a float32 zero one). */
        double[] teacherGradient() {
            NDArray[] teacher = {teacherLogits, real, realTokens, teacherFused};
            double[][] parts = new double[teacher.length][];
            for (int i = 0; i < teacher.length; i++) {
                parts[i] = teacher[i].getGradient().toType(ai.djl.ndarray.types.DataType.FLOAT64, false)
                        .toDoubleArray();
            }
            return Ref.concat(parts);
        }
    }
}
