package org.neurofusion.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.SensorFeatures;

/** {@link SensorTokenEncoder#CODES_CHECKED}: the same output, and the host-side code check left to the caller. */
class CodesCheckedTest {
    @Test
    void aCallerThatCheckedTheCodesGetsTheSameOutputWithoutTheReadBack() {
        try (NDManager m = NDManager.newBaseManager()) {
            SensorTokenEncoder e = SensorTokenEncoderTest.build(m, SensorTokenEncoderTest.EEG, 3, DataType.FLOAT32);
            NDList in = EncoderFixtures.batch(m, 2, 5, SensorTokenEncoderTest.EEG.windowSamples(), 7);
            ParameterStore ps = new ParameterStore(m, false);
            PairList<String, Object> checked = new PairList<>();
            checked.add(SensorTokenEncoder.CODES_CHECKED, Boolean.TRUE);
            float[] plain = e.forward(ps, in, false).get(1).toFloatArray();
            float[] trusted = e.forward(ps, in, false, checked).get(1).toFloatArray();
            assertArrayEquals(plain, trusted);

            NDList bad = new NDList(in.get(0), in.get(1).duplicate(), in.get(2));
            bad.get(1).set(new NDIndex("0, 1, " + SensorFeatures.TYPE), 99f);
            IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                    () -> e.forward(ps, bad, false));
            assertTrue(x.getMessage().contains("type code 99.0"), x.getMessage());
        }
    }
}
