package org.neurofusion.alignment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Guards against the DJL scalar pitfall: a Java number used as an operand of a graph array becomes a tensor
 * over a Java buffer that the garbage collector may free before {@code backward()}. Forward, then collect
 * and overwrite freed memory, then backward, 200 times: every gradient must equal the first bit for bit.
 */
class ScalarPitfallTest {
    private static final int B = 8;
    private static final int D = 16;
    private static final int ITERATIONS = 200;

    /** A loss of (a, b, logScale), built in the step's manager. */
    interface LossFunction {
        NDArray apply(NDArray a, NDArray b, NDArray logScale);
    }

    /** Runs forward, garbage, backward; returns the iterations whose gradients differ from the first's. */
    static List<Integer> unstableIterations(LossFunction loss) {
        Random r = new Random(31);
        float[] a = new float[B * D];
        float[] b = new float[B * D];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian() * 0.3f;
            b[i] = (float) r.nextGaussian() * 0.3f;
        }
        float[] first = null;
        List<Integer> unstable = new ArrayList<>();
        List<ByteBuffer> keep = new ArrayList<>();
        try (NDManager base = NDManager.newBaseManager()) {
            for (int it = 0; it < ITERATIONS; it++) {
                try (NDManager step = base.newSubManager()) {
                    NDArray x = step.create(a, new Shape(B, D));
                    NDArray y = step.create(b, new Shape(B, D));
                    NDArray s = step.create(2.5f);
                    x.setRequiresGradient(true);
                    y.setRequiresGradient(true);
                    s.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray l = loss.apply(x, y, s);
                        collectAndOverwrite(keep, it);
                        gc.backward(l);
                        float[] g = concat(x.getGradient().toFloatArray(), y.getGradient().toFloatArray(),
                                s.getGradient().toFloatArray());
                        if (first == null) {
                            first = g;
                        } else if (!Arrays.equals(first, g)) {
                            unstable.add(it);
                        }
                    }
                }
            }
        }
        return unstable;
    }

    /** Lets the collector free unreachable direct buffers, then allocates small ones full of a bit pattern. */
    private static void collectAndOverwrite(List<ByteBuffer> keep, int iteration) {
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

    private static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @Test
    void infoNceGradientsSurviveGarbageCollectionBetweenForwardAndBackward() {
        InfoNceLoss loss = InfoNceLoss.builder().build();
        List<Integer> unstable = unstableIterations(
                (a, b, s) -> loss.evaluate(ProjectionHead.l2Normalize(a, 1e-12), ProjectionHead.l2Normalize(b, 1e-12), s));
        assertTrue(unstable.isEmpty(), unstable.size() + " of " + ITERATIONS + " iterations changed their gradients,"
                + " first " + unstable.subList(0, Math.min(5, unstable.size())));
    }

    /**
     * The same harness catches the pitfall when it is planted: logits divided by a Java float temperature,
     * as {@code x.div(tau)} would be written naively.
     */
    @Test
    void theHarnessCatchesAJavaScalarInTheGraph() {
        List<Integer> unstable = unstableIterations((a, b, s) -> {
            NDArray logits = a.matMul(b.transpose()).div(0.07f).mul(s);
            NDArray diag = a.getManager().eye(B);
            return logits.logSoftmax(1).mul(diag).sum().neg();
        });
        assertTrue(!unstable.isEmpty(), "the planted Java-float divide went unnoticed in " + ITERATIONS + " iterations");
    }
}
