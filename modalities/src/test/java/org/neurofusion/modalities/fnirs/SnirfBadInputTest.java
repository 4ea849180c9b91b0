package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.modalities.Recordings;

/** Damaged and unsupported SNIRF files raise typed errors naming the file and the HDF5 path. */
class SnirfBadInputTest {
    @TempDir
    Path dir;

    /** Opens and reads everything, as a user would. */
    static void readFully(Path p) {
        try (Recording r = SnirfReader.open(p)) {
            r.header();
            for (int c = 0; c < r.channels().size(); c++) {
                r.readAll(c);
            }
        }
    }

    private <T extends RecordingException> T fails(Class<T> type, Consumer<Map<String, Object>> edit, String... words) {
        Path p = SnirfFixture.write(dir.resolve("bad.snirf"), edit);
        T e = assertThrows(type, () -> readFully(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' missing from: " + e.getMessage());
        }
        return e;
    }

    @Test
    void theFixtureItselfIsValid() {
        Path p = SnirfFixture.write(dir.resolve("ok.snirf"), m -> { });
        try (Recording r = SnirfReader.open(p)) {
            assertEquals(2, r.channels().size());
            assertEquals("S1_D1 850", r.channels().get(1).name());
            assertEquals(10.0, r.channels().get(0).samplingRate(), 1e-12);
            assertEquals(0.03, OpticalChannel.of(r.channels().get(0)).orElseThrow().distanceMeters().orElseThrow(),
                    1e-12);
            assertEquals(java.time.LocalDateTime.of(2022, 2, 17, 10, 11, 12, 500_000_000), r.start().orElseThrow());
            assertEquals(6.0, r.readAll(1)[2]);
        }
    }

    @Test
    void missingDataTimeSeries() {
        fails(CorruptRecordingException.class, m -> m.remove("/nirs/data1/dataTimeSeries"),
                "/nirs/data1/dataTimeSeries");
    }

    /** A fuzz finding: the segment of a recording that lasts longer than a double holds was an untyped error. */
    @Test
    void aTimeSpacingAtWhichTheRecordingLastsForeverIsRefused() {
        fails(CorruptRecordingException.class, m -> m.put("/nirs/data1/time", new double[] {0, 1e308}),
                "/nirs/data1/time: gives a sampling rate of 1.0E-308 Hz, at which the 4 samples would last Infinity s");
    }

    @Test
    void missingTime() {
        fails(CorruptRecordingException.class, m -> m.remove("/nirs/data1/time"), "/nirs/data1/time");
    }

    @Test
    void missingWavelengthIndex() {
        fails(CorruptRecordingException.class, m -> m.remove("/nirs/data1/measurementList2/wavelengthIndex"),
                "/nirs/data1/measurementList2/wavelengthIndex");
    }

    @Test
    void wavelengthIndexOutsideTheProbe() {
        fails(CorruptRecordingException.class, m -> m.put("/nirs/data1/measurementList2/wavelengthIndex", 3),
                "/nirs/data1/measurementList2/wavelengthIndex");
    }

    @Test
    void measurementListCountDiffersFromDataWidth() {
        fails(CorruptRecordingException.class, m -> m.put("/nirs/data1/dataTimeSeries",
                new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {1, 2, 3}}), "2 measurement list entries", "3 columns");
    }

    @Test
    void timeLengthDiffersFromRows() {
        fails(CorruptRecordingException.class, m -> m.put("/nirs/data1/time", new double[] {0, 0.1, 0.2}),
                "/nirs/data1/time", "3 time points", "4 rows");
    }

    @Test
    void unknownLengthUnit() {
        fails(UnsupportedFormatException.class, m -> m.put("/nirs/metaDataTags/LengthUnit", "furlong"),
                "/nirs/metaDataTags/LengthUnit", "furlong");
    }

    @Test
    void missingLengthUnitWithPositions() {
        fails(CorruptRecordingException.class, m -> m.remove("/nirs/metaDataTags/LengthUnit"),
                "/nirs/metaDataTags/LengthUnit");
    }

    @Test
    void frequencyDomainDataAreRefusedByName() {
        fails(UnsupportedFormatException.class, m -> m.put("/nirs/data1/measurementList1/dataType", 101),
                "/nirs/data1/measurementList1/dataType", "101", "frequency-domain");
    }

    @Test
    void unsupportedDataTypesAreNamedByTheirFamily() {
        // SNIRF's codes: 1xx frequency domain, 2xx time-domain gated, 3xx moments, 4xx diffuse correlation.
        String[] names = {"frequency-domain", "time-domain gated", "time-domain moments",
            "diffuse correlation spectroscopy"};
        for (int f = 0; f < names.length; f++) {
            int base = 100 * (f + 1);
            assertEquals("unknown", SnirfChannels.typeName(base), Integer.toString(base));
            assertEquals(names[f], SnirfChannels.typeName(base + 1));
            assertEquals(names[f], SnirfChannels.typeName(base + 99));
        }
        assertEquals("unknown", SnirfChannels.typeName(500));
        assertEquals("continuous-wave fluorescence amplitude", SnirfChannels.typeName(2));
        assertEquals("unknown", SnirfChannels.typeName(3));
        fails(UnsupportedFormatException.class, m -> m.put("/nirs/data1/measurementList2/dataType", 301),
                "/nirs/data1/measurementList2/dataType", "301", "time-domain moments");
    }

    @Test
    void nonUniformTime() {
        fails(UnsupportedFormatException.class, m -> m.put("/nirs/data1/time", new double[] {0, 0.1, 0.25, 0.3}),
                "/nirs/data1/time", "not uniformly sampled");
    }

    @Test
    void startSpacingTimeIsUnderstood() {
        Path p = SnirfFixture.write(dir.resolve("ok.snirf"), m -> m.put("/nirs/data1/time", new double[] {2, 0.04}));
        try (Recording r = SnirfReader.open(p)) {
            assertEquals(25.0, r.channels().get(0).samplingRate(), 1e-12);
            assertEquals("2.0", r.header().get("first_sample_time"));
        }
    }

    @Test
    void notHdf5() throws IOException {
        Path p = dir.resolve("text.snirf");
        Files.writeString(p, "this is not HDF5 at all, just text pretending to be SNIRF");
        RecordingException e = assertThrows(CorruptRecordingException.class, () -> Recordings.open(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("HDF5"), e.getMessage());
        Path empty = Files.createFile(dir.resolve("empty.snirf"));
        assertThrows(CorruptRecordingException.class, () -> SnirfReader.open(empty));
    }
}
