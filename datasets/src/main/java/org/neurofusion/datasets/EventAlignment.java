package org.neurofusion.datasets;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.neurofusion.core.Annotation;

/**
 * Aligns a device's clock to the reference device's from events both recorded (the same triggers sent to
 * both): the event sequences are matched by description and time, then offset and drift are fitted by least
 * squares, reference = offset + (1 + drift) × device. The residual jitter is reported; too few matches or
 * too much jitter is refused with the numbers.
 */
public final class EventAlignment {
    /** Fewer matched events than this cannot fit two parameters with any check left. */
    public static final int MIN_MATCHES = 3;

    private EventAlignment() {
    }

    /** The fitted clock and how well it fits. */
    public record Result(ClockMap clock, double residualRms, double residualMax, int matched) {
    }

    /**
     * @param reference events of the reference device (onsets in its time)
     * @param other events of the device to align (onsets in its own time)
     * @param tolerance largest allowed residual in seconds (e.g. one EEG sample and a bit)
     * @throws IllegalArgumentException when the sequences do not match, naming the counts and residuals
     */
    public static Result fit(List<Annotation> reference, List<Annotation> other, double tolerance) {
        Set<String> shared = new HashSet<>();
        reference.forEach(a -> shared.add(a.description()));
        shared.retainAll(other.stream().map(Annotation::description).toList());
        List<Annotation> ref = reference.stream().filter(a -> shared.contains(a.description())).toList();
        List<Annotation> dev = other.stream().filter(a -> shared.contains(a.description())).toList();
        if (ref.size() < MIN_MATCHES || dev.size() < MIN_MATCHES) {
            throw new IllegalArgumentException("cannot align clocks: " + ref.size() + " reference and " + dev.size()
                    + " device events share a description; at least " + MIN_MATCHES + " are needed");
        }
        List<double[]> pairs = pair(ref, dev, tolerance);
        if (pairs.size() < MIN_MATCHES) {
            throw new IllegalArgumentException("cannot align clocks: only " + pairs.size() + " of " + dev.size()
                    + " device events match a reference event (" + ref.size() + " candidates)");
        }
        // Least squares: r = a + b d.
        double n = pairs.size();
        double md = 0;
        double mr = 0;
        for (double[] p : pairs) {
            md += p[1];
            mr += p[0];
        }
        md /= n;
        mr /= n;
        double sdd = 0;
        double sdr = 0;
        for (double[] p : pairs) {
            sdd += (p[1] - md) * (p[1] - md);
            sdr += (p[1] - md) * (p[0] - mr);
        }
        double b = sdd > 0 ? sdr / sdd : 1;
        double a = mr - b * md;
        double ss = 0;
        double max = 0;
        for (double[] p : pairs) {
            double e = p[0] - (a + b * p[1]);
            ss += e * e;
            max = Math.max(max, Math.abs(e));
        }
        double rms = Math.sqrt(ss / n);
        if (max > tolerance) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "cannot align clocks: %d matched"
                    + " events leave a residual of up to %.4f s (rms %.4f s), above the tolerance of %.4f s; fitted"
                    + " offset %.4f s, drift %.1f ppm", pairs.size(), max, rms, tolerance, a, (b - 1) * 1e6));
        }
        return new Result(new ClockMap(a, b - 1), rms, max, pairs.size());
    }

    /**
     * Pairs device events with reference events: the offset is chosen as the one (from the differences of
     * same-description pairs) that matches the most events within a coarse window; drift over a recording
     * is small (parts per thousand at most), so the coarse window scales with the time span.
     */
    private static List<double[]> pair(List<Annotation> ref, List<Annotation> dev, double tolerance) {
        double span = Math.max(ref.get(ref.size() - 1).onset() - ref.get(0).onset(),
                dev.get(dev.size() - 1).onset() - dev.get(0).onset());
        double window = tolerance + 1e-3 * Math.max(span, 0);
        double bestOffset = 0;
        int bestCount = -1;
        int limit = Math.min(20, dev.size());
        for (int j = 0; j < limit; j++) {
            for (Annotation r : ref) {
                if (!r.description().equals(dev.get(j).description())) {
                    continue;
                }
                double offset = r.onset() - dev.get(j).onset();
                int count = match(ref, dev, offset, window).size();
                if (count > bestCount) {
                    bestCount = count;
                    bestOffset = offset;
                }
            }
        }
        return match(ref, dev, bestOffset, window);
    }

    private static List<double[]> match(List<Annotation> ref, List<Annotation> dev, double offset, double window) {
        List<double[]> out = new ArrayList<>();
        boolean[] used = new boolean[ref.size()];
        for (Annotation d : dev) {
            double target = d.onset() + offset;
            int best = -1;
            double bestErr = window;
            for (int i = 0; i < ref.size(); i++) {
                Annotation r = ref.get(i);
                double err = Math.abs(r.onset() - target);
                if (!used[i] && err <= bestErr && r.description().equals(d.description())) {
                    best = i;
                    bestErr = err;
                }
            }
            if (best >= 0) {
                used[best] = true;
                out.add(new double[] {ref.get(best).onset(), d.onset()});
            }
        }
        return out;
    }
}
