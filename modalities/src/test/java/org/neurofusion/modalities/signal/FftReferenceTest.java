package org.neurofusion.modalities.signal;

import static org.neurofusion.modalities.signal.SciPyReferenceTest.array;
import static org.neurofusion.modalities.signal.SciPyReferenceTest.assertClose;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The FFT-based and second-order-section operations against SciPy 1.10 and MNE-Python 1.3 on fixed inputs
 * (tools/reference/signal_reference.py): 1e-6 of the reference's largest value for double precision, 1e-4
 * for the float path.
 */
class FftReferenceTest {
    private static JsonNode ref;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = FftReferenceTest.class.getResourceAsStream("scipy_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
    }

    private static double nanIfNull(JsonNode n) {
        return n.isNull() ? Double.NaN : n.asDouble();
    }

    @Test
    void overlapAddMatchesMneAndDirectConvolution() {
        for (JsonNode c : ref.get("mne_filter_long")) {
            double fs = c.get("fs").asDouble();
            double l = nanIfNull(c.get("l_freq"));
            double h = nanIfNull(c.get("h_freq"));
            double[] taps = FirDesign.mneFilter(l, h, Double.isNaN(l) ? Double.NaN : FirDesign.defaultLowTransition(l),
                    Double.isNaN(h) ? Double.NaN : FirDesign.defaultHighTransition(h, fs), fs);
            double[] x = array(c.get("input"));
            double[] expected = array(c.get("output"));
            String what = "MNE filter " + l + "-" + h + " Hz";
            OverlapAddFir ola = OverlapAddFir.forSignalLength(taps, x.length);
            assertClose(expected, ola.apply(x), 1e-6, what + " overlap-add");
            assertClose(ZeroPhaseFir.direct(taps, x), ola.apply(x), 1e-9, what + " overlap-add vs direct");
            assertClose(expected, ZeroPhaseFir.apply(taps, x), 1e-6, what + " automatic");
            // A block length other than MNE's gives the same numbers.
            assertClose(expected, new OverlapAddFir(taps, 4 * Integer.highestOneBit(taps.length)).apply(x), 1e-6,
                    what + " other block length");
            float[] xf = new float[x.length];
            for (int i = 0; i < x.length; i++) {
                xf[i] = (float) x[i];
            }
            float[] yf = ola.apply(xf);
            double[] yd = new double[yf.length];
            for (int i = 0; i < yf.length; i++) {
                yd[i] = yf[i];
            }
            assertClose(expected, yd, 1e-4, what + " float");
            double[][] rows = ZeroPhaseFir.applyAll(taps, new double[][] {x, x, x}, 2);
            for (double[] row : rows) {
                assertClose(expected, row, 1e-6, what + " multichannel");
            }
        }
    }

    @Test
    void butterworthSectionsMatchSciPy() {
        for (JsonNode c : ref.get("butter_sos")) {
            Butterworth.Band band = Butterworth.Band.valueOf(c.get("btype").asText().toUpperCase());
            SecondOrderSections sos = Butterworth.sos(c.get("order").asInt(), array(c.get("cutoffs")), band,
                    c.get("fs").asDouble());
            String what = "butter(" + c.get("order") + ", " + c.get("cutoffs") + ", " + band + ", sos)";
            JsonNode expected = c.get("sos");
            org.junit.jupiter.api.Assertions.assertEquals(expected.size(), sos.size(), what + " sections");
            double[][] got = sos.sections();
            double[][] zi = sos.steadyState();
            for (int s = 0; s < got.length; s++) {
                assertClose(array(expected.get(s)), got[s], 1e-9, what + " section " + s);
                assertClose(array(c.get("zi").get(s)), zi[s], 1e-9, what + " zi " + s);
            }
            double[] x = array(c.get("input"));
            assertClose(array(c.get("sosfilt")), sos.sosfilt(x, null), 1e-9, what + " sosfilt");
            assertClose(array(c.get("sosfiltfilt")), sos.sosfiltfilt(x), 1e-9, what + " sosfiltfilt");
        }
    }

    @Test
    void notchMatchesMne() {
        for (JsonNode c : ref.get("notch")) {
            double fs = c.get("fs").asDouble();
            double[] freqs = array(c.get("freqs"));
            String what = "notch " + c.get("freqs") + " at " + fs + " Hz";
            assertClose(array(c.get("taps")), NotchFir.taps(fs, freqs), 1e-12, what + " taps");
            assertClose(array(c.get("output")), NotchFir.apply(array(c.get("input")), fs, freqs), 1e-6, what);
        }
    }

    @Test
    void resamplingMatchesSciPyAndMne() {
        for (JsonNode c : ref.get("resample_poly")) {
            assertClose(array(c.get("output")), Resampling.resamplePoly(array(c.get("input")), c.get("up").asInt(),
                    c.get("down").asInt()), 1e-6, "resample_poly " + c.get("up") + "/" + c.get("down"));
        }
        for (JsonNode c : ref.get("resample_fft")) {
            assertClose(array(c.get("output")), Resampling.fourier(array(c.get("input")), c.get("num").asInt()),
                    1e-6, "resample to " + c.get("num"));
        }
        for (JsonNode c : ref.get("resample_mne")) {
            assertClose(array(c.get("output")), Resampling.mne(array(c.get("input")), c.get("up").asDouble(),
                    c.get("down").asDouble()), 1e-6, "MNE resample " + c.get("up") + "/" + c.get("down"));
        }
    }

    @Test
    void welchMatchesSciPy() {
        for (JsonNode c : ref.get("welch")) {
            double fs = c.get("fs").asDouble();
            Welch.Psd psd = Welch.psd(array(c.get("input")), fs, c.get("nperseg").asInt());
            String what = "welch nperseg=" + c.get("nperseg") + " n=" + c.get("input").size();
            assertClose(array(c.get("f")), psd.frequencies(), 1e-12, what + " frequencies");
            assertClose(array(c.get("psd")), psd.density(), 1e-6, what);
            assertClose(new double[] {c.get("alpha_power").asDouble()}, new double[] {psd.bandPower(8, 12)}, 1e-9,
                    what + " 8-12 Hz power");
        }
    }
}
