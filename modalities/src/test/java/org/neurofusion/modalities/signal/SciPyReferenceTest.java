package org.neurofusion.modalities.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Filter design and application against SciPy 1.10 and MNE-Python 1.3 on fixed inputs (the numbers come
 * from tools/reference/signal_reference.py): relative error at most 1e-6 of the reference's largest value.
 */
class SciPyReferenceTest {
    private static JsonNode ref;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = SciPyReferenceTest.class.getResourceAsStream("scipy_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
    }

    static double[] array(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = n.get(i).asDouble();
        }
        return v;
    }

    static void assertClose(double[] expected, double[] actual, double rel, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= rel * scale + 1e-15,
                    what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
        }
    }

    @Test
    void firwinMatchesSciPy() {
        for (JsonNode c : ref.get("firwin")) {
            double[] h = FirDesign.firwin(c.get("numtaps").asInt(), array(c.get("cutoff")),
                    c.get("pass_zero").asBoolean(), c.get("fs").asDouble());
            assertClose(array(c.get("taps")), h, 1e-12, "firwin " + c.get("cutoff"));
        }
    }

    @Test
    void mneFilterDesignAndZeroPhaseApplicationMatchMne() {
        for (JsonNode c : ref.get("mne_filter")) {
            double fs = c.get("fs").asDouble();
            double l = c.get("l_freq").isNull() ? Double.NaN : c.get("l_freq").asDouble();
            double h = c.get("h_freq").isNull() ? Double.NaN : c.get("h_freq").asDouble();
            double lt = Double.isNaN(l) ? Double.NaN : c.get("l_trans").isTextual() ? FirDesign.defaultLowTransition(l)
                    : c.get("l_trans").asDouble();
            double ht = Double.isNaN(h) ? Double.NaN : c.get("h_trans").isTextual()
                    ? FirDesign.defaultHighTransition(h, fs) : c.get("h_trans").asDouble();
            double[] taps = FirDesign.mneFilter(l, h, lt, ht, fs);
            String what = "MNE filter " + l + "-" + h + " Hz at " + fs + " Hz";
            assertClose(array(c.get("taps")), taps, 1e-12, what + " taps");
            assertClose(array(c.get("output")), ZeroPhaseFir.apply(taps, array(c.get("input"))), 1e-9, what);
        }
    }

    @Test
    void butterworthLfilterAndFiltfiltMatchSciPy() {
        for (JsonNode c : ref.get("butter")) {
            int order = c.get("order").asInt();
            double cutoff = c.get("cutoff").asDouble();
            double fs = c.get("fs").asDouble();
            IirFilter f = c.get("btype").asText().equals("low") ? Butterworth.lowpass(order, cutoff, fs)
                    : Butterworth.highpass(order, cutoff, fs);
            String what = "butter(" + order + ", " + cutoff + ", " + c.get("btype").asText() + ")";
            assertClose(array(c.get("b")), f.b(), 1e-10, what + " b");
            assertClose(array(c.get("a")), f.a(), 1e-10, what + " a");
            assertClose(array(c.get("zi")), f.steadyState(), 1e-9, what + " zi");
            double[] x = array(c.get("input"));
            assertClose(array(c.get("lfilter")), f.lfilter(x, null), 1e-9, what + " lfilter");
            assertClose(array(c.get("filtfilt")), f.filtfilt(x), 1e-9, what + " filtfilt");
        }
    }
}
