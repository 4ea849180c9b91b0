package org.neurofusion.benchmarks;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.Recordings;
import org.neurofusion.modalities.fnirs.BeerLambert;
import org.neurofusion.modalities.fnirs.OpticalChannel;
import org.neurofusion.modalities.fnirs.OpticalDensity;

/**
 * Measures fNIRS I/O and conversion: the time to open and fully read a recording (best of several runs, each
 * from a fresh open), and the throughput of optical density plus Beer–Lambert in channels × samples per
 * second, on that file and on a simulated hour of 100 source–detector pairs at 10 Hz.
 */
public final class FnirsBenchmark {
    private final int repeats;

    public FnirsBenchmark(int repeats) {
        this.repeats = repeats;
    }

    /** Runs the benchmark on {@code file} when given, and on the simulated recording in any case. */
    public void run(Optional<Path> file, PrintStream out) {
        if (file.isPresent()) {
            Path f = file.get();
            double best = Double.MAX_VALUE;
            long values = 0;
            for (int k = 0; k < repeats + 1; k++) {
                long t0 = System.nanoTime();
                try (Recording r = Recordings.open(f)) {
                    values = 0;
                    for (int c = 0; c < r.channels().size(); c++) {
                        values += r.readAll(c).length;
                    }
                }
                double s = (System.nanoTime() - t0) / 1e9;
                if (k > 0) {
                    best = Math.min(best, s);
                }
            }
            out.printf(Locale.ROOT, "open + full read of %s: %.1f ms (%d values, best of %d)%n", f, best * 1e3, values,
                    repeats);
            try (Recording r = Recordings.open(f)) {
                convert("Beer-Lambert on " + f.getFileName(), in(r), out);
            }
        }
        convert("Beer-Lambert on simulated 100 pairs x 2 wavelengths x 1 h at 10 Hz", simulated(100, 3600 * 10), out);
    }

    private static Recording in(Recording r) {
        // Materialise once, so the timing is of the conversion, not of the reader.
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat(r.format());
        for (int c = 0; c < r.channels().size(); c++) {
            b.addChannel(r.channels().get(c), r.readAll(c));
        }
        return b.build();
    }

    private void convert(String what, Recording raw, PrintStream out) {
        long values = 0;
        for (int c = 0; c < raw.channels().size(); c++) {
            if (raw.channels().get(c).type() == ChannelType.FNIRS_CW_AMPLITUDE) {
                values += raw.channels().get(c).sampleCount();
            }
        }
        if (values == 0) {
            out.println(what + ": no raw intensity channels, skipped");
            return;
        }
        double best = Double.MAX_VALUE;
        for (int k = 0; k < repeats + 2; k++) {
            long t0 = System.nanoTime();
            Recording hb = BeerLambert.withDefaults().apply(new OpticalDensity().apply(raw));
            double s = (System.nanoTime() - t0) / 1e9;
            sink(hb.channels().size());
            if (k >= 2) {
                best = Math.min(best, s);
            }
        }
        out.printf(Locale.ROOT, "%s: %.1f ms, %.1f M channel-samples/s (optical density + Beer-Lambert)%n", what,
                best * 1e3, values / best / 1e6);
    }

    private static volatile int blackhole;

    private static void sink(int v) {
        blackhole += v;
    }

    static Recording simulated(int pairs, int samples) {
        Random rnd = new Random(7);
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("simulated");
        for (int p = 0; p < pairs; p++) {
            SensorPosition s = new SensorPosition(0.01 * p, 0, 0.08);
            SensorPosition d = new SensorPosition(0.01 * p + 0.03, 0, 0.08);
            for (double wl : new double[] {760, 850}) {
                double[] x = new double[samples];
                for (int t = 0; t < samples; t++) {
                    x[t] = 1 + 0.01 * Math.sin(t / 50.0 + p) + 0.001 * rnd.nextGaussian();
                }
                OpticalChannel oc = new OpticalChannel(p + 1, p + 1, OptionalDouble.of(wl), Optional.of(s),
                        Optional.of(d));
                b.addChannel(oc.toChannel(ChannelType.FNIRS_CW_AMPLITUDE, "V", 10, samples, Map.of()), x);
            }
        }
        return b.build();
    }
}
