package org.neurofusion.models;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Forward + backward time of the tiny encoders at batch 32 (run with {@code -Dsurefire.excludedGroups=} and
 * {@code -Dtest=EncoderTimingTest}); prints the median and range of 10 steps after 3 warm-up steps.
 */
@Tag("slow")
class EncoderTimingTest {
    @Test
    void tinyForwardBackwardAtBatch32() {
        time("eeg 30 ch x 400", EncoderSpec.tiny("eeg", 400, 100), false, 30, 400);
        time("fnirs 36x2 ch x 100", EncoderSpec.tiny("fnirs", 100, 10), true, 36, 100);
    }

    private static void time(String what, EncoderSpec spec, boolean fnirs, int channels, int samples) {
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = SensorTokenEncoderTest.build(m, spec, 1, DataType.FLOAT32);
            double[] ms = new double[13];
            for (int i = 0; i < ms.length; i++) {
                try (NDManager step = m.newSubManager()) {
                    NDList in = fnirs ? EncoderFixtures.fnirsBatch(step, 32, channels, samples, i)
                            : EncoderFixtures.batch(step, 32, channels, samples, i);
                    long t0 = System.nanoTime();
                    try (var collector = Engine.getInstance().newGradientCollector()) {
                        collector.backward(SensorTokenEncoderTest.run(e, in, true).get(1).sum());
                    }
                    ms[i] = (System.nanoTime() - t0) / 1e6;
                }
                e.getParameters().forEach(p -> p.getValue().getArray().getGradient().subi(
                        p.getValue().getArray().getGradient()));
            }
            double[] timed = Arrays.copyOfRange(ms, 3, ms.length);
            Arrays.sort(timed);
            System.out.printf("tiny %s, batch 32, forward+backward: median %.1f ms (min %.1f, max %.1f), %d threads%n",
                    what, timed[timed.length / 2], timed[0], timed[timed.length - 1],
                    Integer.getInteger("ai.djl.pytorch.num_threads", -1));
            assertTrue(timed[0] > 0);
        }
    }
}
