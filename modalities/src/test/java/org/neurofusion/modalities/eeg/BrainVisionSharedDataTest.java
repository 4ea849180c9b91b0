package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.ExpectedRecording;
import org.neurofusion.modalities.Recordings;

/** Known facts of the shared BrainVision recordings (the comparison with MNE: {@link BrainVisionContractTest}). */
class BrainVisionSharedDataTest {

    @Test
    void testVhdrFacts() {
        Path file = SharedData.require("eeg/mne_brainvision/test.vhdr");
        try (Recording r = BrainVisionReader.open(file)) {
            assertEquals("BrainVision", r.format());
            assertEquals(32, r.channels().size());
            assertEquals("INT_16", r.header().get("BinaryFormat"));
            assertEquals("MULTIPLEXED", r.header().get("DataOrientation"));
            assertEquals("UTF-8", r.header().get("Codepage"));
            assertTrue(r.header().get("Comment").contains("A m p l i f i e r  S e t u p"));
            for (Channel c : r.channels()) {
                assertEquals(1000.0, c.samplingRate());
                assertEquals(7900, c.sampleCount());
            }
            long[] expected = {486, 496, 1769, 1779, 3252, 3262, 4935, 4945, 5999, 6619, 6629, 7629, 7699};
            List<Annotation> events = r.annotations().stream().filter(a -> !a.description().startsWith("New Segment"))
                    .toList();
            assertEquals(expected.length, events.size());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], Math.round(events.get(i).onset() * 1000), events.get(i).toString());
            }
            assertEquals(LocalDateTime.of(2013, 11, 13, 16, 14, 3, 794_232_000), r.start().orElseThrow());
            // Units: CP5 is in 'BS' (unknown: misc, unscaled), CP6 in µS (misc, siemens), HL in ARU.
            assertEquals("V", r.channels().get(0).unit());
            assertEquals(ChannelType.MISC, r.channels().get(26).type());
            assertEquals("BS", r.channels().get(26).unit());
            assertEquals("S", r.channels().get(27).unit());
            assertEquals("AU", r.channels().get(28).unit());
            assertEquals("°C", r.channels().get(31).unit());
            assertEquals(1, r.segments().size());
            assertFalse(r.header().containsKey("Warnings"), r.header().get("Warnings"));
        }
    }

    /** test.vhdr holds the same data as test_bin_raw.fif (MNE's own test); compare with that file's oracle. */
    @Test
    void testVhdrEqualsFifExport() {
        Path data = SharedData.require();
        ExpectedRecording fif = ExpectedRecording.load(data, "eeg/mne_brainvision/test_bin_raw.fif");
        try (Recording r = BrainVisionReader.open(data.resolve("eeg/mne_brainvision/test.vhdr"))) {
            // The first 26 channels are EEG in µV in both (the fif was written when units were read differently).
            for (int i = 0; i < 26; i++) {
                double[] v = r.readAll(i);
                JsonNode e = fif.channels().get(i);
                for (int k = 0; k < 5; k++) {
                    assertEquals(e.get("first5").get(k).asDouble(), v[k], 1e-12, "channel " + i + " sample " + k);
                }
                double mean = 0;
                for (double x : v) {
                    mean += x;
                }
                assertEquals(e.get("mean").asDouble(), mean / v.length, 1e-12, "channel " + i + " mean");
            }
        }
    }

    @Test
    void latin1VectorizedFloatFacts() {
        Path file = SharedData.require("eeg/mne_brainvision/test_old_layout_latin1_software_filter.vhdr");
        try (Recording r = BrainVisionReader.open(file)) {
            assertEquals(29, r.channels().size());
            assertEquals(251, r.channels().get(0).sampleCount());
            assertEquals(250.0, r.channels().get(0).samplingRate());
            double[] first = new double[1];
            r.read(0, 0, first, 0, 1);
            assertEquals(5.22e-06, first[0], 1e-12);
            assertEquals("VECTORIZED", r.header().get("DataOrientation"));
            assertEquals("IEEE_FLOAT_32", r.header().get("BinaryFormat"));
            assertEquals("ISO-8859-1", r.header().get("Encoding"));
            assertTrue(r.header().get("Comment").contains("Sampling Interval [\u00b5S]: 4000"));
            // Two New Segment markers, one sample apart, stamped one microsecond apart.
            assertEquals(2, r.segments().size());
            assertEquals(0.004, r.segments().get(1).dataOffset(), 1e-12);
            assertEquals(1e-6, r.segments().get(1).onset(), 1e-9);
            assertEquals(0.004, r.segments().get(0).duration(), 1e-12);
            assertEquals(250 * 0.004, r.segments().get(1).duration(), 1e-12);
        }
    }

    @Test
    void v2CoordinatesArePositionsInMetres() {
        Path file = SharedData.require("eeg/mne_brainvision/testv2.vhdr");
        try (Recording r = BrainVisionReader.open(file)) {
            // Cz: radius 1 (idealised, MNE scales to 95 mm), theta 0 -> straight up.
            SensorPosition cz = r.channels().get(r.channelIndex("Cz")).position().orElseThrow();
            assertEquals(0, cz.x(), 1e-12);
            assertEquals(0, cz.y(), 1e-12);
            assertEquals(0.095, cz.z(), 1e-12);
            // FP1: theta -90, phi -72 -> left front on the equator.
            SensorPosition fp1 = r.channels().get(0).position().orElseThrow();
            assertEquals(-0.095 * Math.cos(Math.toRadians(72)), fp1.x(), 1e-12);
            assertEquals(0.095 * Math.sin(Math.toRadians(72)), fp1.y(), 1e-12);
            assertEquals(0, fp1.z(), 1e-12);
            for (String name : List.of("HL", "HR", "Vb", "ReRef")) {
                Channel c = r.channels().get(r.channelIndex(name));
                assertTrue(c.position().isEmpty(), name + " has radius 0: no position");
                assertEquals(ChannelType.MISC, c.type(), name);
            }
            long positioned = r.channels().stream().filter(c -> c.position().isPresent()).count();
            assertEquals(28, positioned);
            // Markers past the 7900 samples are omitted, as MNE omits them, and said so.
            assertEquals(13, r.annotations().size());
            assertTrue(r.header().get("Warnings").contains("3 marker(s) lie outside"), r.header().get("Warnings"));
        }
    }

    @Test
    void nanovoltExportIsScaledAndShortFileIsReadAsMneReadsIt() {
        Path file = SharedData.require("eeg/mne_testing_data_brainvision/Analyzer_nV_Export.vhdr");
        try (Recording r = BrainVisionReader.open(file)) {
            double[] v = new double[2];
            r.read(0, 0, v, 0, 2);
            assertEquals(-9598.54e-9, v[0], 1e-12);
            assertEquals("nV", r.channels().get(0).attributes().get("unit_in_file"));
            assertEquals("V", r.channels().get(0).unit());
            // DataPoints=64 but the file holds 2 samples: read 2, as MNE does, with a warning.
            assertEquals(2, r.channels().get(0).sampleCount());
            assertTrue(r.header().get("Warnings").contains("DataPoints=64"), r.header().get("Warnings"));
            assertEquals(LocalDateTime.of(2018, 6, 14, 18, 23, 36, 100_000), r.start().orElseThrow());
        }
    }

    @Test
    void recordingsOpenFindsTheReader() {
        Path file = SharedData.require("eeg/mne_brainvision/test.vhdr");
        assertTrue(Recordings.formats().stream().anyMatch(f -> f instanceof BrainVisionFormat));
        try (Recording r = Recordings.open(file)) {
            assertInstanceOf(BrainVisionRecording.class, r);
            assertEquals(file, r.source().orElseThrow());
        }
    }
}
