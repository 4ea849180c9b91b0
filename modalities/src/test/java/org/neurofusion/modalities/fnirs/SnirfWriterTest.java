package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;

/** What the SNIRF writer writes, this reader reads back unchanged; failed writes leave nothing behind. */
class SnirfWriterTest {
    @TempDir
    Path dir;

    static final SensorPosition[] SOURCES = {new SensorPosition(-0.031, 0.052, 0.061),
        new SensorPosition(0.029, 0.05, 0.063)};
    static final SensorPosition[] DETECTORS = {new SensorPosition(-0.001, 0.055, 0.07),
        new SensorPosition(0.0, 0.02, 0.09)};

    /** Raw CW at 760 and 850 nm, two pairs, plus an accelerometer at its own rate. */
    static InMemoryRecording raw() {
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("test")
                .optStart(LocalDateTime.of(2021, 4, 23, 13, 29, 3, 250_000_000))
                .addAnnotation(new Annotation(1.5, 5.0, "1"))
                .addAnnotation(new Annotation(4.25, 0.0, "rest"))
                .addAnnotation(new Annotation(9.75, 5.0, "1"));
        int[][] pairs = {{1, 1}, {2, 1}, {2, 2}};
        double rate = 10.172526041666666;
        int n = 128;
        for (double wl : new double[] {760, 850}) {
            for (int[] p : pairs) {
                OpticalChannel o = new OpticalChannel(p[0], p[1], OptionalDouble.of(wl),
                        Optional.of(SOURCES[p[0] - 1]), Optional.of(DETECTORS[p[1] - 1]));
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = 0.01 + 1e-3 * Math.sin(i * 0.1 * p[0] + wl) + 1e-5 * p[1];
                }
                b.addChannel(o.toChannel(ChannelType.FNIRS_CW_AMPLITUDE, "V", rate, n, Map.of()), v);
            }
        }
        double[] acc = new double[500];
        for (int i = 0; i < acc.length; i++) {
            acc[i] = Math.cos(i * 0.01);
        }
        b.addChannel(new Channel("accelerometer_1_x", ChannelType.MISC, "AU", 40.0, acc.length), acc);
        return b.build();
    }

    static InMemoryRecording haemoglobin() {
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("test")
                .optStart(LocalDateTime.of(2020, 1, 2, 3, 4, 5)).addAnnotation(new Annotation(0.5, 1.0, "StartTrial"))
                .optHeader("probe.wavelengths", "690,850");
        for (int s = 1; s <= 2; s++) {
            for (ChannelType t : new ChannelType[] {ChannelType.HBO, ChannelType.HBR}) {
                OpticalChannel o = new OpticalChannel(s, 1, OptionalDouble.empty(), Optional.of(SOURCES[s - 1]),
                        Optional.of(DETECTORS[0]));
                double[] v = new double[50];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (t == ChannelType.HBO ? 1e-6 : -4e-7) * Math.sin(i * 0.3 + s);
                }
                b.addChannel(o.toChannel(t, "mol/L", 8.0, v.length, Map.of()), v);
            }
        }
        return b.build();
    }

    static void assertSameRecording(Recording expected, Recording actual) {
        assertEquals(expected.channels().size(), actual.channels().size());
        for (int i = 0; i < expected.channels().size(); i++) {
            Channel e = expected.channels().get(i);
            Channel a = actual.channels().get(i);
            assertEquals(e.name(), a.name());
            assertEquals(e.type(), a.type(), e.name());
            assertEquals(e.unit(), a.unit(), e.name());
            assertEquals(e.samplingRate(), a.samplingRate(), 1e-12 * e.samplingRate(), e.name());
            assertEquals(e.sampleCount(), a.sampleCount(), e.name());
            assertEquals(e.position(), a.position(), e.name());
            for (String key : new String[] {OpticalChannel.SOURCE, OpticalChannel.DETECTOR, OpticalChannel.WAVELENGTH,
                OpticalChannel.SOURCE_POSITION, OpticalChannel.DETECTOR_POSITION}) {
                assertEquals(e.attributes().get(key), a.attributes().get(key), e.name() + " " + key);
            }
            assertArrayEquals(expected.readAll(i), actual.readAll(i), e.name());
        }
        assertEquals(expected.annotations(), actual.annotations());
        assertEquals(expected.start(), actual.start());
    }

    @Test
    void rawRoundTripIsIdentical() {
        Path out = dir.resolve("raw.snirf");
        InMemoryRecording r = raw();
        SnirfWriter.write(r, out);
        try (Recording back = SnirfReader.open(out)) {
            assertSameRecording(r, back);
            assertEquals("SNIRF 1.1", back.format());
            assertEquals("m", back.header().get("LengthUnit"));
            assertEquals("0", back.header().get("nan_channel_count"));
        }
    }

    @Test
    void haemoglobinRoundTripIsIdentical() {
        Path out = dir.resolve("hb.snirf");
        InMemoryRecording r = haemoglobin();
        SnirfWriter.write(r, out);
        try (Recording back = SnirfReader.open(out)) {
            assertSameRecording(r, back);
            assertEquals("M", back.channels().get(0).attributes().get(SnirfChannels.DATA_UNIT));
            assertEquals("690,850", back.header().get("probe.wavelengths"));
        }
    }

    @Test
    void sharedFileSurvivesARoundTrip() {
        Path in = org.neurofusion.core.SharedData.require(SnirfSharedDataTest.HOMER3_SHORT);
        Path out = dir.resolve("copy.snirf");
        try (Recording r = SnirfReader.open(in)) {
            SnirfWriter.write(r, out);
            try (Recording back = SnirfReader.open(out)) {
                // The copy's time axis starts at 0; onsets, data, positions and names are unchanged.
                assertSameRecording(r, back);
            }
        }
    }

    @Test
    void peerCopiesAreLeftInTheBuildFolder() throws IOException {
        // For a check by another program (MNE: mne.io.read_raw_snirf); not needed by any test here.
        Path target = Paths.get("target", "snirf-written");
        Files.createDirectories(target);
        SnirfWriter.write(raw(), target.resolve("raw.snirf"));
        SnirfWriter.write(haemoglobin(), target.resolve("hb.snirf"));
        assertTrue(Files.size(target.resolve("raw.snirf")) > 0);
    }

    @Test
    void failedWriteLeavesNothingAndKeepsTheOldFile() throws IOException {
        Path out = dir.resolve("keep.snirf");
        Files.writeString(out, "old content");
        InMemoryRecording bad = InMemoryRecording.builder().setFormat("test")
                .addChannel(new Channel("S1_D1 760", ChannelType.FNIRS_CW_AMPLITUDE, "V", 10, 3), new double[3])
                .build();
        assertThrows(IllegalArgumentException.class, () -> SnirfWriter.write(bad, out));
        assertEquals("old content", Files.readString(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList());
        }
    }
}
