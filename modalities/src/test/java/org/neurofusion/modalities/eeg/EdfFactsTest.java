package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SharedData;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.types.Matrix;

/** Facts the source projects' own test suites assert about the shared EDF and BDF files. */
class EdfFactsTest {

    @Test
    void pyedflibGeneratorHeaderFields() {
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/pyedflib/test_generator.edf"))) {
            assertEquals("EDF+C", r.format());
            assertEquals(LocalDateTime.of(2011, 4, 4, 12, 57, 2), r.start().orElseThrow());
            assertEquals(600, r.recordCount());
            assertEquals(List.of("squarewave", "ramp", "pulse", "noise", "sine 1 Hz", "sine 8 Hz", "sine 8.1777 Hz",
                    "sine 8.5 Hz", "sine 15 Hz", "sine 17 Hz", "sine 50 Hz"),
                    r.channels().stream().map(Channel::name).toList());
            for (Channel c : r.channels()) {
                assertEquals(200.0, c.samplingRate());
                assertEquals(120000, c.sampleCount());
                assertEquals("V", c.unit());
            }
            assertEquals("abcxyz99", r.header().get("patient_code"));
            assertEquals("Hans Muller", r.header().get("patient_name"));
            assertEquals("male", r.header().get("patient_sex"));
            assertEquals("30-JUN-1969", r.header().get("patient_birthdate"));
            assertEquals("Dr. X", r.header().get("admin_code"));
            assertEquals("Mr. Spotty", r.header().get("technician"));
            assertEquals("test generator", r.header().get("equipment"));
            assertEquals(List.of(new Annotation(0, 0, "Recording starts"), new Annotation(600, 0, "Recording ends")),
                    r.annotations());
            assertEquals(600.0, r.durationSeconds());
        }
    }

    @Test
    void bdfGeneratorsHaveTheirRatesAndRecordDurations() {
        assertRates("eeg/pyedflib/test_generator.bdf", 30, 1000, 800, 500, 975, 999);
        assertRates("eeg/pyedflib/test_generator_datarec_generator_0_5.bdf", 60, 2000, 1600, 1000, 1950, 1998);
        assertRates("eeg/pyedflib/test_generator_datarec_generator_2.bdf", 15, 500, 400, 250, 487.5, 499.5);
    }

    private static void assertRates(String file, long records, double... rates) {
        try (EdfRecording r = EdfReader.open(SharedData.require(file))) {
            assertEquals("BDF+C", r.format());
            assertEquals(records, r.recordCount());
            assertArrayEquals(rates, r.channels().stream().mapToDouble(Channel::samplingRate).toArray(), 1e-12);
            assertEquals(30.0, r.durationSeconds(), 1e-12);
            assertEquals(Math.round(30 * rates[3]), r.channels().get(3).sampleCount());
        }
    }

    @Test
    void subSecondStartComesFromTheFirstTimeKeepingAnnotation() {
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/pyedflib/test_subsecond.edf"))) {
            LocalDateTime s = r.start().orElseThrow();
            assertEquals(LocalDateTime.of(2020, 1, 24, 4, 5, 56), s.withNano(0));
            assertEquals(394_531, s.getNano() / 1000);
        }
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/mne_testing_data/subsecond_starttime.edf"))) {
            assertEquals(1.951172, r.annotations().get(0).onset(), 1e-6);
            assertEquals(3.492188, r.annotations().get(1).onset(), 1e-6);
        }
    }

    @Test
    void utf8AnnotationTexts() {
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/pyedflib/test_utf8.edf"))) {
            assertEquals("中文测试八个字", r.annotations().get(2).description());
        }
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/mne_testing_data/test_utf8_annotations.edf"))) {
            assertEquals("仰卧", r.annotations().get(1).description());
            assertEquals(0.5, r.annotations().get(1).duration());
        }
    }

    @Test
    void legacyEdfKeepsItsFreeTextFields() {
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/pyedflib/test_legacy.edf"))) {
            assertEquals("EDF", r.format());
            assertEquals("Legacy patient description", r.header().get("patient"));
            assertEquals(null, r.header().get("patient_code"));
        }
    }

    @Test
    void fifteenAnnotationSignalsInOneBdf() {
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/mne_testing_data/multiple_annotation_chans.bdf"))) {
            assertEquals(List.of("signal_start", "EEG-check#1", "TestStim#1", "TestStim#2", "TestStim#3", "TestStim#4",
                    "TestStim#5", "TestStim#6", "TestStim#7", "Ligths-Off#1"),
                    r.annotations().stream().map(Annotation::description).toList());
            assertEquals(ChannelType.STIM, r.channels().get(r.channelIndex("Trigger")).type());
            assertEquals(ChannelType.EOG, r.channels().get(r.channelIndex("EOG")).type());
            assertEquals(ChannelType.ECG, r.channels().get(r.channelIndex("ECG")).type());
            assertEquals(ChannelType.EMG, r.channels().get(r.channelIndex("EMG")).type());
        }
    }

    @Test
    void mneTestEdfAnnotationsAndEeglabData() throws IOException {
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/mne_edf/test.edf"))) {
            assertEquals(139, r.channels().size());
            assertEquals("Status", r.channels().get(138).name());
            assertEquals(List.of(new Annotation(0, 0, "start"), new Annotation(0.1344, 0.256, "type A"),
                    new Annotation(0.3904, 1.0, "type A"), new Annotation(2.0, 0, "type B"),
                    new Annotation(2.5, 2.5, "type A")), r.annotations());
            assertEqualsMat(r, SharedData.require("eeg/mne_edf/test_edf_eeglab.mat"), 138);
        }
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/mne_edf/test.bdf"))) {
            assertEquals(73, r.channels().size());
            assertEquals(2048.0, r.channels().get(0).samplingRate());
            assertEqualsMat(r, SharedData.require("eeg/mne_edf/test_bdf_eeglab.mat"), 72);
        }
    }

    /** The EEGLAB export holds the same data in float32 µV; every value must agree to float32 rounding. */
    private static void assertEqualsMat(EdfRecording r, Path mat, int channels) throws IOException {
        try (var f = Mat5.readFromFile(mat.toFile())) {
            assertEqualsMat(r, f.getMatrix("data"), channels);
        }
    }

    private static void assertEqualsMat(EdfRecording r, Matrix m, int channels) {
        for (int c = 0; c < channels; c++) {
            double[] v = r.readAll(c);
            assertEquals(m.getNumCols(), v.length);
            for (int t = 0; t < v.length; t++) {
                float expected = m.getFloat(c, t);
                float actual = (float) (v[t] * 1e6);
                assertEquals(expected, actual, Math.ulp(expected) * 2, "channel " + c + " sample " + t);
            }
        }
    }

    @Test
    void unevenRatesStayNative() throws IOException {
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/mne_edf/test_uneven_samp.edf"))) {
            assertEquals(100.0, r.channels().get(0).samplingRate());
            assertEquals(12.8, r.channels().get(1).samplingRate(), 1e-12);
            try (var f = Mat5.readFromFile(SharedData.require("eeg/mne_edf/test_uneven_samp.mat").toFile())) {
                Matrix m = f.getMatrix("data");
                double[] v = r.readAll(0);
                assertEquals(m.getNumCols(), v.length * 16);
                for (int t = 0; t < m.getNumCols(); t++) {
                    assertEquals(m.getFloat(0, t), (float) v[t / 16], Math.ulp(m.getFloat(0, t)) * 2, "sample " + t);
                }
            }
        }
    }

    @Test
    void stimChannelTextHoldsTheFirstSamples() throws IOException {
        Path txt = SharedData.require("eeg/mne_edf/test_edf_stim_channel.txt");
        List<String> lines = Files.readAllLines(txt);
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/mne_edf/test_edf_stim_channel.edf"))) {
            assertEquals(25, r.channels().size());
            for (int c = 0; c < 24; c++) {
                // The text's producer rounded differently: allow half a digital step beyond its printed digits.
                double halfStep = Math.abs(r.signal(c).gain()) / 2;
                double[] v = new double[717];
                r.read(c, 0, v, 0, 717);
                for (int t = 0; t < 717; t++) {
                    double expected = Double.parseDouble(lines.get(t).trim().split("\\s+")[c]);
                    // The text keeps six significant digits (one decimal at most).
                    double tol = Math.max(0.05, 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(expected) + 1e-9)) - 5));
                    assertEquals(expected, v[t] * 1e6, tol * 1.001 + halfStep, "channel " + c + " t " + t);
                }
            }
        }
    }

    @Test
    void hypnogramIsAnAnnotationsOnlyRecording() {
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/mne_testing_data/SC4001EC-Hypnogram.edf"))) {
            assertTrue(r.channels().isEmpty());
            assertEquals("Sleep stage W", r.annotations().get(0).description());
            assertEquals(30630.0, r.annotations().get(0).duration());
            assertTrue(r.annotations().size() > 100, "annotations: " + r.annotations().size());
        }
    }
}
