package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.Recordings;
import org.neurofusion.modalities.io.NpyReader;

/** info, convert to SNIRF and convert --beer-lambert on a real NIRx folder, against MNE's numbers. */
class FnirsEndToEndTest {
    private static final String NIRX = "fnirs/mne_testing_data/NIRx/nirscout/nirx_15_2_recording_w_short";

    @TempDir
    Path dir;

    @Test
    void infoListsOptodesWavelengthsAndDistances() throws Exception {
        CliRun r = CliRun.run("info", SharedData.require(NIRX).toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        JsonNode c = j.get("channels").get(2);
        assertEquals("S1_D9 760", c.get("name").asText());
        assertEquals(1, c.get("source").asInt());
        assertEquals(9, c.get("detector").asInt());
        assertEquals(760.0, c.get("wavelength_nm").asDouble());
        assertEquals(0.007764283852887386, c.get("distance_m").asDouble(), 1e-9);
    }

    @Test
    void nirxFolderConvertsToSnirfThatReadsBackTheSame() {
        Path out = dir.resolve("x.snirf");
        CliRun r = CliRun.run("convert", SharedData.require(NIRX).toString(), out.toString());
        assertEquals(0, r.exitCode(), r.err());
        try (Recording a = Recordings.open(SharedData.require(NIRX)); Recording b = Recordings.open(out)) {
            assertEquals(a.channels().stream().map(Channel::name).sorted().toList(),
                    b.channels().stream().map(Channel::name).sorted().toList());
            for (int c = 0; c < a.channels().size(); c++) {
                int cb = b.channelIndex(a.channels().get(c).name());
                double[] x = a.readAll(c);
                double[] y = b.readAll(cb);
                for (int t = 0; t < x.length; t++) {
                    assertEquals(x[t], y[t], 0.0, a.channels().get(c).name());
                }
            }
            assertEquals(a.annotations(), b.annotations());
            assertEquals(a.start(), b.start());
        }
    }

    @Test
    void beerLambertConversionMatchesMne() throws Exception {
        Path out = dir.resolve("hb.npy");
        CliRun r = CliRun.run("convert", SharedData.require(NIRX).toString(), out.toString(), "--beer-lambert",
                "--ppf", "6.0", "--channels", "S1_D1 hbo,S1_D1 hbr");
        assertEquals(0, r.exitCode(), r.err());
        JsonNode e = new ObjectMapper().readTree(SharedData.require("expected/" + NIRX + ".json").toFile())
                .get("beer_lambert").get("channels");
        try (NpyReader npy = NpyReader.open(out)) {
            for (int row = 0; row < 2; row++) {
                double[] v = npy.readRow(row);
                assertEquals(e.get(row).get("name").asText(), row == 0 ? "S1_D1 hbo" : "S1_D1 hbr");
                double tol = 1e-4 * e.get(row).get("std").asDouble();
                for (int k = 0; k < 5; k++) {
                    assertEquals(e.get(row).get("first5").get(k).asDouble(), v[k], tol);
                }
            }
        }
        CliRun bad = CliRun.run("convert", SharedData.require(NIRX).toString(), dir.resolve("y.npy").toString(),
                "--ppf", "5");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("--beer-lambert"), bad.err());
        CliRun eeg = CliRun.run("convert", SharedData.require("eeg/pyedflib/test_generator.edf").toString(),
                dir.resolve("z.npy").toString(), "--beer-lambert");
        assertEquals(2, eeg.exitCode());
        assertTrue(eeg.err().contains("neither"), eeg.err());
        assertTrue(!Files.exists(dir.resolve("z.npy")));
    }
}
