package org.neurofusion.datasets.simulate;

import java.util.Arrays;
import java.util.List;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.fnirs.BeerLambert;
import org.neurofusion.modalities.fnirs.OpticalDensity;
import org.neurofusion.modalities.signal.Butterworth;
import org.neurofusion.modalities.signal.Welch;

/** What the physiological tests measure on simulated data, the way an analyst would measure it on real data. */
final class Measures {
    private Measures() {
    }

    /** The named channel's samples. */
    static double[] channel(Recording r, String name) {
        return r.readAll(r.channelIndex(name));
    }

    /**
     * Small Laplacian at C3 or C4: the channel minus the mean of its four nearest neighbours in the 30-channel cap.
     * Local rhythms such as mu stand out of the broadband background that the neighbours share, which is how ERD
     * is measured over the hand area (Pfurtscheller & Lopes da Silva 1999) once the background is realistic.
     */
    static double[] laplacian(Recording r, String centre) {
        String[] around = switch (centre) {
            case "C3" -> new String[] {"FC5", "FC1", "CP5", "CP1"};
            case "C4" -> new String[] {"FC6", "FC2", "CP6", "CP2"};
            default -> throw new IllegalArgumentException("no Laplacian neighbours for " + centre);
        };
        double[] y = channel(r, centre);
        for (String a : around) {
            double[] x = channel(r, a);
            for (int i = 0; i < y.length; i++) {
                y[i] -= x[i] / around.length;
            }
        }
        return y;
    }

    /**
     * Frequency in [lo, hi] Hz where the PSD stands highest over its log-log line fitted on [fitLo, fitHi] Hz
     * without [lo, hi], and that height as a power ratio: {frequency, ratio}.
     */
    static double[] peakOverFit(Welch.Psd psd, double lo, double hi, double fitLo, double fitHi) {
        var fit = org.neurofusion.datasets.simulate.realism.Measures.aperiodicFit(psd, fitLo, fitHi, lo, hi);
        var peak = org.neurofusion.datasets.simulate.realism.Measures.peak(psd, fit, lo, hi);
        return new double[] {peak.frequency(), Math.pow(10, peak.prominenceDb() / 10)};
    }

    /** HbO and HbR through this project's optical density and Beer–Lambert steps (default ppf). */
    static Recording haemoglobin(Recording fnirs) {
        return BeerLambert.withDefaults().apply(new OpticalDensity().apply(fnirs));
    }

    /** Least-squares slope of log10 PSD against log10 frequency over [lo, hi] Hz. */
    static double logLogSlope(Welch.Psd psd, double lo, double hi) {
        return org.neurofusion.datasets.simulate.realism.Measures.aperiodicFit(psd, lo, hi, Double.NaN, Double.NaN)
                .slope();
    }

    /** Frequency of the largest PSD value in [lo, hi] Hz. */
    static double peakFrequency(Welch.Psd psd, double lo, double hi) {
        double[] f = psd.frequencies();
        double[] p = psd.density();
        double best = Double.NEGATIVE_INFINITY;
        double at = Double.NaN;
        for (int i = 0; i < f.length; i++) {
            if (f[i] >= lo && f[i] <= hi && p[i] > best) {
                best = p[i];
                at = f[i];
            }
        }
        return at;
    }

    /** Mean PSD over [lo, hi] Hz. */
    static double meanDensity(Welch.Psd psd, double lo, double hi) {
        double[] f = psd.frequencies();
        double[] p = psd.density();
        double s = 0;
        int n = 0;
        for (int i = 0; i < f.length; i++) {
            if (f[i] >= lo && f[i] <= hi) {
                s += p[i];
                n++;
            }
        }
        return s / n;
    }

    /** Power envelope of x in [lo, hi] Hz: zero-phase band-pass, squared. */
    static double[] bandPowerSeries(double[] x, double fs, double lo, double hi) {
        double[] y = Butterworth.bandpass(4, lo, hi, fs).sosfiltfilt(x);
        for (int i = 0; i < y.length; i++) {
            y[i] *= y[i];
        }
        return y;
    }

    /** Mean of y over [from, to) seconds after each event of this description (on y's clock). */
    static double[] epochMeans(double[] y, double fs, List<Annotation> events, String description, double from,
            double to) {
        return events.stream().filter(a -> a.description().equals(description)).mapToDouble(a -> {
            int i0 = (int) Math.round((a.onset() + from) * fs);
            int i1 = (int) Math.round((a.onset() + to) * fs);
            double s = 0;
            for (int i = i0; i < i1; i++) {
                s += y[i];
            }
            return s / (i1 - i0);
        }).toArray();
    }

    static double mean(double[] x) {
        return Arrays.stream(x).average().orElse(Double.NaN);
    }

    /** Pearson correlation (the realism report's). */
    static double correlation(double[] a, double[] b) {
        return org.neurofusion.datasets.simulate.realism.Measures.correlation(a, b);
    }

    /** Block means of {@code factor} consecutive samples (decimation by averaging). */
    static double[] blockMeans(double[] x, int factor) {
        double[] y = new double[x.length / factor];
        for (int i = 0; i < y.length; i++) {
            double s = 0;
            for (int j = 0; j < factor; j++) {
                s += x[i * factor + j];
            }
            y[i] = s / factor;
        }
        return y;
    }

    /** Zero-phase band-pass of a slow series. */
    static double[] slowBand(double[] x, double fs, double lo, double hi) {
        return Butterworth.bandpass(2, lo, hi, fs).sosfiltfilt(x);
    }
}
