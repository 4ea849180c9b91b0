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

/** info and convert on real raw FIF recordings (Elekta and a CTF export), against MNE's values. */
class FifEndToEndTest {
    private static final String ELEKTA = "meg/mne_testing_data/misc/test_elekta_3ch_raw.fif";
    private static final String CTF = "meg/mne_testing_data/CTF/testdata_ctf_short_discontinuous.ds_raw.fif";

    @TempDir
    Path dir;

    @Test
    void infoAndConvertAgreeWithMne() throws Exception {
        Path file = SharedData.require(ELEKTA);
        ExpectedRecording expected = ExpectedRecording.load(SharedData.require(), ELEKTA);
        CliRun info = CliRun.run("info", file.toString(), "--json");
        assertEquals(0, info.exitCode(), info.err());
        JsonNode j = new ObjectMapper().readTree(info.out());
        assertEquals("FIF", j.get("format").asText());
        assertEquals(4, j.get("channels").size());
        List<String> types = List.of("mag", "grad", "grad", "stim");
        for (int c = 0; c < 4; c++) {
            JsonNode ch = j.get("channels").get(c);
            assertEquals(expected.channels().get(c).get("name").asText(), ch.get("name").asText());
            assertEquals(types.get(c), ch.get("type").asText());
            assertEquals(1000.0, ch.get("sfreq").asDouble());
            assertEquals(80000, ch.get("n_samples").asLong());
        }
        assertEquals(3, j.get("channels").get(0).get("position").size());
        assertEquals("3000", j.get("header").get("first_samp").asText());
        assertTrue(j.get("start").asText().startsWith("2016-05-09T11:43:30.273"), j.get("start").asText());

        Path out = dir.resolve("meg.npy");
        CliRun convert = CliRun.run("convert", file.toString(), out.toString(), "--channels", "MEG0111,MEG2643",
                "--duration", "1");
        assertEquals(0, convert.exitCode(), convert.err());
        try (NpyReader a = NpyReader.open(out)) {
            assertEquals(2, a.rows());
            assertEquals(1000, a.columns());
            for (int r = 0; r < 2; r++) {
                double[] row = a.readRow(r);
                JsonNode first = expected.channels().get(r).get("first5");
                for (int k = 0; k < 5; k++) {
                    double e = first.get(k).asDouble();
                    assertTrue(Math.abs(e - row[k]) <= 1e-6 * Math.abs(e), e + " vs " + row[k]);
                }
            }
        }
    }

    @Test
    void textInfoOfACtfExport() {
        CliRun info = CliRun.run("info", SharedData.require(CTF).toString());
        assertEquals(0, info.exitCode(), info.err());
        assertTrue(info.out().contains("format       FIF"), info.out());
        assertTrue(info.out().contains("ctf_compensations"), info.out());
        assertTrue(info.out().matches("(?s).*mag\\s+1200\\s+T\\s+273.*"), info.out());
    }

    @Test
    void anEvokedFileIsRefusedWithWhatItHolds() {
        Path ave = SharedData.require("meg/mne_python/io_tests_data/test-ave.fif.gz");
        CliRun info = CliRun.run("info", ave.toString());
        assertEquals(1, info.exitCode());
        assertTrue(info.err().contains("evoked (averaged) data"), info.err());
    }
}
