package org.neurofusion.modalities.fnirs;

import io.jhdf.api.Dataset;
import java.util.Locale;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * The sampling of a SNIRF time series, from its {@code time} dataset: either one time point per row, or
 * {@code [start, spacing]} (the SNIRF shorthand for uniform sampling).
 *
 * <p>From a vector the rate is (n − 1) / (t<sub>n−1</sub> − t<sub>0</sub>), the exact rate of a uniform
 * clock. Every point must lie within {@value #TOLERANCE_PERIODS} of a period of that clock; a vector that
 * does not is refused, since a fixed-rate recording cannot represent it. A two-element vector for a
 * two-row series is two time points (the shorthand and the vector read the same then only when the
 * start is 0, and the vector is what writers of two-sample files mean).
 *
 * @param rate samples per second
 * @param firstTime the time of the first sample in seconds, in the file's time axis
 */
record SnirfTimebase(double rate, double firstTime) {
    /** How far a time point may stray from the uniform clock, in periods. */
    static final double TOLERANCE_PERIODS = 0.1;

    /**
     * Reads {@code time} for a series of {@code rows} samples.
     *
     * @param secondsPerUnit the file's {@code TimeUnit} in seconds
     */
    static SnirfTimebase read(SnirfHdf h, Dataset time, long rows, double secondsPerUnit) {
        double[] t = h.numbers(time);
        String path = SnirfHdf.pathOf(time);
        for (int i = 0; i < t.length; i++) {
            if (!Double.isFinite(t[i])) {
                throw h.corrupt(path, "time point " + i + " is " + t[i]);
            }
            t[i] *= secondsPerUnit;
        }
        if (t.length == 2 && rows != 2) {
            double spacing = t[1];
            if (!(spacing > 0)) {
                throw h.corrupt(path, "[start, spacing] has a spacing of " + t[1] + ", expected > 0");
            }
            return checked(h, path, 1 / spacing, t[0], rows);
        }
        if (t.length != rows) {
            throw h.corrupt(path, "has " + t.length + " time points, but dataTimeSeries has " + rows
                    + " rows (expected one time point per row, or [start, spacing])");
        }
        if (rows < 2) {
            throw new UnsupportedFormatException(h.file(), -1, path + ": a single time point gives no sampling"
                    + " rate; write [start, spacing] instead");
        }
        int n = t.length;
        double span = t[n - 1] - t[0];
        if (!(span > 0)) {
            throw h.corrupt(path, "time does not increase: first " + t[0] + " s, last " + t[n - 1] + " s");
        }
        double rate = (n - 1) / span;
        double period = span / (n - 1);
        double worst = 0;
        int worstAt = 0;
        for (int i = 0; i < n; i++) {
            double dev = Math.abs(t[i] - (t[0] + i * period));
            if (dev > worst) {
                worst = dev;
                worstAt = i;
            }
        }
        if (worst > TOLERANCE_PERIODS * period) {
            throw new UnsupportedFormatException(h.file(), -1, String.format(Locale.ROOT,
                    "%s: time points are not uniformly sampled: point %d is %.6g s away from a uniform %.9g Hz"
                            + " clock (tolerance %.2g of a period); non-uniform sampling is not supported",
                    path, worstAt, worst, rate, TOLERANCE_PERIODS));
        }
        return checked(h, path, rate, t[0], rows);
    }

    /** A rate that is positive and finite, and at which the series' duration is finite too (a spacing of 1e308 s). */
    private static SnirfTimebase checked(SnirfHdf h, String path, double rate, double first, long rows) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw h.corrupt(path, "gives a sampling rate of " + rate + " Hz");
        }
        if (!Double.isFinite(rows / rate)) {
            throw h.corrupt(path, "gives a sampling rate of " + rate + " Hz, at which the " + rows
                    + " samples would last " + rows / rate + " s");
        }
        return new SnirfTimebase(rate, first);
    }
}
