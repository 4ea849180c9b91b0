package org.neurofusion.modalities.eeg;

import java.math.RoundingMode;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;

/**
 * How one channel is stored by {@link EdfWriter}: its label, physical dimension, physical and digital
 * ranges, and the scale from SI values to the stored unit. Ranges come from the channel's own EDF
 * attributes when the data still fit them (so a file written back keeps its digital values exactly),
 * otherwise from the data's extremes over the full digital range (to keep all the resolution there is).
 */
record EdfSignalPlan(String label, String dimension, String physicalMin, String physicalMax, int digitalMin,
        int digitalMax, String transducer, String prefiltering, int samplesPerRecord, double siToFile, boolean stim,
        boolean copyDigital) {

    double gain() {
        return (Double.parseDouble(physicalMax) - Double.parseDouble(physicalMin)) / ((double) digitalMax - digitalMin);
    }

    double offset() {
        return Double.parseDouble(physicalMin) - gain() * digitalMin;
    }

    /** The digital value that the reader will turn back into (the nearest value to) {@code si}. */
    int quantize(double si) {
        if (stim) {
            return (int) Math.max(digitalMin, Math.min(digitalMax, Math.rint(si - offset())));
        }
        double d = Math.rint((si * siToFile - offset()) / gain());
        if (Double.isNaN(d)) {
            // NaN has no digital code; EDF readers conventionally see the minimum as "no data".
            return digitalMin;
        }
        return (int) Math.max(digitalMin, Math.min(digitalMax, d));
    }

    static EdfSignalPlan of(Recording rec, int index, boolean bdf, int samplesPerRecord) {
        Channel c = rec.channels().get(index);
        String label = EdfHeaderWriter.ascii(c.name());
        if (label.length() > 16) {
            throw new IllegalArgumentException("channel name '" + c.name() + "' is longer than the 16 characters an "
                    + "EDF label holds; rename it before writing");
        }
        int dLow = bdf ? -8_388_608 : -32_768;
        int dHigh = bdf ? 8_388_607 : 32_767;
        if (rec instanceof EdfRecording er && er.edfHeader().bdf() == bdf) {
            // Same bit depth: keep the source's ranges and copy its digital values, so nothing is requantised.
            EdfSignal s = er.signal(index);
            return new EdfSignalPlan(label, s.physicalDimension(), EdfNumbers.fit(s.physicalMin(), 8,
                    RoundingMode.HALF_EVEN), EdfNumbers.fit(s.physicalMax(), 8, RoundingMode.HALF_EVEN), s.digitalMin(),
                    s.digitalMax(), s.transducer(), s.prefiltering(), samplesPerRecord, 1.0 / s.unitScale(),
                    c.type() == ChannelType.STIM, true);
        }
        Map<String, String> a = c.attributes();
        String transducer = EdfHeaderWriter.ascii(a.getOrDefault("transducer", ""));
        String prefiltering = EdfHeaderWriter.ascii(a.getOrDefault("prefiltering", ""));
        double[] range = extremes(rec, index);
        boolean integers = range[2] != 0;
        if (c.type() == ChannelType.STIM && integers) {
            // Event codes are stored with a gain of exactly 1 (physical = digital + shift), so they read back as
            // the same integers; the shift lets EDF's 16 bits hold any 65536 consecutive codes.
            double lo = Math.floor(range[0]);
            if (range[1] - lo > (double) dHigh - dLow || Math.abs(lo) > 9_999_999) {
                throw new IllegalArgumentException("trigger channel '" + c.name() + "' has codes in [" + range[0]
                        + ", " + range[1] + "], wider than the " + (bdf ? "BDF" : "EDF") + " digital range allows");
            }
            long shift = (long) lo - dLow;
            return new EdfSignalPlan(label, "", Long.toString(dLow + shift), Long.toString(dHigh + shift), dLow, dHigh,
                    transducer, prefiltering, samplesPerRecord, 1.0, true, false);
        }
        String dim;
        double toFile;
        double scale = EdfHeaderParser.unitScale(a.getOrDefault("physical_dimension", ""));
        if (scale != 1.0) {
            // Every spelling of micro (µ, Greek μ, u) is written as EDF's ASCII "uV".
            dim = scale == 1e-6 ? "uV" : EdfHeaderWriter.ascii(a.get("physical_dimension").strip());
            toFile = 1.0 / scale;
        } else if (c.unit().equals("V")) {
            dim = "uV";
            toFile = 1e6;
        } else {
            dim = c.unit().equals("AU") ? "" : EdfHeaderWriter.ascii(c.unit());
            toFile = 1.0;
        }
        double lo = range[0] * toFile;
        double hi = range[1] * toFile;
        EdfSignalPlan kept = fromAttributes(a, label, dim, dLow, dHigh, transducer, prefiltering, samplesPerRecord,
                toFile, lo, hi);
        if (kept != null) {
            return kept;
        }
        if (!(hi > lo)) {
            double pad = lo == 0 ? 1 : Math.abs(lo) * 1e-3;
            lo -= pad;
            hi += pad;
        }
        String pmin = EdfNumbers.fit(lo, 8, RoundingMode.FLOOR);
        String pmax = EdfNumbers.fit(hi, 8, RoundingMode.CEILING);
        if (Double.parseDouble(pmin) == Double.parseDouble(pmax)) {
            throw new IllegalArgumentException("channel '" + c.name() + "': values " + lo + " .. " + hi + " " + dim
                    + " cannot be given a physical range in 8 characters");
        }
        return new EdfSignalPlan(label, dim, pmin, pmax, dLow, dHigh, transducer, prefiltering, samplesPerRecord,
                toFile, false, false);
    }

    private static EdfSignalPlan fromAttributes(Map<String, String> a, String label, String dim, int dLow, int dHigh,
            String transducer, String prefiltering, int spr, double toFile, double lo, double hi) {
        if (!a.containsKey("physical_min") || !a.containsKey("digital_min")
                || EdfHeaderParser.unitScale(a.getOrDefault("physical_dimension", "")) * toFile != 1.0) {
            return null;
        }
        try {
            int dmin = Integer.parseInt(a.get("digital_min"));
            int dmax = Integer.parseInt(a.get("digital_max"));
            String pmin = EdfNumbers.fit(Double.parseDouble(a.get("physical_min")), 8, RoundingMode.HALF_EVEN);
            String pmax = EdfNumbers.fit(Double.parseDouble(a.get("physical_max")), 8, RoundingMode.HALF_EVEN);
            double p0 = Double.parseDouble(pmin);
            double p1 = Double.parseDouble(pmax);
            double halfStep = Math.abs(p1 - p0) / ((double) dmax - dmin) / 2;
            boolean fits = lo >= Math.min(p0, p1) - halfStep && hi <= Math.max(p0, p1) + halfStep;
            if (dmin < dLow || dmax > dHigh || dmax <= dmin || p0 == p1 || !fits) {
                return null;
            }
            return new EdfSignalPlan(label, dim, pmin, pmax, dmin, dmax, transducer, prefiltering, spr, toFile, false,
                    false);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Minimum and maximum finite value of a channel, streamed in chunks, and whether every finite value is an
     * integer (1) or not (0): only integer channels are stored as 1:1 trigger codes.
     */
    private static double[] extremes(Recording rec, int index) {
        long n = rec.channels().get(index).sampleCount();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        boolean integers = true;
        double[] buf = new double[(int) Math.min(n, 1 << 16)];
        for (long pos = 0; pos < n; pos += buf.length) {
            int k = (int) Math.min(buf.length, n - pos);
            rec.read(index, pos, buf, 0, k);
            for (int i = 0; i < k; i++) {
                double v = buf[i];
                if (!Double.isFinite(v)) {
                    continue;
                }
                integers &= v == Math.rint(v);
                if (v < lo) {
                    lo = v;
                }
                if (v > hi) {
                    hi = v;
                }
            }
        }
        return lo <= hi ? new double[] {lo, hi, integers ? 1 : 0} : new double[] {0, 0, 1};
    }
}
