package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.ExpectedRecording;
import org.neurofusion.modalities.Recordings;
import org.neurofusion.modalities.io.NpyReader;

/** The command on real files of {@code ../shared/data}, through the real readers, against MNE's values. */
class EdfEndToEndTest {
    private static final String GENERATOR = "eeg/pyedflib/test_generator.edf";

    @TempDir
    Path dir;

    @Test
    void infoJsonAgreesWithMne() throws Exception {
        Path file = SharedData.require(GENERATOR);
        ExpectedRecording expected = ExpectedRecording.load(SharedData.require(), GENERATOR);
        CliRun r = CliRun.run("info", file.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals("EDF+C", j.get("format").asText());
        assertEquals("2011-04-04T12:57:02.000", j.get("start").asText());
        assertEquals(600.0, j.get("duration_s").asDouble());
        assertEquals(file.toString(), j.get("file").asText());
        JsonNode channels = j.get("channels");
        assertEquals(11, channels.size());
        List<JsonNode> exp = expected.channels();
        for (int i = 0; i < exp.size(); i++) {
            JsonNode c = channels.get(i);
            assertEquals(exp.get(i).get("name").asText(), c.get("name").asText());
            assertEquals(exp.get(i).get("type").asText(), c.get("type").asText());
            assertEquals("V", c.get("unit").asText());
            assertEquals(200.0, c.get("sfreq").asDouble());
            assertEquals(120000, c.get("n_samples").asLong());
            assertTrue(c.get("attributes").isObject());
        }
        List<Annotation> annotations = new ArrayList<>();
        j.get("annotations").forEach(a -> annotations.add(new Annotation(a.get("onset").asDouble(),
                a.get("duration").asDouble(), a.get("description").asText())));
        expected.assertAnnotations(annotations);
        assertEquals("Recording starts", annotations.get(0).description());
        assertEquals(600.0, annotations.get(1).onset());
        assertTrue(j.get("header").isObject() && j.get("header").size() > 0);
        assertEquals(1, j.get("segments").size());
    }

    @Test
    void infoTextSummarisesTheFile() {
        Path file = SharedData.require(GENERATOR);
        CliRun r = CliRun.run("info", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("format       EDF+C"), r.out());
        assertTrue(r.out().matches("(?s).*eeg\\s+200\\s+V\\s+11\\s+squarewave, ramp.*"), r.out());
        assertTrue(r.out().contains("Recording ends"), r.out());
    }

    @Test
    void subsecondStartKeepsMicroseconds() throws Exception {
        Path file = SharedData.require("eeg/pyedflib/test_subsecond.edf");
        CliRun r = CliRun.run("info", "--json", file.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("2020-01-24T04:05:56.394531", new ObjectMapper().readTree(r.out()).get("start").asText());
    }

    @Test
    void convertWritesWhatMneReads() {
        Path file = SharedData.require(GENERATOR);
        ExpectedRecording expected = ExpectedRecording.load(SharedData.require(), GENERATOR);
        Path out = dir.resolve("generator.npy");
        CliRun r = CliRun.run("convert", file.toString(), out.toString());
        assertEquals(0, r.exitCode(), r.err());
        try (NpyReader npy = NpyReader.open(out)) {
            assertEquals(11, npy.rows());
            assertEquals(120000, npy.columns());
            List<JsonNode> exp = expected.channels();
            for (int i = 0; i < exp.size(); i++) {
                JsonNode e = exp.get(i);
                double[] v = npy.readRow(i);
                for (int k = 0; k < e.get("first5").size(); k++) {
                    assertClose(e.get("first5").get(k).asDouble(), v[k], e.get("name") + " sample " + k);
                }
                double mean = 0;
                for (double x : v) {
                    mean += x;
                }
                mean /= v.length;
                double ss = 0;
                for (double x : v) {
                    ss += (x - mean) * (x - mean);
                }
                assertClose(e.get("mean").asDouble(), mean, e.get("name") + " mean");
                assertClose(e.get("std").asDouble(), Math.sqrt(ss / v.length), e.get("name") + " std");
            }
        }
    }

    @Test
    void convertAWindowOfSomeChannelsEqualsTheReadersSlice() {
        Path file = SharedData.require(GENERATOR);
        Path out = dir.resolve("window.npy");
        CliRun r = CliRun.run("convert", file.toString(), out.toString(), "--channels", "sine 1 Hz,squarewave",
                "--start", "1", "--duration", "2");
        assertEquals(0, r.exitCode(), r.err());
        try (NpyReader npy = NpyReader.open(out); Recording rec = Recordings.open(file)) {
            assertEquals(2, npy.rows());
            assertEquals(400, npy.columns());
            String[] names = {"sine 1 Hz", "squarewave"};
            for (int row = 0; row < names.length; row++) {
                double[] want = new double[400];
                rec.read(rec.channelIndex(names[row]), 200, want, 0, 400);
                assertEquals(java.util.Arrays.toString(want), java.util.Arrays.toString(npy.readRow(row)));
            }
        }
    }

    @Test
    void mixedRatesInARealFileAreRefused() {
        Path file = SharedData.require("eeg/mne_edf/test_uneven_samp.edf");
        CliRun r = CliRun.run("convert", file.toString(), dir.resolve("u.npy").toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("100 Hz: 3Hz +5/-5 V; 12.8 Hz: 0.2Hz Blk 1/0uV"), r.err());
    }

    @Test
    void aFileOfNoKnownFormatIsRefusedOnOneLine() {
        Path file = SharedData.require("expected/" + GENERATOR + ".json");
        CliRun r = CliRun.run("info", file.toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith(file + " at byte 0: not a recording format"), r.err());
    }

    private static void assertClose(double expected, double actual, String what) {
        double err = Math.abs(expected - actual);
        assertTrue(err <= ExpectedRecording.ABSOLUTE_TOLERANCE
                || err <= ExpectedRecording.RELATIVE_TOLERANCE * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual);
    }
}
