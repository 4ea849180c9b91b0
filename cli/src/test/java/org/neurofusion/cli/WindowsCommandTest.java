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
        assertTrue(bad.err().contains("none.json"), bad.err());
    }

    @Test
    void partsPutTrialsOfTaskRunsAndSlidingWindowsOfRestingRunsInOneStore() throws Exception {
        Path bids = dir.resolve("sim");
        CliRun sim = CliRun.run("simulate", "--subjects", "1", "--sessions", "1", "--trials", "4", "--resting-seconds",
                "30", "--tasks", "mi", "--set", "preRestSeconds=5", "--set", "postRestSeconds=8", "--out",
                bids.toString());
        assertEquals(0, sim.exitCode(), sim.err());
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{\"mode\": \"events\", \"labels\": {\"left_hand\": 0, \"right_hand\": 1},"
                + " \"modalities\": {\"eeg\": {\"length_s\": 2, \"rate\": 100}, \"fnirs\": {\"length_s\": 4}}}");
        Path store = dir.resolve("store");
        String[] args = {"windows", bids.toString(), "--spec", spec.toString(), "--part", "events:task=mi",
            "--part", "sliding:task=rest,stride=2", "--part", "events:task=mi,run=1,withhold", "--out",
            store.toString()};
        CliRun first = CliRun.run(args);
        assertEquals(0, first.exitCode(), first.err());
        assertTrue(first.out().startsWith("built"), first.out());
        assertTrue(first.out().contains("from 2 runs;"), first.out());
        assertTrue(first.out().contains("part 1 (events tasks=[mi]): 4 labelled, 0 unlabelled, 0 dropped"),
                first.out());
        assertTrue(first.out().contains("part 3 (events tasks=[mi] runs=[1] (labels withheld)): 0 labelled,"
                + " 4 unlabelled"), first.out());
        int rest;
        try (WindowStore s = WindowStore.open(store)) {
            rest = (int) java.util.stream.IntStream.range(0, s.size())
                    .filter(i -> s.info(i).key().task().equals("rest")).count();
            assertEquals(8 + rest, s.size());
        }
        // 30 s of rest, 4 s windows every 2 s, less the fNIRS clock offset.
        assertTrue(rest >= 11 && rest <= 14, first.out());
        assertTrue(first.out().contains("part 2 (sliding stride=2.0 s tasks=[rest]): 0 labelled, " + rest
                + " unlabelled, 0 dropped"), first.out());
        assertTrue(first.out().contains("task mi: 4 labelled, 4 unlabelled"), first.out());
        assertTrue(first.out().contains("task rest: 0 labelled, " + rest + " unlabelled"), first.out());
        CliRun second = CliRun.run(args);
        assertTrue(second.out().startsWith("reused"), second.out());
        assertTrue(second.out().contains("task rest: 0 labelled, " + rest + " unlabelled"), second.out());
        // The same parts in a spec file key the same store.
        Files.writeString(spec, "{\"parts\": [{\"mode\": \"events\", \"labels\": {\"left_hand\": 0, \"right_hand\":"
                + " 1}, \"tasks\": \"mi\"}, {\"mode\": \"sliding\", \"stride_s\": 2, \"tasks\": [\"rest\"]},"
                + " {\"mode\": \"events\", \"labels\": {\"left_hand\": 0, \"right_hand\": 1}, \"tasks\": \"mi\","
                + " \"runs\": \"1\", \"withhold_labels\": true}], \"modalities\": {\"eeg\": {\"length_s\": 2,"
                + " \"rate\": 100}, \"fnirs\": {\"length_s\": 4}}}");
        CliRun fromFile = CliRun.run("windows", bids.toString(), "--spec", spec.toString(), "--out", store.toString());
        assertEquals(0, fromFile.exitCode(), fromFile.err());
        assertTrue(fromFile.out().startsWith("reused"), fromFile.out());
    }

    @Test
    void badPartsAreUsageErrorsNamingTheProblem() throws Exception {
        Path bids = BidsFixture.write(dir.resolve("bids"));
        Path spec = dir.resolve("spec.json");
        Files.writeString(spec, "{\"mode\": \"sliding\", \"stride_s\": 1, \"modalities\": {\"eeg\":"
                + " {\"length_s\": 1.0}}}");
        String[][] bad = {
            {"windows:task=mi", "mode must be 'events' or 'sliding'"},
            {"sliding:task=mi", "positive stride"},
            {"sliding:stride=x", "'x' is not a number"},
            {"sliding:stride=1,colour=red", "unknown key 'colour'"},
            {"events:task=mi", "needs labels=NAME:INT"},
            {"events:labels=left:zero", "label of 'left' is not an integer"},
            {"events:labels=left:0,withhold=maybe", "'withhold=maybe' is not true or false"},
            {"sliding:stride=1,task=nback", "tasks in the dataset: [motor]"},
        };
        for (String[] b : bad) {
            CliRun r = CliRun.run("windows", bids.toString(), "--spec", spec.toString(), "--part", b[0], "--out",
                    dir.resolve("store").toString());
            assertEquals(2, r.exitCode(), b[0] + ": " + r.out() + r.err());
            assertTrue(r.err().contains(b[1]), b[0] + ": " + r.err());
        }
        CliRun ok = CliRun.run("windows", bids.toString(), "--spec", spec.toString(), "--part",
                "events:labels=left:0+right:1,run=1", "--out", dir.resolve("store").toString());
        assertEquals(0, ok.exitCode(), ok.err());
        // run 1 of 2 subjects x 2 sessions, 3 events each.
        assertTrue(ok.out().contains("part 1 (events tasks=(all) runs=[1]): 12 labelled, 0 unlabelled, 0 dropped"),
                ok.out());
    }
}
