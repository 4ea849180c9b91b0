package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Recording;

/**
 * Pins the EEG and fNIRS samples of one small configuration to the values they had before the MEG and fMRI
 * synthesis were added, so that refactoring the source series or adding random streams cannot change them silently.
 *
 * <p>Pinned to 1e-9 relative, not to the bit: the simulation's transcendental functions (HotSpot's {@code Math}
 * intrinsics) and FFTs (FFTW's SIMD kernels, chosen by the CPU) may round differently on another processor. The
 * first version pinned a hash of every sample's bits and failed on an AVX-512 machine, while a change of a random
 * stream or of the model moves these figures in their first digits.
 */
class EegPinnedTest {
    static SimulationConfig small() {
        return SimulationConfig.builder().optSeed(11).optSubjects(1).optTasks(List.of(SimulatedTask.MOTOR_IMAGERY))
                .optSessionsPerTask(1).optTrialsPerSession(2).optPreRestSeconds(5).optPostRestSeconds(5)
                .optRestingRunSeconds(0).build();
    }

    /** {@link #fingerprint} of the small configuration's EEG, computed when it was pinned. */
    static final double[] EEG = {32, 13208, 7.678824258570933, 3.0600027797226636E-4, -3.319271293680473E-5,
        1.2379361522749055E-5, -1.2172153568783342E-6};
    /** {@link #fingerprint} of its fNIRS. */
    static final double[] FNIRS = {102, 648, 2003473.877133797, 28569.672026819975, 0.04790466398973397,
        0.054039919210426966, 0.04900939823154193};

    @Test
    void eegAndFnirsSamplesAreUnchanged() {
        SimulatedRun run = Simulator.subject(small(), 0).runs().get(0);
        assertPinned(EEG, run.eeg(), "EEG");
        assertPinned(FNIRS, run.fnirs(), "fNIRS");
    }

    static void assertPinned(double[] pinned, Recording r, String what) {
        double[] f = fingerprint(r);
        assertEquals(pinned.length, f.length, what);
        for (int i = 0; i < f.length; i++) {
            assertEquals(pinned[i], f[i], 1e-9 * Math.abs(pinned[i]), what + ": figure " + i + " moved ("
                    + java.util.Arrays.toString(f) + ")");
        }
    }

    /**
     * Every sample in a few figures: the channel count and samples per channel, the sum of every sample weighted by
     * its channel's number (1, 2, ...), the sum of squares, and three samples of the middle channel (first, middle,
     * last).
     */
    static double[] fingerprint(Recording r) {
        int channels = r.channels().size();
        double weighted = 0;
        double squares = 0;
        int n = 0;
        for (int c = 0; c < channels; c++) {
            double[] x = r.readAll(c);
            n = x.length;
            for (double v : x) {
                weighted += (c + 1) * v;
                squares += v * v;
            }
        }
        double[] mid = r.readAll(channels / 2);
        return new double[] {channels, n, weighted, squares, mid[0], mid[mid.length / 2], mid[mid.length - 1]};
    }
}
