package org.neurofusion.fusion.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guards the combined objective against DJL's scalar pitfall (a Java number as an operand of a graph array
 * becomes a tensor over a Java buffer that the collector may free before {@code backward()}): forward, then
 * {@code System.gc()} and churn that overwrites freed direct memory, then backward, many times. Every
 * iteration's student gradient must equal the first bit for bit, and the first must equal finite differences
 * of the plain-Java objective.
 */
class DistillationGcPressureTest {
    private static final int ITERATIONS = 150;
    private static final DistillationWeights ALL = new DistillationWeights(1, 0.7, 0.5, 0.3, 0.2, 0.4);

    @Test
    void gradientsSurviveGarbageCollectionBetweenForwardAndBackward() {
        DistillationObjective objective = DistillationObjective.builder().setWeights(ALL).optTemperature(4).build();
        DistillationBatch batch = new DistillationBatch(51);
        double[] first = null;
        List<Integer> unstable = new ArrayList<>();
        List<ByteBuffer> keep = new ArrayList<>();
        try (NDManager base = NDManager.newBaseManager()) {
            for (int it = 0; it < ITERATIONS; it++) {
                try (NDManager step = base.newSubManager()) {
                    DistillationBatch.Arrays arrays = batch.arrays(step);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        var result = objective.evaluate(arrays.inputs());
                        churn(keep, it);
                        gc.backward(result.loss());
                        double[] g = arrays.studentGradient();
                        if (first == null) {
                            first = g;
                        } else if (!Arrays.equals(first, g)) {
                            unstable.add(it);
                        }
                    }
                }
            }
        }
        assertTrue(unstable.isEmpty(), unstable.size() + " of " + ITERATIONS + " iterations changed their gradients,"
                + " first " + unstable.subList(0, Math.min(5, unstable.size())));
        double[] fd = Ref.gradient(v -> batch.withStudentSide(v).referenceTotal(ALL, 4, Math.log(10)),
                batch.studentSide(), 1e-6);
        Ref.assertClose(fd, first, 1e-5, 1e-8, "dL/d(student side) under GC pressure");
    }

    /** Lets the collector free unreachable direct buffers, then allocates small ones full of a bit pattern. */
    private static void churn(List<ByteBuffer> keep, int iteration) {
        System.gc();
        try {
            Thread.sleep(2); // the cleaner thread frees direct memory after the collection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        keep.clear();
        for (int i = 0; i < 64; i++) {
            ByteBuffer garbage = ByteBuffer.allocateDirect(4 + (i % 4) * 4);
            while (garbage.hasRemaining()) {
                garbage.put((byte) (0x7f ^ iteration));
            }
            keep.add(garbage);
        }
        byte[][] heap = new byte[256][];
        for (int i = 0; i < heap.length; i++) {
            heap[i] = new byte[1024];
        }
    }
}
