package org.neurofusion.datasets.simulate.realism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;

/** {@link EegStatistics} on a synthetic recording whose ERD, RMS and correlations are known. */
class EegStatisticsTest {
    private static final double FS = 160;

    /**
     * C4 carries a 20 Hz sine of 10 µV whose amplitude halves from each left-hand cue (T1) for 4.5 s: its ERD is
     * 10·log10(1/4) = -6.02 dB, while C3 (a steady 13 Hz sine) keeps 0 dB. A last channel holds minus the sum of
     * the others, so the average reference is zero and changes nothing. Names carry eegmmidb's dots.
     */
    @Test
    void erdRmsAndNamesOnASyntheticRecording() {
        int n = (int) (120 * FS);
        double[] c3 = new double[n];
        double[] c4 = new double[n];
        double[] oz = new double[n];
        double[] fp1 = new double[n];
        double[] rest = new double[n];
        double[] cues = {10, 30, 50, 70, 90};
        SplittableRandom rnd = new SplittableRandom(5);
        for (int i = 0; i < n; i++) {
            double t = i / FS;
            double a = 1;
            for (double cue : cues) {
                if (t >= cue && t < cue + 4.5) {
                    a = 0.5;
                }
            }
            c3[i] = 10e-6 * Math.sin(2 * Math.PI * 13 * t);
            c4[i] = a * 10e-6 * Math.sin(2 * Math.PI * 20 * t);
            oz[i] = 10e-6 * Math.sin(2 * Math.PI * 10 * t) + 1e-6 * MeasuresTest.gaussian(rnd);
            fp1[i] = 1e-6 * MeasuresTest.gaussian(rnd);
            rest[i] = -(c3[i] + c4[i] + oz[i] + fp1[i]);
        }
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("test");
        String[] names = {"C3..", "c4..", "Oz..", "Fp1.", "Cz.."};
        double[][] data = {c3, c4, oz, fp1, rest};
        for (int k = 0; k < names.length; k++) {
            b.addChannel(new Channel(names[k], ChannelType.EEG, "V", FS, n, Optional.empty(), Map.of()), data[k]);
        }
        for (double cue : cues) {
            b.addAnnotation(new Annotation(cue, 4.1, "T1"));
        }
        b.addAnnotation(new Annotation(100, 4.1, "T0"));
        Map<Statistic, List<Double>> s = EegStatistics.compute(b.build());

        assertEquals(5, s.get(Statistic.ERD_CONTRA).size(), "one value per T1 trial, T0 ignored");
        for (double v : s.get(Statistic.ERD_CONTRA)) {
            assertEquals(-6.02, v, 0.3);
        }
        for (double v : s.get(Statistic.ERD_LATERALITY)) {
            assertEquals(-6.02, v, 0.3);
        }
        assertEquals(0, s.get(Statistic.ERD_CONTRA_SPREAD).get(0), 0.2);
        // C3's steady 10 µV sine passes 1-40 Hz whole: RMS 10/sqrt(2) µV.
        assertEquals(10 / Math.sqrt(2), s.get(Statistic.EEG_RMS).get(0), 0.1);
        assertEquals(5, s.get(Statistic.EEG_RMS).size());
        assertEquals(List.of(10.0), s.get(Statistic.ALPHA_FREQUENCY));
        assertTrue(s.get(Statistic.ALPHA_PROMINENCE).get(0) > 20, s.toString());
        // Fp1 is Gaussian: kurtosis 3, no excursion near 100 µV.
        assertEquals(3, s.get(Statistic.FRONTAL_KURTOSIS).get(0), 0.15);
        assertEquals(List.of(0.0), s.get(Statistic.FRONTAL_EVENTS));
        // C3's power is constant while C4's steps: one coefficient of variation near 0, the other not.
        assertEquals(2, s.get(Statistic.POWER_CV_1S).size());
        assertTrue(s.get(Statistic.POWER_CV_1S).get(0) < 0.05, s.get(Statistic.POWER_CV_1S).toString());
        assertTrue(s.get(Statistic.POWER_CV_1S).get(1) > 0.3, s.get(Statistic.POWER_CV_1S).toString());
    }

    @Test
    void namesAndSides() {
        assertEquals("OZ", EegStatistics.normalise("Oz.."));
        assertEquals("FP1", EegStatistics.normalise("EEG Fp1-REF"));
        assertEquals(-1, EegStatistics.side("left_hand"));
        assertEquals(1, EegStatistics.side("T2"));
        assertEquals(0, EegStatistics.side("T0"));
    }
}
