package org.neurofusion.modalities.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;

/** The steps a live stream can compute: chunked equals whole, the arithmetic of SciPy's sosfilt, the rates. */
class StreamingStepsTest {
    private static double[] noise(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 3e-5 + 1e-5 * r.nextGaussian();
        }
        return x;
    }

    /** The kernel fed {@code x} in chunks of {@code chunk} samples, outputs concatenated. */
    private static double[] chunked(StreamingStep s, double rate, double[] x, int chunk) {
        StreamingStep.Kernel k = s.kernel(rate);
        double[] out = new double[0];
        for (int from = 0; from < x.length; from += chunk) {
            double[] y = k.push(x, from, Math.min(chunk, x.length - from));
            double[] both = java.util.Arrays.copyOf(out, out.length + y.length);
            System.arraycopy(y, 0, both, out.length, y.length);
            out = both;
        }
        return out;
    }

    @Test
    void theCausalFilterInChunksOfAnySizeEqualsTheWholeAndSciPysSosfilt() {
        double[] x = noise(3000, 1);
        CausalFilter f = new CausalFilter(1, 40, 4);
        double[] whole = f.kernel(200).push(x, 0, x.length);
        for (int chunk : new int[] {1, 7, 200, 2999}) {
            assertArrayEquals(whole, chunked(f, 200, x, chunk), "chunks of " + chunk);
        }
        // sosfilt(sos, x, zi=sosfilt_zi(sos) * x[0]) through the SciPy-checked sections
        SecondOrderSections sos = Butterworth.bandpass(4, 1, 40, 200);
        double[][] zi = sos.steadyState();
        for (double[] row : zi) {
            row[0] *= x[0];
            row[1] *= x[0];
        }
        assertArrayEquals(sos.sosfilt(x, zi), whole);
    }

    @Test
    void theCausalFilterPassesItsBandStartsSettledAndRefusesNaN() {
        int n = 4000;
        double fs = 200;
        double[] inBand = new double[n];
        double[] below = new double[n];
        double[] constant = new double[n];
        for (int t = 0; t < n; t++) {
            inBand[t] = Math.sin(2 * Math.PI * 10 * t / fs);
            below[t] = Math.sin(2 * Math.PI * 0.05 * t / fs);
            constant[t] = 5;
        }
        CausalFilter f = new CausalFilter(1, 40, 4);
        assertEquals(1.0, peak(f.kernel(fs).push(inBand, 0, n), 2000), 0.02);
        assertTrue(peak(f.kernel(fs).push(below, 0, n), 2000) < 0.01);
        assertTrue(peak(f.kernel(fs).push(constant, 0, n), 0) < 1e-9, "a DC offset must not ring from the start");
        double[] bad = noise(10, 2);
        bad[4] = Double.NaN;
        assertThrows(IllegalArgumentException.class, () -> f.kernel(fs).push(bad, 0, bad.length));
        assertThrows(IllegalArgumentException.class, () -> new CausalFilter(1, 40, 4).kernel(60));
    }

    private static double peak(double[] y, int from) {
        double m = 0;
        for (int t = from; t < y.length; t++) {
            m = Math.max(m, Math.abs(y[t]));
        }
        return m;
    }

    @Test
    void decimationKeepsEveryFactorthSampleFromTheFirstInAnyChunking() {
        double[] x = noise(1001, 3);
        Decimate d = new Decimate(3);
        double[] whole = d.kernel(300).push(x, 0, x.length);
        assertEquals(334, whole.length);
        for (int k = 0; k < whole.length; k++) {
            assertEquals(x[3 * k], whole[k]);
        }
        for (int chunk : new int[] {1, 2, 4, 500}) {
            assertArrayEquals(whole, chunked(d, 300, x, chunk), "chunks of " + chunk);
        }
        assertEquals(100, d.outputRate(300));
    }

    @Test
    void bothStepsRunOnRecordingsAndTravelInPipelineJson() {
        double[] x = noise(1200, 4);
        Recording r = InMemoryRecording.builder().setFormat("test")
                .addChannel(new Channel("C3", ChannelType.EEG, "V", 200, x.length), x)
                .addChannel(new Channel("STI", ChannelType.STIM, "V", 200, x.length), new double[x.length]).build();
        Pipeline p = new Pipeline(List.of(new CausalFilter(1, 40, 4), new Decimate(2)));
        Pipeline back = Pipeline.fromJson(p.toJson());
        assertEquals(p.toJson(), back.toJson());
        Recording out = back.apply(r);
        assertEquals(100, out.channels().get(0).samplingRate());
        assertEquals(600, out.channels().get(0).sampleCount());
        assertEquals(100, out.channels().get(1).samplingRate(), "every channel shares the new clock");
        double[] filtered = new CausalFilter(1, 40, 4).kernel(200).push(x, 0, x.length);
        double[] got = out.readAll(0);
        for (int k = 0; k < got.length; k++) {
            assertEquals(filtered[2 * k], got[k]);
        }
        assertEquals(List.of("causal_filter", "decimate"),
                out.history().stream().map(h -> h.operation()).toList());
        assertEquals(Map.of("factor", "2"), out.history().get(1).parameters());
    }
}
