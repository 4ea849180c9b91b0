package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.MathContext;
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

/** The fNIRS slope keeps its precision on a large mean (issue 19, fourth round). */
class FnirsMeanSlopeSurvivorsTest {
    @Test
    void aSlopeOfAFewUlpsOnAMeanOfOneIsExactToTwelveDigits() {
        // five samples a few float steps around 1 at 1 Hz: the least-squares slope Σ dx·y / Σ dx², dx = −2 .. 2,
        // is about 6e-8, fourteen orders below the mean; computed about the mean it stays exact in double
        float[] y = {1.0000005f, 0.9999993f, 1.0000005f, 1.0000001f, 1.0000004f};
        BigDecimal sxy = BigDecimal.ZERO;
        for (int s = 0; s < y.length; s++) {
            sxy = sxy.add(BigDecimal.valueOf(s - 2).multiply(new BigDecimal(y[s])));
        }
        double slope = sxy.divide(BigDecimal.TEN, MathContext.DECIMAL128).doubleValue();
        List<Channel> chans = List.of(new Channel("S1_D1 hbo", ChannelType.HBO, "mol/L", 1, y.length));
        Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
        blocks.put(Modality.FNIRS, new SignalBlock(List.of("S1_D1 hbo"), 1, 0, y.length, y));
        Map<Modality, List<Channel>> channels = new EnumMap<>(Modality.class);
        channels.put(Modality.FNIRS, chans);
        PairedWindow w = new PairedWindow(blocks, channels, OptionalInt.of(0), new RecordingKey("01", "", "t", "1"), 0);

        double[] f = new FnirsMeanSlope(ChannelType.HBO, 1).features(w);
        assertEquals(2, f.length);
        assertEquals(5.960464477539063e-8, slope, 1e-22, "the fixture's premise");
        assertEquals(slope, f[1], 1e-12 * slope);
    }
}
