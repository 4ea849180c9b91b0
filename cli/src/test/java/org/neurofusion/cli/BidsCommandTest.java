package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.bids.BidsWriter;

class BidsCommandTest {
    @TempDir
    Path dir;

    private Path dataset() {
        List<BidsWriter.Entry> entries = new ArrayList<>();
        for (String sub : List.of("01", "02")) {
            for (String run : List.of("1", "2")) {
                InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("in-memory");
                for (String name : List.of("Cz", "Pz")) {
                    b.addChannel(new Channel(name, ChannelType.EEG, "V", 100, 500), new double[500]);
                }
                b.addAnnotation(new Annotation(1, 0.5, "go"));
                entries.add(new BidsWriter.Entry(new RecordingKey(sub, "a", "rest", run), Modality.EEG, b.build()));
            }
        }
        BidsWriter.builder().setName("cli test").build().write(dir, entries, Map.of());
        return dir;
    }

    @Test
    void checkListsRunsAndPassesAValidDataset() {
        CliRun r = CliRun.run("bids", "check", dataset().toString());
        assertEquals(0, r.exitCode(), r.out() + r.err());
        assertTrue(r.out().contains("subjects 2, runs 4, data files 4"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("02\\s+a\\s+rest\\s+2\\s+EEG")), r.out());
        assertTrue(r.out().contains("0 error(s), 0 warning(s)"), r.out());
    }

    @Test
    void checkListsEveryProblemWithItsFileAndFails() throws Exception {
        dataset();
        Path events = dir.resolve("sub-01/ses-a/eeg/sub-01_ses-a_task-rest_run-1_events.tsv");
        Files.writeString(events, Files.readString(events) + "99\t1\tgo\n");
        Files.delete(dir.resolve("sub-02/ses-a/eeg/sub-02_ses-a_task-rest_run-2_eeg.bdf"));
        CliRun r = CliRun.run("bids", "check", dir.toString());
        assertEquals(1, r.exitCode(), r.out() + r.err());
        List<String> errors = r.out().lines().filter(l -> l.startsWith("error")).toList();
        assertTrue(errors.stream().anyMatch(l -> l.contains(events.toString()) && l.contains("after the recording"
                + " ends")), r.out());
        assertTrue(errors.stream().anyMatch(l -> l.contains("sub-02_ses-a_task-rest_run-2_eeg.json")), r.out());
        assertTrue(r.out().contains(errors.size() + " error(s)"), r.out());
    }

    @Test
    void checkOfAFolderWithoutDescriptionSaysSo() {
        CliRun r = CliRun.run("bids", "check", dir.toString());
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("dataset_description.json"), r.err());
    }
}
