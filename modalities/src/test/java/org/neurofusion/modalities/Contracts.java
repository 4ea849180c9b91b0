package org.neurofusion.modalities;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SignalBlock;

/** The helpers of {@link RecordingContract}: windows to try, full reads, and the comparison of a block. */
final class Contracts {
    /** What a read must not write over: a value no reader produces from the fixtures or the shared files. */
    static final double UNTOUCHED = -1.234567e300;
    /** At most this many channels of a file get window tests: enough to meet every layout, still fast. */
    private static final int MAX_CHANNELS = 12;

    private Contracts() {
    }

    /** Every sample of every channel, read whole. */
    static double[][] readEverything(Recording r) {
        double[][] all = new double[r.channels().size()][];
        for (int c = 0; c < all.length; c++) {
            all[c] = r.readAll(c);
            assertEquals(r.channels().get(c).sampleCount(), all[c].length, "readAll length of channel " + c);
        }
        return all;
    }

    /** Up to {@value #MAX_CHANNELS} channel indices spread over the file, first and last included. */
    static int[] someChannels(Recording r) {
        int n = r.channels().size();
        if (n <= MAX_CHANNELS) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        int[] out = new int[MAX_CHANNELS];
        for (int i = 0; i < MAX_CHANNELS; i++) {
            out[i] = (int) Math.round(i * (n - 1) / (double) (MAX_CHANNELS - 1));
        }
        return out;
    }

    /**
     * Windows {first, count} of a channel of {@code n} samples: the whole, the first and last sample alone, an
     * empty window at the end, one in the middle, then {@code random} random ones (seeded by the caller).
     */
    static List<long[]> windows(long n, Random rnd, int random) {
        List<long[]> w = new ArrayList<>();
        w.add(new long[] {0, n});
        w.add(new long[] {n, 0});
        if (n > 0) {
            w.add(new long[] {0, 1});
            w.add(new long[] {n - 1, 1});
            w.add(new long[] {n / 2, 1});
        }
        for (int i = 0; i < random; i++) {
            w.add(randomWindow(n, rnd));
        }
        return w;
    }

    /** A random window {first, count} inside {@code n} samples (possibly empty). */
    static long[] randomWindow(long n, Random rnd) {
        long first = n == 0 ? 0 : (long) (rnd.nextDouble() * n);
        long count = (long) (rnd.nextDouble() * (n - first + 1));
        return new long[] {first, Math.min(count, n - first)};
    }

    /** The array filled with {@link #UNTOUCHED}. */
    static double[] filled(double[] a) {
        Arrays.fill(a, UNTOUCHED);
        return a;
    }

    /** Channel indices grouped by (rate, sample count), in file order: what one block read may combine. */
    static List<int[]> sameRateGroups(Recording r) {
        Map<String, List<Integer>> groups = new LinkedHashMap<>();
        List<Channel> cs = r.channels();
        for (int c = 0; c < cs.size(); c++) {
            groups.computeIfAbsent(cs.get(c).samplingRate() + "/" + cs.get(c).sampleCount(), k -> new ArrayList<>())
                    .add(c);
        }
        return groups.values().stream().map(l -> l.stream().mapToInt(Integer::intValue).toArray()).toList();
    }

    /** One to three channels of a group, in random order (a block need not follow file order). */
    static int[] somePermutedOf(int[] group, Random rnd) {
        int k = 1 + rnd.nextInt(Math.min(3, group.length));
        int[] out = new int[k];
        for (int i = 0; i < k; i++) {
            out[i] = group[rnd.nextInt(group.length)];
        }
        return out;
    }

    /** Asserts a block equals the float slices of the whole, with the names, rate and start of its channels. */
    static void assertBlock(double[][] all, Recording r, int[] channels, long first, int count, SignalBlock b) {
        String where = r.source().map(Path::toString).orElse("") + " block " + Arrays.toString(channels) + " at "
                + first + "+" + count;
        assertEquals(channels.length, b.channelCount(), where);
        assertEquals(count, b.sampleCount(), where);
        assertEquals(first, b.firstSample(), where);
        Channel c0 = r.channels().get(channels[0]);
        assertEquals(c0.samplingRate(), b.samplingRate(), where);
        assertEquals(first / c0.samplingRate(), b.startSeconds(), where);
        for (int i = 0; i < channels.length; i++) {
            assertEquals(r.channels().get(channels[i]).name(), b.channelNames().get(i), where);
            for (int t = 0; t < count; t++) {
                assertEquals((float) all[channels[i]][(int) first + t], b.get(i, t), where + " row " + i + " t " + t);
            }
        }
    }

    /** Where the oracle of a shared file lives. */
    static Path oracle(Path data, String relative) {
        return data.resolve("expected").resolve(relative + ".json");
    }
}
