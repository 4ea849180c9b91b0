package org.neurofusion.modalities.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SignalBlock;

/**
 * Cuts recordings into windows of channels that share one rate (per channel type, at the native rate or
 * after resampling): fixed-length sliding windows for unlabelled training, and event-locked windows around
 * annotations, as MNE's epochs are cut. Times convert to samples at the selected channels' own rate, so
 * windows land on the right samples whatever the rates of other channels.
 */
public final class Windows {
    private Windows() {
    }

    /** Event-locked windows and the events that could not be cut, with the reason. */
    public record EventWindows(List<Window> windows, List<String> dropped) {
        public EventWindows {
            windows = List.copyOf(windows);
            dropped = List.copyOf(dropped);
        }
    }

    /** The baseline interval, seconds relative to the event, whose mean is subtracted per channel. */
    public record Baseline(double from, double to) {
        public Baseline {
            if (!(from <= to)) {
                throw new IllegalArgumentException("baseline must have from <= to, got [" + from + ", " + to + "]");
            }
        }
    }

    /**
     * Sliding windows of {@code length} seconds every {@code stride} seconds, from the first sample; a last
     * partial window is not produced.
     */
    public static List<Window> fixed(Recording r, int[] channels, double length, double stride) {
        double rate = rate(r, channels);
        int n = (int) Math.round(length * rate);
        int step = (int) Math.round(stride * rate);
        if (n < 1 || step < 1) {
            throw new IllegalArgumentException("window length " + length + " s and stride " + stride + " s must each"
                    + " be at least one sample at " + rate + " Hz");
        }
        long total = r.channels().get(channels[0]).sampleCount();
        List<Window> out = new ArrayList<>();
        for (long s = 0; s + n <= total; s += step) {
            SignalBlock b = r.read(channels, s, n);
            out.add(new Window(b, s / rate, Double.NaN, "", OptionalInt.empty()));
        }
        return out;
    }

    /**
     * Windows from {@code tmin} to {@code tmax} seconds around every annotation whose description is a key of
     * {@code labels} (both ends included, as MNE's epochs: round(tmax·rate) − round(tmin·rate) + 1 samples),
     * optionally baseline-corrected. Events whose window would leave the data are dropped and listed.
     */
    public static EventWindows events(Recording r, int[] channels, Map<String, Integer> labels, double tmin,
            double tmax, Baseline baseline) {
        if (!(tmin < tmax)) {
            throw new IllegalArgumentException("tmin must be below tmax, got " + tmin + ", " + tmax);
        }
        if (baseline != null && (baseline.from() < tmin || baseline.to() > tmax)) {
            throw new IllegalArgumentException("baseline [" + baseline.from() + ", " + baseline.to()
                    + "] s must lie inside the window [" + tmin + ", " + tmax + "] s");
        }
        double rate = rate(r, channels);
        long first = Math.round(tmin * rate);
        int n = (int) (Math.round(tmax * rate) - first + 1);
        long total = r.channels().get(channels[0]).sampleCount();
        List<Window> out = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (Annotation a : r.annotations()) {
            Integer label = labels.get(a.description());
            if (label == null) {
                continue;
            }
            long onset = Math.round(a.onset() * rate);
            long start = onset + first;
            if (start < 0 || start + n > total) {
                dropped.add(a.description() + " at " + a.onset() + " s: window " + (start / rate) + " to "
                        + ((start + n - 1) / rate) + " s leaves the data (0 to " + ((total - 1) / rate) + " s)");
                continue;
            }
            SignalBlock b = r.read(channels, start, n);
            if (baseline != null) {
                b = baselineCorrect(b, (int) (Math.round(baseline.from() * rate) - first),
                        (int) (Math.round(baseline.to() * rate) - first));
            }
            out.add(new Window(b, start / rate, a.onset(), a.description(), OptionalInt.of(label)));
        }
        return new EventWindows(out, dropped);
    }

    private static SignalBlock baselineCorrect(SignalBlock b, int from, int to) {
        float[] d = b.data().clone();
        int n = b.sampleCount();
        for (int c = 0; c < b.channelCount(); c++) {
            double m = 0;
            for (int t = from; t <= to; t++) {
                m += d[c * n + t];
            }
            m /= (to - from + 1);
            for (int t = 0; t < n; t++) {
                d[c * n + t] = (float) (d[c * n + t] - m);
            }
        }
        return new SignalBlock(b.channelNames(), b.samplingRate(), b.firstSample(), n, d);
    }

    private static double rate(Recording r, int[] channels) {
        if (channels.length == 0) {
            throw new IllegalArgumentException("no channels selected");
        }
        Channel c0 = r.channels().get(channels[0]);
        for (int i : channels) {
            Channel c = r.channels().get(i);
            if (c.samplingRate() != c0.samplingRate()) {
                throw new IllegalArgumentException("windows need channels of one rate: " + c0.name() + " at "
                        + c0.samplingRate() + " Hz, " + c.name() + " at " + c.samplingRate() + " Hz");
            }
        }
        return c0.samplingRate();
    }
}
