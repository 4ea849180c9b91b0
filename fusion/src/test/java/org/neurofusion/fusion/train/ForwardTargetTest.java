package org.neurofusion.fusion.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a student's imputation head is asked to predict ({@link Forward#target}), against its definition. */
class ForwardTargetTest {
    @Test
    void theHaemodynamicTargetIsTheExpertsFeaturesOfTheMissingWindowsInMicromolar() {
        int b = 2;
        int c = 3;
        int t = 12; // T/6 = 2, T/3 = 4, 2T/3 = 8, T/2 = 6
        float[] fnirs = HaemodynamicExpertTest.gaussian(b * c * t, 7, 1e-7);
        float[] mask = {1, 1, 1, 1, 1, 0};
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray eeg = m.ones(new Shape(b, 4, 20));
            NDList batch = new NDList(eeg, m.zeros(new Shape(b, 4, 3)), m.ones(new Shape(b, 4)),
                    m.create(fnirs, new Shape(b, c, t)), m.zeros(new Shape(b, c, 3)), m.create(mask, new Shape(b, c)));
            NDArray embedding = m.ones(new Shape(b, 5));
            Forward.TeacherView tv = new Forward.TeacherView(null, null, null, embedding);
            List<String> mods = List.of("eeg", "fnirs");
            assertSame(embedding, Forward.target(tv, batch, mods, "fnirs", false, 5), "the embedding target");
            float[] got = Forward.target(tv, batch, mods, "fnirs", true, 2 * c).toFloatArray();
            assertEquals(b * 2 * c, got.length);
            float[] want = new float[b * 2 * c];
            for (int w = 0; w < b; w++) {
                for (int ch = 0; ch < c; ch++) {
                    int at = (w * c + ch) * t;
                    double on = mask[w * c + ch];
                    double rise = HaemodynamicExpertTest.mean(fnirs, at, 4, 8) - HaemodynamicExpertTest.mean(fnirs, at,
                            0, 2);
                    double half = HaemodynamicExpertTest.mean(fnirs, at, 6, 12) - HaemodynamicExpertTest.mean(fnirs,
                            at, 0, 6);
                    want[w * 2 * c + ch] = (float) (rise * on * 1e6);
                    want[w * 2 * c + c + ch] = (float) (half * on * 1e6);
                }
            }
            assertArrayEquals(want, got, 1e-5f);
            FusionSetupException e = assertThrows(FusionSetupException.class,
                    () -> Forward.target(tv, batch, mods, "fnirs", true, 2 * c + 2));
            assertTrue(e.getMessage().contains("4 fnirs channels") && e.getMessage().contains("have 3"),
                    e.getMessage());
        }
    }
}
