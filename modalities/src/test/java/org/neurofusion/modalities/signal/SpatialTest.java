package org.neurofusion.modalities.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;

class SpatialTest {

    static InMemoryRecording eeg() {
        return InMemoryRecording.builder()
                .addChannel(new Channel("Fz", ChannelType.EEG, "V", 100, 0), new double[] {1, 2, 3, 4})
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", 100, 0), new double[] {3, 2, 1, 0})
                .addChannel(new Channel("Pz", ChannelType.EEG, "V", 100, 0), new double[] {5, 5, 5, 5})
                .addChannel(new Channel("EKG", ChannelType.ECG, "V", 100, 0), new double[] {9, 9, 9, 9})
                .build();
    }

    @Test
    void averageReferenceLeavesBadsOutOfTheMean() {
        Recording r = Rereference.average(ChannelType.EEG, Set.of("Pz")).apply(eeg());
        // Mean of Fz and Cz is 2 at every sample.
        assertArrayEquals(new double[] {-1, 0, 1, 2}, r.readAll(0), 0);
        assertArrayEquals(new double[] {3, 3, 3, 3}, r.readAll(2), 0);
        assertArrayEquals(new double[] {9, 9, 9, 9}, r.readAll(3), 0);
        assertEquals("rereference", r.history().get(0).operation());
        assertEquals("Pz", r.history().get(0).parameters().get("bads"));
        Recording all = Rereference.average(ChannelType.EEG, Set.of()).apply(eeg());
        double[] sum = new double[4];
        for (int c = 0; c < 3; c++) {
            double[] x = all.readAll(c);
            for (int t = 0; t < 4; t++) {
                sum[t] += x[t];
            }
        }
        assertArrayEquals(new double[4], sum, 1e-12);
    }

    @Test
    void namedAndBipolarReferences() {
        Recording r = Rereference.toChannels(ChannelType.EEG, List.of("Pz")).apply(eeg());
        assertArrayEquals(new double[] {-4, -3, -2, -1}, r.readAll(0), 0);
        assertArrayEquals(new double[4], r.readAll(2), 0);
        Recording b = Rereference.bipolar(List.<String[]>of(new String[] {"Fz", "Cz"})).apply(eeg());
        assertEquals("Fz-Cz", b.channels().get(4).name());
        assertArrayEquals(new double[] {-2, 0, 2, 4}, b.readAll(4), 0);
        assertThrows(IllegalArgumentException.class,
                () -> Rereference.toChannels(ChannelType.EEG, List.of("Oz")).apply(eeg()));
    }

    @Test
    void detrendAndRobustScale() {
        assertArrayEquals(new double[] {0, 0, 0, 0}, Detrend.linear(new double[] {1, 3, 5, 7}), 1e-12);
        assertArrayEquals(new double[] {-1.5, -0.5, 0.5, 1.5}, Detrend.constant(new double[] {1, 2, 3, 4}), 1e-12);
        Recording r = new RobustScale(Double.POSITIVE_INFINITY).apply(eeg());
        // Fz = 1..4: median 2.5, IQR 1.5 → (1 − 2.5)/1.5 = −1.
        assertEquals(-1.0, r.readAll(0)[0], 1e-12);
        assertEquals("AU", r.channels().get(0).unit());
        assertArrayEquals(new double[4], r.readAll(2), 0); // constant: centred only
        assertEquals(0.5, new RobustScale(0.5).apply(eeg()).readAll(0)[3], 0);
    }

    @Test
    void badChannelsAreFoundWithTheirReason() {
        Random rnd = new Random(1);
        InMemoryRecording.Builder b = InMemoryRecording.builder();
        for (int c = 0; c < 10; c++) {
            double[] x = new double[500];
            double scale = c == 3 ? 0 : c == 7 ? 500e-6 : 10e-6 * (1 + 0.1 * c);
            for (int t = 0; t < x.length; t++) {
                x[t] = scale * rnd.nextGaussian();
            }
            if (c == 9) {
                x[100] = Double.NaN;
            }
            b.addChannel(new Channel("E" + c, ChannelType.EEG, "V", 100, 0), x);
        }
        Map<String, BadChannels.Reason> bad = BadChannels.detect(b.build(), ChannelType.EEG, 1e-7, 5);
        assertEquals(Map.of("E3", BadChannels.Reason.FLAT, "E7", BadChannels.Reason.NOISY, "E9",
                BadChannels.Reason.NOT_FINITE), bad);
        assertEquals(List.of("E3", "E7", "E9"), List.copyOf(bad.keySet()));
    }

    /** 10 s at 100 Hz (EEG) and 10 Hz (fNIRS-like), events at 2 s and 9.5 s. */
    static InMemoryRecording mixed() {
        double[] fast = new double[1000];
        double[] slow = new double[100];
        for (int t = 0; t < fast.length; t++) {
            fast[t] = t / 100.0;
        }
        for (int t = 0; t < slow.length; t++) {
            slow[t] = t / 10.0;
        }
        return InMemoryRecording.builder()
                .addChannel(new Channel("C3", ChannelType.EEG, "V", 100, 0), fast)
                .addChannel(new Channel("S1_D1 hbo", ChannelType.HBO, "mol/L", 10, 0), slow)
                .addAnnotation(new Annotation(2.0, 0, "left"))
                .addAnnotation(new Annotation(9.5, 0, "right"))
                .addAnnotation(new Annotation(5.0, 0, "ignored"))
                .build();
    }
}
