package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.ExpectedRecording;
import org.neurofusion.modalities.io.NpyReader;

/** info and convert on a real BrainVision recording, against MNE's values. */
class BrainVisionEndToEndTest {
    private static final String VHDR = "eeg/mne_brainvision/test.vhdr";

    @TempDir
    Path dir;

    @Test
    void infoAndConvertAgreeWithMne() throws Exception {
        Path file = SharedData.require(VHDR);
        ExpectedRecording expected = ExpectedRecording.load(SharedData.require(), VHDR);
        CliRun info = CliRun.run("info", file.toString(), "--json");
        assertEquals(0, info.exitCode(), info.err());
        JsonNode j = new ObjectMapper().readTree(info.out());
        assertEquals("BrainVision", j.get("format").asText());
        assertEquals(32, j.get("channels").size());
        assertEquals(1000.0, j.get("channels").get(0).get("sfreq").asDouble());
        assertEquals(7900, j.get("channels").get(0).get("n_samples").asLong());
        assertEquals(expected.annotations().size(), j.get("annotations").size());
        assertEquals("Stimulus/S253", j.get("annotations").get(1).get("description").asText());

        List<JsonNode> exp = expected.channels();
        String names = exp.get(0).get("name").asText() + "," + exp.get(5).get("name").asText();
        Path out = dir.resolve("bv.npy");
        CliRun convert = CliRun.run("convert", file.toString(), out.toString(), "--channels", names);
        assertEquals(0, convert.exitCode(), convert.err());
        try (NpyReader a = NpyReader.open(out)) {
            assertEquals(2, a.rows());
            assertEquals(7900, a.columns());
            int[] rows = {0, 5};
            for (int r = 0; r < 2; r++) {
                double[] row = a.readRow(r);
                JsonNode first = exp.get(rows[r]).get("first5");
                for (int k = 0; k < 5; k++) {
                    double e = first.get(k).asDouble();
                    assertTrue(Math.abs(e - row[k]) <= 1e-12 || Math.abs(e - row[k]) <= 1e-6 * Math.abs(e),
                            e + " vs " + row[k]);
                }
            }
        }
    }
}
