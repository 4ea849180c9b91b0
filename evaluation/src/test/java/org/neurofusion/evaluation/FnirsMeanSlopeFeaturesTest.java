package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;

/**
 * The Shin et al. (2017) features against hand computations. The HbO channel holds y = s² (s the sample index),
 * whose least-squares slope over equally spaced points symmetric about their centre c is the derivative there,
 * 2c per sample (the quadratic's even part adds nothing to the slope); the HbR channel holds y = 3 − s/2, a line
 * of slope −1/2 per sample. At 5 Hz a slope per sample is five per second.
 */
class FnirsMeanSlopeFeaturesTest {
    private static final double RATE = 5;

    /** One window of {@code samples} samples: an HbO channel holding s², an HbR channel holding 3 − s/2. */
    static PairedWindow window(int samples) {
        float[] data = new float[2 * samples];
        for (int s = 0; s < samples; s++) {
            data[s] = s * s;
            data[samples + s] = (float) (3 - 0.5 * s);
        }
        List<Channel> chans = List.of(new Channel("S1_D1 hbo", ChannelType.HBO, "mol/L", RATE, samples),
                new Channel("S1_D1 hbr", ChannelType.HBR, "mol/L", RATE, samples));
        Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
        blocks.put(Modality.FNIRS, new SignalBlock(List.of("S1_D1 hbo", "S1_D1 hbr"), RATE, 0, samples, data));
        Map<Modality, List<Channel>> channels = new EnumMap<>(Modality.class);
        channels.put(Modality.FNIRS, chans);
        return new PairedWindow(blocks, channels, OptionalInt.of(0), new RecordingKey("01", "", "t", "1"), 0);
    }

    @Test
    void meansAndSlopesPerThirdOfAQuadratic() {
        // ten samples in thirds: [0, 3), [3, 6), [6, 10); 10/3 is not whole, so the last third has four samples
        double[] f = new FnirsMeanSlope(ChannelType.HBO).features(window(10));
        double[] expected = {
            (0 + 1 + 4) / 3.0, 2 * 1 * RATE, // centre 1
            (9 + 16 + 25) / 3.0, 2 * 4 * RATE, // centre 4
            (36 + 49 + 64 + 81) / 4.0, 2 * 7.5 * RATE, // centre 7.5
        };
        assertArrayEquals(expected, f, 1e-9);
    }

    @Test
    void theOtherChromophoreReadsItsOwnChannel() {
        double[] f = new FnirsMeanSlope(ChannelType.HBR, 2).features(window(8));
        // halves [0, 4) and [4, 8): means of 3 − s/2 at the centres 1.5 and 5.5, slope −0.5 per sample
        assertArrayEquals(new double[] {3 - 0.75, -0.5 * RATE, 3 - 2.75, -0.5 * RATE}, f, 1e-9);
    }

    @Test
    void oneIntervalIsTheWholeWindow() {
        double[] f = new FnirsMeanSlope(ChannelType.HBO, 1).features(window(5));
        assertArrayEquals(new double[] {(0 + 1 + 4 + 9 + 16) / 5.0, 2 * 2 * RATE}, f, 1e-9);
    }

    @Test
    void twoSamplesPerIntervalAreEnoughAndFewerAreRefused() {
        FnirsMeanSlope thirds = new FnirsMeanSlope(ChannelType.HBO);
        thirds.check(window(6));
        // [0, 2), [2, 4), [4, 6): two points each, the slope is their difference
        assertArrayEquals(new double[] {0.5, 1 * RATE, 6.5, 5 * RATE, 20.5, 9 * RATE}, thirds.features(window(6)),
                1e-9);
        assertThrows(IllegalArgumentException.class, () -> thirds.check(window(5)));
        // features checks too: with five samples one third would hold one point and no slope
        assertThrows(IllegalArgumentException.class, () -> thirds.features(window(5)));
        assertThrows(IllegalArgumentException.class, () -> new FnirsMeanSlope(ChannelType.HBO, 0));
        assertThrows(IllegalArgumentException.class, () -> new FnirsMeanSlope(ChannelType.EEG));
        assertEquals(List.of(Modality.FNIRS), thirds.modalities());
    }
}
