package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.ForwardingRecording;

class InfoCommandTest {
    private static JsonNode json(CliRun r) throws Exception {
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void jsonDescribesTheWholeRecording() throws Exception {
        JsonNode j = json(CliRun.run(TestRecordings.opening(TestRecordings.mixedRates()), "info", "x", "--json"));
        assertEquals("/data/sub-01.edf", j.get("file").asText());
        assertEquals("EDF+C", j.get("format").asText());
        assertEquals("2020-01-24T04:05:56.394531", j.get("start").asText());
        assertEquals(10.0, j.get("duration_s").asDouble());
        assertTrue(j.get("duration_s").isDouble());
        assertEquals("amp", j.get("header").get("equipment").asText());
        assertEquals("X F 01-JAN-1970 Jane", j.get("header").get("patient").asText());

        JsonNode channels = j.get("channels");
        assertEquals(4, channels.size());
        JsonNode fp1 = channels.get(0);
        assertEquals("Fp1", fp1.get("name").asText());
        assertEquals("eeg", fp1.get("type").asText());
        assertEquals("V", fp1.get("unit").asText());
        assertEquals(100.0, fp1.get("sfreq").asDouble());
        assertEquals(1000, fp1.get("n_samples").asLong());
        assertEquals(3, fp1.get("position").size());
        assertEquals(-0.03, fp1.get("position").get(0).asDouble());
        assertEquals(0.08, fp1.get("position").get(1).asDouble());
        assertEquals(0.02, fp1.get("position").get(2).asDouble());
        assertEquals("AgCl", fp1.get("attributes").get("transducer").asText());
        JsonNode ecg = channels.get(3);
        assertEquals("ecg", ecg.get("type").asText());
        assertEquals(50.0, ecg.get("sfreq").asDouble());
        assertEquals(500, ecg.get("n_samples").asLong());
        assertFalse(ecg.has("position"), "position is absent when unknown");
        assertTrue(ecg.get("attributes").isObject());

        JsonNode annotations = j.get("annotations");
        assertEquals(8, annotations.size(), "JSON lists every annotation");
        assertEquals(3.0, annotations.get(2).get("onset").asDouble());
        assertEquals(0.25, annotations.get(2).get("duration").asDouble());
        assertEquals("event 2", annotations.get(2).get("description").asText());
        assertFalse(annotations.get(2).has("channel"));
        assertEquals("Cz", annotations.get(7).get("channel").asText());

        JsonNode segments = j.get("segments");
        assertEquals(1, segments.size());
        assertEquals(0.0, segments.get(0).get("onset").asDouble());
        assertEquals(10.0, segments.get(0).get("duration").asDouble());
    }

    @Test
    void jsonStartIsNullWhenUnknownAndSegmentsAreListed() throws Exception {
        JsonNode j = json(CliRun.run(TestRecordings.opening(TestRecordings.oneRate()), "info", "--json", "y"));
        assertTrue(j.get("start").isNull());
        assertTrue(j.get("file").isNull());
        assertEquals(0, j.get("annotations").size());
        assertEquals(2, j.get("segments").size());
        assertEquals(4.0, j.get("segments").get(1).get("data_offset").asDouble());
        assertEquals(10.0, j.get("segments").get(1).get("onset").asDouble());
        assertEquals(6.0, j.get("segments").get(1).get("duration").asDouble());
    }

    @Test
    void startKeepsMillisecondsAtLeastAndMicrosecondsWhenPresent() {
        assertEquals("2011-04-04T12:57:02.000", RecordingJson.isoStart(LocalDateTime.of(2011, 4, 4, 12, 57, 2)));
        assertEquals("2019-08-23T07:37:04.540", RecordingJson.isoStart(
                LocalDateTime.of(2019, 8, 23, 7, 37, 4, 540_000_000)));
        assertEquals("2018-06-14T18:23:36.000100", RecordingJson.isoStart(
                LocalDateTime.of(2018, 6, 14, 18, 23, 36, 100_000)));
        // EDF+ gives 100 ns steps; Python's datetime, and so MNE, holds microseconds.
        assertEquals("2020-01-24T04:05:56.394531", RecordingJson.isoStart(
                LocalDateTime.of(2020, 1, 24, 4, 5, 56, 394_531_200)));
        assertEquals("2000-01-01T00:00:00.000", RecordingJson.isoStart(
                LocalDateTime.of(1999, 12, 31, 23, 59, 59, 999_999_700)));
    }

    @Test
    void textGroupsChannelsByTypeAndRate() {
        CliRun r = CliRun.run(TestRecordings.opening(TestRecordings.mixedRates()), "info", "x");
        assertEquals(0, r.exitCode(), r.err());
        String out = r.out();
        assertTrue(out.contains("format       EDF+C"), out);
        assertTrue(out.contains("start        2020-01-24T04:05:56.394531"), out);
        assertTrue(out.contains("duration     10.000 s (0:00:10.000)"), out);
        assertTrue(out.matches("(?s).*eeg\\s+100\\s+V\\s+3\\s+Fp1, Fp2, Cz\n.*"), out);
        assertTrue(out.matches("(?s).*ecg\\s+50\\s+V\\s+1\\s+ECG\n.*"), out);
        assertTrue(out.contains("several rates"), out);
        assertTrue(out.contains("annotations  8"), out);
        assertTrue(out.contains("event 4"), out);
        assertFalse(out.contains("event 5"), "only the first few annotations are listed: " + out);
        assertTrue(out.contains("3 more annotations"), out);
        assertTrue(out.matches("(?s).*equipment\\s+amp\n.*"), out);
    }

    @Test
    void textShowsUnknownStartAndSegments() {
        CliRun r = CliRun.run(TestRecordings.opening(TestRecordings.oneRate()), "info", "y");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("start        unknown"), r.out());
        assertTrue(r.out().contains("segments     2"), r.out());
        assertTrue(r.out().contains("at 10.000 s for 6.000 s (data from 4.000 s)"), r.out());
        assertFalse(r.out().contains("several rates"), r.out());
    }

    @Test
    void theRecordingIsClosed() {
        boolean[] closed = {false};
        CliRun r = CliRun.run(p -> new ForwardingRecording(TestRecordings.oneRate()) {
            @Override
            public void close() {
                closed[0] = true;
            }
        }, "info", "y");
        assertEquals(0, r.exitCode());
        assertTrue(closed[0]);
    }
}
