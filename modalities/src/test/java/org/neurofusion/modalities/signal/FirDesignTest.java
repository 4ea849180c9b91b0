package org.neurofusion.modalities.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The design's pieces: the in-place Hamming low-pass is SciPy's {@code firwin} bit for bit, without allocating. */
class FirDesignTest {
    @Test
    void theInPlaceLowpassIsFirwinBitForBit() {
        double[] out = new double[1001];
        for (int len : new int[] {1, 3, 7, 101, 1001}) {
            for (double cutoff : new double[] {0.01, 0.137, 0.5, 0.9}) {
                Arrays.fill(out, Double.NaN);
                FirDesign.hammingLowpass(out, len, cutoff, 2);
                double[] expected = FirDesign.firwin(len, new double[] {cutoff}, true, 2);
                assertArrayEquals(expected, Arrays.copyOf(out, len), len + " taps, cut-off " + cutoff);
                if (len < out.length) {
                    assertTrue(Double.isNaN(out[len]), "nothing past the piece is written");
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FirDesign.hammingLowpass(out, 11, 1.5, 2));
        assertTrue(e.getMessage().contains("1.5"), e.getMessage());
    }

    /**
     * The campaign's second pipeline finding (2026-12-06): a notch of 5 Hz and its 95 harmonics at 959 Hz made
     * MNE's construction (four Hamming pieces per harmonic, each as long as the filter) allocate 20 MB, a new array
     * per piece; the pieces now share one buffer.
     */
    @Test
    void aNotchOfManyHarmonicsIsDesignedInMemoryOfTheFiltersLength() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double fs = 959;
        double[] freqs = NotchFir.harmonics(5, fs);
        assertEquals(95, freqs.length);
        NotchFir.taps(fs, freqs); // warm-up: class loading and JIT allocate too
        long before = threads.getCurrentThreadAllocatedBytes();
        double[] taps = NotchFir.taps(fs, freqs);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertEquals(FirDesign.mneAutoLength(0.5, fs), taps.length);
        // the filter and one buffer of its length (8 bytes a tap each), the control points, and headroom
        assertTrue(allocated < 4L * 8 * taps.length + (1 << 20), allocated + " bytes for " + taps.length + " taps");
        // and the notch still removes what it should: unit gain at DC, about none at the harmonics
        double dc = Arrays.stream(taps).sum();
        assertEquals(1, dc, 1e-3);
        for (double f : new double[] {5, 50, 250}) {
            double re = 0;
            double im = 0;
            for (int k = 0; k < taps.length; k++) {
                re += taps[k] * Math.cos(2 * Math.PI * f / fs * k);
                im += taps[k] * Math.sin(2 * Math.PI * f / fs * k);
            }
            assertTrue(Math.hypot(re, im) < 0.05, f + " Hz: gain " + Math.hypot(re, im));
        }
    }
}
