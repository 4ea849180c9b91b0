package org.neurofusion.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import java.util.function.Supplier;

/** Test helpers shared by the fusion and imputation tests: host-seeded random arrays and gradient checks. */
final class BlockChecks {
    private BlockChecks() {
    }

    /** Standard normal values times {@code scale}, from a host {@link Random} (independent of the engine's seed). */
    static NDArray random(NDManager m, Random r, Shape shape, double scale, DataType type) {
        double[] v = new double[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = scale * r.nextGaussian();
        }
        return m.create(v, shape).toType(type, false);
    }

    static float maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().toType(DataType.FLOAT32, false).getFloat();
    }

    /**
     * Computes {@code loss} with gradients, then for each array compares the directional derivative along a random
     * direction with a central difference in double precision. The arrays must be float64 and require gradients.
     */
    static void checkGradients(Supplier<NDArray> loss, Random r, String[] names, NDArray... arrays) {
        try (var collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(loss.get());
        }
        NDManager m = arrays[0].getManager();
        for (int i = 0; i < arrays.length; i++) {
            NDArray theta = arrays[i];
            assertEquals(DataType.FLOAT64, theta.getDataType(), names[i]);
            NDArray u = random(m, r, theta.getShape(), 1, DataType.FLOAT64);
            double analytic = theta.getGradient().mul(u).sum().getDouble();
            double eps = 1e-5;
            NDArray step = u.mul(eps);
            theta.addi(step);
            double plus = loss.get().getDouble();
            theta.subi(step).subi(step);
            double minus = loss.get().getDouble();
            theta.addi(step);
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(numeric, analytic, 1e-6 * Math.max(1, Math.abs(numeric)), names[i]);
            assertTrue(Math.abs(numeric) > 1e-6, names[i] + ": direction gives no change, the check is empty");
        }
    }
}
