package org.neurofusion.datasets.simulate.realism;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurofusion.modalities.signal.Fft;
import org.neurofusion.modalities.signal.Welch;

/** The realism measures against values derived by hand on synthetic signals. */
class MeasuresTest {
    private static final double FS = 128;

    @Test
    void rmsOfASineIsItsAmplitudeOverRootTwo() {
        double[] x = new double[1280];
        for (int i = 0; i < x.length; i++) {
            x[i] = 3 * Math.sin(2 * Math.PI * 10 * i / FS);
        }
        // Whole periods (10 s of 10 Hz), so the mean square is exactly A²/2.
        assertEquals(3 / Math.sqrt(2), Measures.rms(x), 1e-9);
    }

    @Test
    void kurtosisOfAGaussianIsThreeNotZero() {
        SplittableRandom rnd = new SplittableRandom(1);
        double[] x = new double[400_000];
        for (int i = 0; i < x.length; i++) {
            x[i] = gaussian(rnd);
        }
        // Pearson's kurtosis (not the excess); its standard error is sqrt(24/n) ≈ 0.008 here.
        assertEquals(3.0, Measures.kurtosis(x), 0.04);
        // A sine has kurtosis 1.5 exactly over whole periods.
        double[] s = new double[1280];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.sin(2 * Math.PI * 10 * i / FS);
        }
        assertEquals(1.5, Measures.kurtosis(s), 1e-9);
    }

    @Test
    void correlationOfTwoSignalsBuiltWithASetCorrelation() {
        SplittableRandom rnd = new SplittableRandom(2);
        int n = 200_000;
        double rho = 0.6;
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double u = gaussian(rnd);
            double v = gaussian(rnd);
            a[i] = u;
            b[i] = rho * u + Math.sqrt(1 - rho * rho) * v;
        }
        // Standard error (1 - rho²)/sqrt(n) ≈ 0.0014.
        assertEquals(rho, Measures.correlation(a, b), 0.01);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            c[i] = -2 * a[i] + 5;
        }
        assertEquals(-1, Measures.correlation(a, c), 1e-12);
    }

    /**
     * A 10 Hz sine of amplitude A over noise of density S(f) = c/f. With 4-s Hann segments (m samples, 0.25 Hz
     * bins) the sine falls in one bin with density A²·m / (3·fs) (its power A²/2 over Hann's noise bandwidth,
     * 1.5 bins); the noise there is c/10. So the peak stands 10·log10(1 + A²·m·10 / (3·fs·c)) dB above the 1/f
     * fit, whose slope is -1. A and c are chosen to make that exactly 20 dB.
     */
    @Test
    void aSineOverOneOverFNoiseHasItsDerivedProminence() {
        int n = 1 << 16;
        int m = (int) (4 * FS);
        double c = 1e-10;
        double sinePeak = 99 * c / 10;
        double amplitude = Math.sqrt(sinePeak * 3 * FS / m);
        double[] x = oneOverF(n, c, new SplittableRandom(3));
        for (int i = 0; i < n; i++) {
            x[i] += amplitude * Math.sin(2 * Math.PI * 10 * i / FS + 0.3);
        }
        Welch.Psd psd = Welch.psd(x, FS, m);
        Measures.AperiodicFit fit = Measures.aperiodicFit(psd, 2, 40, 7, 14);
        assertEquals(-1, fit.slope(), 0.05);
        Measures.Peak p = Measures.peak(psd, fit, 7, 14);
        assertEquals(10.0, p.frequency(), 1e-9);
        // 255 half-overlapping segments: the noise under the peak scatters by about 0.4 dB, which the sine's
        // share (99 %) shrinks to a few hundredths in the ratio; the fit's own error stays under 0.3 dB.
        assertEquals(20.0, p.prominenceDb(), 0.5);
    }

    @Test
    void windowsExcursionsAndMedian() {
        double[] x = {1, -1, 2, 2, 3, 3};
        assertEquals(3, Measures.windowPower(x, 2).length);
        assertEquals(4, Measures.windowPower(x, 2)[1], 1e-12);
        double[] pw = {1, 4, 9};
        // mean 14/3, population variance (1 + 16 + 81)/3 - (14/3)² = 98/9.
        assertEquals(Math.sqrt(98.0 / 9) / (14.0 / 3), Measures.cv(pw), 1e-12);
        assertEquals(4, Measures.median(pw), 0);
        assertEquals(2.5, Measures.median(new double[] {4, 1, 3, 2}), 0);
        double[] y = new double[100];
        y[10] = 150e-6;
        y[12] = -150e-6;
        y[50] = 120e-6;
        y[90] = -101e-6;
        y[95] = 99e-6;
        // 10 and 12 are one event (within the 5-sample refractory span); 95 stays under the threshold.
        assertEquals(3, Measures.excursions(y, 100e-6, 5));
    }

    /** Noise whose one-sided density is c/f at every FFT bin: amplitudes set exactly, phases random. */
    static double[] oneOverF(int n, double c, SplittableRandom rnd) {
        Fft fft = Fft.of(n);
        double[] spec = new double[2 * fft.bins()];
        double df = FS / n;
        for (int k = 1; k < fft.bins() - 1; k++) {
            // A cosine of amplitude a carries power a²/2 = S(f)·df; its bin holds a·n/2.
            double a = Math.sqrt(2 * c / (k * df) * df);
            double phase = 2 * Math.PI * rnd.nextDouble();
            spec[2 * k] = a * n / 2 * Math.cos(phase);
            spec[2 * k + 1] = a * n / 2 * Math.sin(phase);
        }
        double[] x = new double[n];
        fft.inverse(spec, x);
        return x;
    }

    static double gaussian(SplittableRandom rnd) {
        return Math.sqrt(-2 * Math.log(1 - rnd.nextDouble())) * Math.cos(2 * Math.PI * rnd.nextDouble());
    }
}
