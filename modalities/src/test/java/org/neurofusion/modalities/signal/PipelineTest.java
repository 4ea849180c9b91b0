package org.neurofusion.modalities.signal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;

class PipelineTest {

    static InMemoryRecording tones() {
        int n = 2500;
        double fs = 250;
        double[] mix = new double[n];
        double[] trig = new double[n];
        for (int t = 0; t < n; t++) {
            // 10 Hz in the pass band, 60 Hz above it, a DC offset below it.
            mix[t] = Math.sin(2 * Math.PI * 10 * t / fs) + Math.sin(2 * Math.PI * 60 * t / fs)
                    + 1.0;
            trig[t] = t % 250 == 0 ? 1 : 0;
        }
        return InMemoryRecording.builder()
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", fs, 0), mix)
                .addChannel(new Channel("Fz", ChannelType.EEG, "V", fs, 0), mix)
                .addChannel(new Channel("STI", ChannelType.STIM, "AU", fs, 0), trig)
                .build();
    }

    @Test
    void bandPassKeepsThePassBandWithZeroPhaseAndLeavesTriggersAlone() {
        for (String method : List.of("fir", "iir")) {
            Recording r = new Filter(1, 40, method).apply(tones());
            double[] y = r.readAll(0);
            double fs = 250;
            double maxErr = 0;
            for (int t = 500; t < 2000; t++) {
                maxErr = Math.max(maxErr, Math.abs(y[t] - Math.sin(2 * Math.PI * 10 * t / fs)));
            }
            // A 4th-order Butterworth, run twice, still lets 60 Hz through at about 2 %; the FIR stops it.
            double tol = method.equals("fir") ? 0.02 : 0.05;
            assertTrue(maxErr < tol, method + ": in the middle only the 10 Hz tone remains, in phase: " + maxErr);
            assertArrayEquals(tones().readAll(2), r.readAll(2), 0, method + ": stim untouched");
        }
        double[] bad = tones().readAll(0);
        bad[17] = Double.NaN;
        InMemoryRecording withNaN = InMemoryRecording.builder()
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", 250, 0), bad).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Filter(1, 40, "fir").apply(withNaN));
        assertTrue(e.getMessage().contains("sample 17"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Filter(1, 200, "fir").apply(tones()));
    }

    @Test
    void notchAndResampleKeepTriggersAndTimes() {
        Recording n = new Notch(60).apply(tones());
        double[] y = n.readAll(0);
        double err = 0;
        for (int t = 500; t < 2000; t++) {
            err = Math.max(err, Math.abs(y[t] - Math.sin(2 * Math.PI * 10 * t / 250.0) - 1.0));
        }
        assertTrue(err < 0.02, "60 Hz removed, 10 Hz and DC kept: " + err);
        // Resampling assumes a band-limited input (as in MNE, low-pass first): band-pass, then resample.
        Recording r = new Resample(100).apply(new Filter(1, 40, "fir").apply(tones()));
        assertEquals(100.0, r.channels().get(0).samplingRate());
        assertEquals(1000, r.channels().get(0).sampleCount());
        assertEquals(250.0, r.channels().get(2).samplingRate(), "stim keeps its rate");
        double[] z = r.readAll(0);
        // The 10 Hz tone survives at the new rate.
        double e2 = 0;
        for (int t = 200; t < 800; t++) {
            e2 = Math.max(e2, Math.abs(z[t] - Math.sin(2 * Math.PI * 10 * t / 100.0)));
        }
        // MNE's padded FFT resampling (which we match, see FftReferenceTest) trims its padding to whole
        // samples, shifting the output by a fraction of a sample: 0.046 at this 10 Hz tone, in MNE too.
        assertTrue(e2 < 0.05, "resampled: " + e2);
        assertThrows(IllegalArgumentException.class, () -> new Notch(200).apply(tones()));
        Recording empty = InMemoryRecording.builder()
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", 250, 0), new double[0]).build();
        assertEquals(0, new Resample(100).apply(empty).channels().get(0).sampleCount());
        assertEquals(0, new Filter(1, 40, "fir").apply(empty).channels().get(0).sampleCount());
    }

    @Test
    void pipelinesRoundTripThroughJsonAndRecordTheirHistory() {
        Pipeline p = new Pipeline(List.of(new Filter(1, 40, "fir"), new Notch(50), new Resample(125),
                Rereference.average(ChannelType.EEG, Set.of("Fz")), new Detrend(true), new RobustScale(20)));
        String json = p.toJson();
        Pipeline q = Pipeline.fromJson(json);
        assertEquals(json, q.toJson());
        Recording a = p.apply(tones());
        Recording b = q.apply(tones());
        assertArrayEquals(a.readAll(0), b.readAll(0), 0);
        assertEquals(List.of("filter", "notch", "resample", "rereference", "detrend", "robust_scale"),
                a.history().stream().map(s -> s.operation()).toList());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pipeline.fromJson("[{\"name\": \"filter\"}, {\"name\": \"warp\"}]"));
        assertTrue(e.getMessage().contains("step 0") || e.getMessage().contains("step 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Pipeline.fromJson("{"));
    }

    /**
     * Parameters that would ask for more than a Java array holds are refused with the step's reason before anything
     * is allocated (found while triaging PipelineFuzzTest's first input, an upsampling to 20 kHz: resampling to 1e9
     * Hz threw NegativeArraySizeException, a 1e-9 Hz high-pass OutOfMemoryError "Requested array size exceeds VM
     * limit", a 1e-9 Hz notch OutOfMemoryError listing 1.25e11 harmonics).
     */
    @Test
    void parametersAskingForMoreThanAnArrayHoldsAreRefused() {
        assertRefused("[{\"name\":\"resample\",\"parameters\":{\"sfreq\":\"1e9\"}}]", "more than one array holds");
        assertRefused("[{\"name\":\"resample\",\"parameters\":{\"sfreq\":\"1e300\"}}]",
                "more than one array holds");
        assertRefused("[{\"name\":\"filter\",\"parameters\":{\"l_freq\":\"1e-9\",\"h_freq\":\"none\"}}]",
                "more than the 16777216 a filter may have");
        assertRefused("[{\"name\":\"notch\",\"parameters\":{\"freq\":\"1e-9\"}}]",
                "more than the 1000 a notch removes");
        // What people do use stays allowed: a 0.01 Hz high-pass of 5 kHz MEG has 1.65 million taps; a 50 Hz notch
        // at 5 kHz removes 49 harmonics.
        assertEquals(1_650_001, FirDesign.mneAutoLength(0.01, 5000));
        assertEquals(49, NotchFir.harmonics(50, 5000).length);
    }

    private static void assertRefused(String pipeline, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Pipeline.fromJson(pipeline).apply(tones()));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
