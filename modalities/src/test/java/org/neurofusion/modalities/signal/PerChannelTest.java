package org.neurofusion.modalities.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;

/** The per-channel steps give the same numbers and the same errors on one thread and on several. */
class PerChannelTest {
    private static InMemoryRecording channels(int count, int n, int nanChannel) {
        InMemoryRecording.Builder b = InMemoryRecording.builder();
        java.util.Random rnd = new java.util.Random(7);
        for (int c = 0; c < count; c++) {
            double[] x = new double[n];
            for (int t = 0; t < n; t++) {
                x[t] = rnd.nextGaussian() + Math.sin(2 * Math.PI * 50 * t / 1000.0);
            }
            if (c >= nanChannel) {
                x[n / 2 + c] = Double.NaN;
            }
            b.addChannel(new Channel("E" + c, ChannelType.EEG, "V", 1000, 0), x);
        }
        return b.addChannel(new Channel("STI", ChannelType.STIM, "AU", 1000, 0), new double[n]).build();
    }

    private static <T> T withThreads(int threads, Supplier<T> work) {
        String old = System.getProperty(PerChannel.THREADS_PROPERTY);
        System.setProperty(PerChannel.THREADS_PROPERTY, Integer.toString(threads));
        try {
            return work.get();
        } finally {
            if (old == null) {
                System.clearProperty(PerChannel.THREADS_PROPERTY);
            } else {
                System.setProperty(PerChannel.THREADS_PROPERTY, old);
            }
        }
    }

    @Test
    void threadCountDoesNotChangeTheNumbers() {
        Pipeline p = new Pipeline(List.of(new Filter(1, 40, "fir"), new Notch(50), new Resample(250),
                new Detrend(true), new RobustScale(5)));
        Recording in = channels(5, 12_000, Integer.MAX_VALUE);
        Recording one = withThreads(1, () -> p.apply(in));
        Recording three = withThreads(3, () -> p.apply(in));
        assertEquals(6, three.channels().size());
        assertEquals(250, three.channels().get(0).samplingRate());
        assertEquals(1000, three.channels().get(5).samplingRate(), "the trigger keeps its rate");
        for (int c = 0; c < 6; c++) {
            assertArrayEquals(one.readAll(c), three.readAll(c), "channel " + c);
        }
        assertEquals(List.of("filter", "notch", "resample", "detrend", "robust_scale"),
                three.history().stream().map(s -> s.operation()).toList());
    }

    @Test
    void theFirstBadChannelIsNamedWhateverTheThreads() {
        Recording in = channels(6, 4000, 2);
        for (int threads : new int[] {1, 4}) {
            IllegalArgumentException e = withThreads(threads, () -> assertThrows(IllegalArgumentException.class,
                    () -> new Notch(50).apply(in)));
            assertTrue(e.getMessage().contains("'E2'") && e.getMessage().contains("sample 2002"), e.getMessage());
        }
    }

    @Test
    void filteringReadsEachChannelOnceStraightFromTheInput() {
        Recording base = channels(3, 5000, Integer.MAX_VALUE);
        int[] reads = new int[1];
        Recording counted = new ForwardingRecording(base) {
            @Override
            public void read(int channel, long firstSample, double[] dst, int offset, int count) {
                reads[0]++;
                super.read(channel, firstSample, dst, offset, count);
            }
        };
        Recording y = new Filter(1, 40, "fir").apply(counted);
        assertEquals(4, reads[0], "one whole-channel read per channel, the trigger included");
        assertArrayEquals(ZeroPhaseFir.apply(taps(), base.readAll(1)), y.readAll(1));
    }

    private static double[] taps() {
        return FirDesign.mneFilter(1, 40, FirDesign.defaultLowTransition(1), FirDesign.defaultHighTransition(40, 1000),
                1000);
    }

    @Test
    void reusedWorkArraysLeaveNothingBehind() {
        // Channels shorter than the filter (zeros beyond the reflection) and longer ones, one thread reusing its
        // work arrays from channel to channel: each must equal the channel filtered on its own.
        for (int n : new int[] {300, 9000}) {
            Recording in = channels(4, n, Integer.MAX_VALUE);
            Recording y = withThreads(1, () -> new Filter(1, 40, "fir").apply(in));
            Recording r = withThreads(1, () -> new Resample(250).apply(in));
            for (int c = 0; c < 4; c++) {
                assertArrayEquals(ZeroPhaseFir.apply(taps(), in.readAll(c)), y.readAll(c), "filter, channel " + c);
                assertArrayEquals(Resampling.mne(in.readAll(c), 250, 1000), r.readAll(c), "resample, channel " + c);
            }
        }
    }
}
