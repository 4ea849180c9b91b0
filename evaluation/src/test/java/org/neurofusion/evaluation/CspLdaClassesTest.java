package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;

/**
 * Three classes that one CSP cannot separate but one-versus-rest CSP can. Channel variances (all others 1):
 * class 0 has 9 on E0; class 1 has 9 on E1 and E3; class 2 has 9 on E2 and E3. The CSP of class 0 against the
 * rest keeps E0 (ratio 9) and E3 (the rest's 9 against class 0's 1, above E1's and E2's 5), and classes 1 and 2
 * look the same along both; only the CSPs of class 1 and of class 2 against the rest keep E1 and E2.
 */
class CspLdaClassesTest {
    private static final int CHANNELS = 6;
    private static final int SAMPLES = 100;

    static List<PairedWindow> windows(int perClass, long seed) {
        double[][] var = {{9, 1, 1, 1, 1, 1}, {1, 9, 1, 9, 1, 1}, {1, 1, 9, 9, 1, 1}};
        Random rnd = new Random(seed);
        List<Channel> chans = new ArrayList<>();
        for (int c = 0; c < CHANNELS; c++) {
            chans.add(new Channel("E" + c, ChannelType.EEG, "V", 100, SAMPLES));
        }
        List<PairedWindow> out = new ArrayList<>();
        for (int t = 0; t < 3 * perClass; t++) {
            int label = t % 3;
            float[] data = new float[CHANNELS * SAMPLES];
            for (int c = 0; c < CHANNELS; c++) {
                for (int s = 0; s < SAMPLES; s++) {
                    data[c * SAMPLES + s] = (float) (1e-5 * Math.sqrt(var[label][c]) * rnd.nextGaussian());
                }
            }
            Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
            blocks.put(Modality.EEG, new SignalBlock(chans.stream().map(Channel::name).toList(), 100,
                    (long) SAMPLES * t, SAMPLES, data));
            Map<Modality, List<Channel>> channels = new EnumMap<>(Modality.class);
            channels.put(Modality.EEG, chans);
            out.add(new PairedWindow(blocks, channels, OptionalInt.of(label), new RecordingKey("01", "", "t", "1"),
                    t));
        }
        return out;
    }

    @Test
    void oneCspPerClassAgainstTheRestSeparatesThreeClasses() {
        WindowClassifier.Trained m = new CspLda(1, 0.0).fit(windows(30, 1));
        assertEquals(List.of(0, 1, 2), java.util.Arrays.stream(m.classes()).boxed().toList());
        List<PairedWindow> test = windows(30, 2);
        int[] predicted = m.predict(test);
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            right += predicted[i] == test.get(i).label().getAsInt() ? 1 : 0;
        }
        // a single CSP (class 0 against the rest) tells 1 from 2 at chance: at most about 2/3 right
        assertTrue(right >= 0.9 * predicted.length, right + " of " + predicted.length);
    }

    @Test
    void parameterRanges() {
        new CspLda(1, 0.0);
        new CspLda(2, 0.99);
        assertThrows(IllegalArgumentException.class, () -> new CspLda(0, 0.05));
        assertThrows(IllegalArgumentException.class, () -> new CspLda(1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> new CspLda(1, -0.01));
        assertEquals(List.of(Modality.EEG), new CspLda().modalities());
    }
}
