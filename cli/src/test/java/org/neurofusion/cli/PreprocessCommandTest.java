package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.Recordings;
import org.neurofusion.modalities.io.NpyReader;
import org.neurofusion.modalities.signal.Pipeline;

/** {@code neurofusion preprocess} against MNE-Python 1.3 running the same chain (tools/reference). */
class PreprocessCommandTest {
    private static final String EDF = "eeg/physionet_eegmmidb/S001R04.edf";

    @TempDir
    Path dir;

    @Test
    void chainMatchesMne() throws Exception {
        JsonNode ref;
        try (InputStream in = getClass().getResourceAsStream("mne_preprocess_reference.json")) {
            ref = new ObjectMapper().readTree(in);
        }
        Path out = dir.resolve("p.npy");
        Path json = dir.resolve("pipeline.json");
        CliRun r = CliRun.run("preprocess", SharedData.require(EDF).toString(), out.toString(), "--channels",
                "C3..,C4..,Cz..", "--bandpass", "1,40", "--notch", "60", "--resample", "100", "--reference", "average",
                "--pipeline", json.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("steps: filter, notch, resample, rereference"), r.out());
        try (NpyReader npy = NpyReader.open(out)) {
            assertEquals(3, npy.rows());
            assertEquals(ref.get("n_times").asLong(), npy.columns());
            double scale = 0;
            for (JsonNode row : ref.get("data")) {
                for (JsonNode v : row) {
                    scale = Math.max(scale, Math.abs(v.asDouble()));
                }
            }
            for (int c = 0; c < 3; c++) {
                double[] v = npy.readRow(c);
                JsonNode e = ref.get("data").get(c);
                for (int t = 0; t < v.length; t++) {
                    assertEquals(e.get(t).asDouble(), v[t], 1e-9 * scale, "channel " + c + " sample " + t);
                }
            }
        }
        Pipeline p = Pipeline.fromJson(Files.readString(json));
        assertEquals(List.of("filter", "notch", "resample", "rereference"),
                p.steps().stream().map(s -> s.name()).toList());
    }

    @Test
    void writesEdfAndRefusesWhatItCannotDo() {
        Path out = dir.resolve("p.bdf");
        CliRun r = CliRun.run("preprocess", SharedData.require(EDF).toString(), out.toString(), "--bandpass", "1,40",
                "--method", "iir");
        assertEquals(0, r.exitCode(), r.err());
        try (Recording a = Recordings.open(out); Recording b = Recordings.open(SharedData.require(EDF))) {
            assertEquals("BDF+C", a.format());
            assertEquals(b.channels().stream().map(Channel::name).toList(),
                    a.channels().stream().map(Channel::name).toList());
            assertEquals(b.annotations().size(), a.annotations().size());
        }
        CliRun high = CliRun.run("preprocess", SharedData.require(EDF).toString(), dir.resolve("x.npy").toString(),
                "--bandpass", "1,200");
        assertEquals(1, high.exitCode());
        assertTrue(high.err().contains("Nyquist"), high.err());
        CliRun ext = CliRun.run("preprocess", SharedData.require(EDF).toString(), dir.resolve("x.txt").toString());
        assertEquals(2, ext.exitCode());
        CliRun unknown = CliRun.run("preprocess", SharedData.require(EDF).toString(), dir.resolve("x.npy").toString(),
                "--channels", "Nope");
        assertEquals(2, unknown.exitCode());
        assertTrue(!Files.exists(dir.resolve("x.npy")));
    }
}
