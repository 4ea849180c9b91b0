package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.bids.BidsFixture;
import org.neurofusion.datasets.store.WindowStore;

/** {@code neurofusion windows}: a BIDS dataset to a window store, reused on the second run. */
class WindowsCommandTest {
    @TempDir
    Path dir;

    @Test
    void buildsThenReusesAndRebuildsWhenTheSpecChanges() throws Exception {
        Path bids = BidsFixture.write(dir.resolve("bids"));
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{\"mode\": \"events\", \"labels\": {\"left\": 0, \"right\": 1}, \"modalities\": {"
                + "\"eeg\": {\"length_s\": 1.0, \"offset_s\": 0}, \"fnirs\": {\"length_s\": 2.0, \"offset_s\": 0.5}}}");
        Path store = dir.resolve("store");
        CliRun first = CliRun.run("windows", bids.toString(), "--spec", spec.toString(), "--out", store.toString());
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().startsWith("built"), first.out());
        // 2 subjects x 2 sessions x 2 runs x 3 events.
        assertTrue(first.out().contains("24 windows"), first.out());
        CliRun second = CliRun.run("windows", bids.toString(), "--spec", spec.toString(), "--out", store.toString());
        assertTrue(second.out().startsWith("reused"), second.out());
        try (WindowStore s = WindowStore.open(store)) {
            PairedWindow w = s.window(0);
            assertEquals(100, w.blocks().get(Modality.EEG).sampleCount());
            assertEquals(20, w.blocks().get(Modality.FNIRS).sampleCount());
            assertEquals(3, w.blocks().get(Modality.EEG).channelCount(), "EEG channels only, not the EOG");
        }
        Files.writeString(spec, Files.readString(spec).replace("\"length_s\": 1.0", "\"length_s\": 2.0"));
        CliRun third = CliRun.run("windows", bids.toString(), "--spec", spec.toString(), "--out", store.toString());
        assertTrue(third.out().startsWith("built"), third.out());
        CliRun bad = CliRun.run("windows", bids.toString(), "--spec", dir.resolve("none.json").toString(), "--out",
                store.toString());
        assertEquals(2, bad.exitCode());
    }
}
