package org.neurofusion.modalities.meg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.core.Segment;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.Recordings;

/**
 * What the FIF reader makes of a file beyond the samples: first samples, start times, skips, annotations,
 * positions and orientations, projectors, bad channels, CTF compensation, split and compressed files. Facts about
 * the shared files come from their bytes (read independently while writing this test) and MNE's documentation
 * of them, not from this reader.
 */
class FifFactsTest {
    @TempDir
    Path dir;

    @Test
    void firstSampleAndStartOfTheElektaRecording() {
        try (FifRecording r = FifReader.open(SharedData.require("meg/mne_testing_data/misc/test_elekta_3ch_raw.fif"))) {
            assertEquals(3000, r.firstSample()); // FIFF_FIRST_SAMPLE holds 0x0bb8
            assertEquals(Instant.parse("2016-05-09T11:43:27.273957Z"), r.measurementDate().orElseThrow());
            // sample 0 is first_samp / sfreq = 3 s after the measurement date
            assertEquals(LocalDateTime.parse("2016-05-09T11:43:30.273957"), r.start().orElseThrow());
            assertEquals("50.0", r.header().get("line_freq"));
            assertEquals("FIFFT_FLOAT", r.header().get("data_type"));
            assertEquals(List.of("grad", "grad", "mag", "stim").size(), r.channels().size());
            assertEquals(1, r.segments().size());
        }
        try (FifRecording r = FifReader.open(SharedData.require(
                "meg/mne_testing_data/misc/neuromag122_test_file-raw.fif"))) {
            assertEquals(21000, r.firstSample()); // 0x5208
            assertEquals(ChannelType.GRAD, r.channels().get(0).type()); // Neuromag-122: T/m, coil type 2
        }
    }

    /** The CTF export must carry positions for its 8 EEG and 273 MEG channels, MEG ones with unit normals. */
    @Test
    void ctfExportHasPositionsAndCompensation() {
        try (FifRecording r = FifReader.open(SharedData.require(
                "meg/mne_testing_data/CTF/testdata_ctf_short_discontinuous.ds_raw.fif"))) {
            List<Channel> eeg = r.channels().stream().filter(c -> c.type() == ChannelType.EEG).toList();
            List<Channel> meg = r.channels().stream().filter(c -> c.type() == ChannelType.MAG).toList();
            assertEquals(8, eeg.size());
            assertEquals(273, meg.size());
            for (Channel c : eeg) {
                assertTrue(c.position().isPresent(), c.name());
                assertEquals("head", c.attributes().get("coord_frame"));
            }
            for (Channel c : meg) {
                assertTrue(c.position().isPresent(), c.name());
                double[] n = parse(c.attributes().get(SensorFeatures.ORIENTATION_ATTRIBUTE));
                assertEquals(1.0, Math.sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]), 1e-9, c.name());
                // In the head frame the coils sit around the head: 8 to 20 cm from its origin.
                double rr = c.position().get().distanceTo(new org.neurofusion.core.SensorPosition(0, 0, 0));
                assertTrue(rr > 0.08 && rr < 0.2, c.name() + " at " + rr + " m");
                // The coil normal points outwards, away from the head's centre.
                var p = c.position().get();
                assertTrue(n[0] * p.x() + n[1] * p.y() + n[2] * p.z() > 0, c.name() + " normal points inwards");
            }
            // EEG057 is stored at (-0.0218, -0.0980, 0.0736) m in the head frame.
            Channel e57 = r.channels().get(r.channelIndex("EEG057"));
            assertEquals(-0.0218, e57.position().get().x(), 1e-4);
            assertEquals(-0.0980, e57.position().get().y(), 1e-4);
            assertEquals(0.0736, e57.position().get().z(), 1e-4);
            assertTrue(r.channels().stream().filter(c -> c.type() == ChannelType.STIM).allMatch(c -> c.position()
                    .isEmpty()));
            FifMeasurementInfo info = r.measurementInfo();
            assertEquals(0, info.compensationGrade()); // coil types 5001: no grade in the upper bits
            assertEquals(List.of("G1BR", "G2BR", "G2OI", "G3BR", "G3OI"), info.compensations().stream()
                    .map(FifCompensation::ctfName).toList());
            assertTrue(info.deviceToHead().isPresent());
        }
    }

    @Test
    void compensationGradeOfTheCtfCompFile() {
        try (FifRecording r = FifReader.open(SharedData.require("meg/mne_python/io_tests_data/test_ctf_comp_raw.fif"))) {
            FifMeasurementInfo info = r.measurementInfo();
            assertEquals(3, info.compensationGrade()); // coil type 201609 = 3 << 16 | 5001
            assertEquals("3", r.header().get("ctf_compensation_grade"));
            List<FifCompensation> comps = info.compensations();
            assertEquals(List.of(1, 2, 0x47324f49, 3, 0x47334f49), comps.stream().map(FifCompensation::grade).toList());
            int[][] shapes = {{303, 8}, {274, 8}, {274, 5}, {274, 17}, {274, 14}};
            for (int i = 0; i < comps.size(); i++) {
                assertEquals(shapes[i][0], comps.get(i).data().length, comps.get(i).ctfName());
                assertEquals(shapes[i][1], comps.get(i).data()[0].length, comps.get(i).ctfName());
                assertEquals(shapes[i][0], comps.get(i).rowNames().size());
                assertEquals(shapes[i][1], comps.get(i).columnNames().size());
                assertFalse(comps.get(i).calibrated());
            }
            assertEquals("3", r.channels().get(r.channelIndex(comps.get(1).rowNames().get(0)))
                    .attributes().get("compensation_grade"));
        }
    }

    @Test
    void everySharedRawFileIsFoundByItsSignature() throws IOException {
        Path data = SharedData.require();
        for (String rel : new FifContractTest().sharedFiles(data)) {
            try (Recording r = Recordings.open(data.resolve(rel))) {
                assertEquals("FIF", r.format(), rel);
            }
        }
    }

    @Test
    void skipsReadAsZerosAnnotatedAndSplitSegments() {
        FifFixture f = FifContractTest.fixture(2); // 64-sample int buffers, 2 buffers skipped before the second
        try (FifRecording r = FifReader.open(f.write(dir, "skip_raw.fif"))) {
            assertEquals(64 + 128 + 64 + 64 + 10, r.channels().get(0).sampleCount());
            double[] x = r.readAll(2);
            for (int s = 64; s < 192; s++) {
                assertEquals(0.0, x[s], "skipped sample " + s);
            }
            assertEquals(f.raw(2, 64) * f.scale(2), x[192]);
            assertEquals(List.of(new Annotation(64 / 250.0, 128 / 250.0, "BAD_ACQ_SKIP")), r.annotations());
            assertEquals(List.of(new Segment(0, 0, 64 / 250.0), new Segment(192 / 250.0, 192 / 250.0, 138 / 250.0)),
                    r.segments());
            assertEquals("1", r.header().get("acquisition_skips"));
        }
        FifFixture initial = FifContractTest.fixture(0);
        initial.skipsBefore.put(0, 3); // an initial skip moves first_samp by 3 buffers of 100 samples
        initial.firstSample = 10;
        try (FifRecording r = FifReader.open(initial.write(dir, "initial_raw.fif"))) {
            assertEquals(310, r.firstSample());
            assertEquals(257, r.channels().get(0).sampleCount());
            assertTrue(r.annotations().isEmpty());
        }
    }

    @Test
    void acquisitionSkipsMayPauseForADayAndNoLonger() {
        // 250 Hz: a day is 21,600,000 samples, 337,500 buffers of 64. Two skips that add up to exactly that open,
        // and read as zeros; one buffer more, spread over the same two skips, is refused at the skip that passes.
        FifFixture f = FifContractTest.fixture(2);
        f.skipsBefore.put(1, 300_000);
        f.skipsBefore.put(2, 37_500);
        try (FifRecording r = FifReader.open(f.write(dir, "day_raw.fif"))) {
            assertEquals(64 * 3 + 10 + 21_600_000L, r.channels().get(0).sampleCount());
            double[] x = new double[3];
            r.read(1, 128 + 21_600_000L - 1, x, 0, 3);
            assertEquals(0.0, x[0]);
            assertEquals(f.raw(1, 128) * f.scale(1), x[1]);
            assertEquals("2", r.header().get("acquisition_skips"));
        }
        f.skipsBefore.put(2, 37_501);
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class,
                () -> FifReader.open(f.write(dir, "longer_raw.fif")).close());
        assertTrue(e.getMessage().contains("FIFF_DATA_SKIP at byte") && e.getMessage().contains("37501 buffers")
                && e.getMessage().contains("21600064 samples") && e.getMessage().contains("24 h"), e.getMessage());
        // The largest counts a tag holds: refused at the first, before any sum of them could overflow.
        f.skipsBefore.put(1, Integer.MAX_VALUE);
        f.skipsBefore.put(2, Integer.MAX_VALUE);
        e = assertThrows(CorruptRecordingException.class, () -> FifReader.open(f.write(dir, "huge_raw.fif")).close());
        assertTrue(e.getMessage().contains(Integer.MAX_VALUE + " buffers of 64 samples"), e.getMessage());
    }

    @Test
    void annotationsCountFromTheFirstSample() {
        FifFixture f = FifContractTest.fixture(1); // first_samp 1000 at 250 Hz: sample 0 is 4 s after meas_date
        f.bufferSamples = new int[] {500, 500, 500}; // 6 s of data
        f.annotationOrigin = f.measDate;
        f.annotations.add(new double[] {5.5, 0.25});
        f.annotations.add(new double[] {3.0, 2.0}); // starts before the data: clipped
        f.annotations.add(new double[] {400, 1}); // after the data: dropped, as MNE drops it
        f.descriptions.addAll(List.of("a:b", "early", "late"));
        try (FifRecording r = FifReader.open(f.write(dir, "ann_raw.fif"))) {
            List<Annotation> a = r.annotations();
            assertEquals(2, a.size(), a.toString());
            assertEquals(new Annotation(0, 1.0, "early"), a.get(0));
            assertEquals("a:b", a.get(1).description());
            assertEquals(1.5, a.get(1).onset(), 1e-6);
            assertEquals(0.25, a.get(1).duration(), 1e-6);
        }
        f.annotationOrigin = null; // onsets then count from the first sample
        try (FifRecording r = FifReader.open(f.write(dir, "ann2_raw.fif"))) {
            assertEquals(2, r.annotations().size(), r.annotations().toString());
            assertEquals(new Annotation(3.0, 2.0, "early"), r.annotations().get(0));
            assertEquals(5.5, r.annotations().get(1).onset(), 1e-6);
        }
    }

    @Test
    void positionsAreMovedIntoTheHeadFrame() {
        FifFixture f = FifContractTest.fixture(0); // device (x, y, z) -> head (-y, x, z + 0.04)
        try (FifRecording r = FifReader.open(f.write(dir, "pos_raw.fif"))) {
            Channel grad = r.channels().get(0);
            assertEquals(ChannelType.GRAD, grad.type());
            assertEquals("T/m", grad.unit());
            assertEquals(-0.02, grad.position().get().x(), 1e-7);
            assertEquals(0.01, grad.position().get().y(), 1e-7);
            assertEquals(0.13, grad.position().get().z(), 1e-7);
            assertArrayEquals(new double[] {0, 0, 1}, parse(grad.attributes().get("orientation")), 1e-12);
            Channel mag = r.channels().get(1);
            assertEquals(ChannelType.MAG, mag.type());
            assertEquals("T", mag.unit());
            assertEquals(0.02, mag.position().get().y(), 1e-7);
            Channel eeg = r.channels().get(2);
            assertEquals(0.05, eeg.position().get().x(), 1e-7); // electrodes are stored in the head frame
            assertEquals(-0.02, eeg.position().get().y(), 1e-7);
            assertEquals("V", eeg.unit());
            Channel stim = r.channels().get(3);
            assertEquals(ChannelType.STIM, stim.type());
            assertTrue(stim.position().isEmpty());
            assertEquals("AU", stim.unit());
            float[] feat = SensorFeatures.of(grad);
            assertEquals(1f, feat[SensorFeatures.ORIENTATION + 2]);
        }
        f.devHeadT = false;
        try (FifRecording r = FifReader.open(f.write(dir, "pos2_raw.fif"))) {
            Channel grad = r.channels().get(0);
            assertEquals(0.01, grad.position().get().x(), 1e-7);
            assertTrue(grad.attributes().get("coord_frame").startsWith("device"));
            assertEquals("absent", r.header().get("dev_head_t"));
        }
    }

    @Test
    void projectorsBadsAndNamesAreExposed() {
        FifFixture f = FifContractTest.fixture(4);
        f.bads = List.of("EEG 001", "NOT THERE");
        try (FifRecording r = FifReader.open(f.write(dir, "proj_raw.fif"))) {
            FifMeasurementInfo info = r.measurementInfo();
            assertEquals(List.of("EEG 001"), info.bads()); // names absent from the channels are dropped, as in MNE
            assertEquals("true", r.channels().get(2).attributes().get("bad"));
            assertEquals(1, info.projectors().size());
            FifProjector p = info.projectors().get(0);
            assertEquals("PCA-v1", p.description());
            assertFalse(p.active());
            assertEquals(List.of("MEG 0113", "MEG 0111"), p.channelNames());
            assertArrayEquals(new double[] {0.6f, 0.8f}, p.vectors()[0]);
            assertEquals("1", r.header().get("projectors"));
            assertEquals("tester", r.header().get("experimenter"));
            assertEquals("1.3", r.header().get("fiff_version")); // FifBytes writes version 0x00010003
        }
        FifFixture longNames = FifContractTest.fixture(0);
        longNames.names = new String[] {"MEG 0113", "MEG 0111", "EEG with a long name", "EEG with a long name"};
        longNames.extendedNames = true;
        try (FifRecording r = FifReader.open(longNames.write(dir, "long_raw.fif"))) {
            // full names from FIFFB_CH_INFO, then repeated names numbered as MNE numbers them
            assertEquals(List.of("MEG 0113", "MEG 0111", "EEG with a long name-0", "EEG with a long name-1"),
                    r.channels().stream().map(Channel::name).toList());
        }
    }

    @Test
    void measurementDateFallsBackToTheFileId() {
        FifFixture f = FifContractTest.fixture(0);
        f.measDate = null;
        try (FifRecording r = FifReader.open(f.write(dir, "nodate_raw.fif"))) {
            // FifBytes writes the file id with 1 600 000 000 s and 250 000 µs
            assertEquals(Instant.ofEpochSecond(1_600_000_000L, 250_000_000L), r.measurementDate().orElseThrow());
        }
    }

    @Test
    void splitRecordingsAreReadAcrossTheirParts() throws IOException {
        FifFixture first = FifContractTest.fixture(0);
        first.nextFile = "split_raw-1.fif";
        Path p1 = first.write(dir, "split_raw.fif");
        FifFixture second = FifContractTest.fixture(0);
        second.bufferSamples = new int[] {30};
        Path p2 = second.write(dir, "split_raw-1.fif");
        try (FifRecording r = FifReader.open(p1)) {
            assertEquals(257 + 30, r.channels().get(0).sampleCount());
            assertEquals(List.of(p1, p2), r.files());
            double[] x = new double[4];
            r.read(1, 255, x, 0, 4); // across the boundary between the files
            assertEquals(first.raw(1, 255) * first.scale(1), x[0]);
            assertEquals(first.raw(1, 256) * first.scale(1), x[1]);
            assertEquals(second.raw(1, 0) * second.scale(1), x[2]);
            assertEquals(second.raw(1, 1) * second.scale(1), x[3]);
            assertEquals("split_raw.fif, split_raw-1.fif", r.header().get("split_parts"));
        }
        Files.delete(p2);
        try (FifRecording r = FifReader.open(p1)) {
            assertEquals(257, r.channels().get(0).sampleCount());
            assertTrue(r.header().get("warnings").contains("does not exist"), r.header().toString());
        }
        assertEquals("run_raw-2.fif", FifReader.numbered("run_raw-1.fif", 2));
        assertEquals("run_raw-1.fif", FifReader.numbered("run_raw.fif", 1));
    }

    @Test
    void gzipCompressedFilesAreReadInMemory() throws IOException {
        FifFixture f = FifContractTest.fixture(3);
        Path plain = f.write(dir, "zip_raw.fif");
        Path gz = dir.resolve("zip_raw.fif.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(Files.readAllBytes(plain));
        }
        try (Recording a = Recordings.open(plain); Recording b = Recordings.open(gz)) {
            for (int c = 0; c < a.channels().size(); c++) {
                assertArrayEquals(a.readAll(c), b.readAll(c));
            }
            assertTrue(b.header().get("compression").startsWith("gzip"));
        }
    }

    private static double[] parse(String xyz) {
        String[] p = xyz.split(",");
        return new double[] {Double.parseDouble(p[0]), Double.parseDouble(p[1]), Double.parseDouble(p[2])};
    }
}
