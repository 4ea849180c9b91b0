package org.neurofusion.datasets.bids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.datasets.RecordingKey;

class BidsBadInputTest {
    @TempDir
    Path dir;
    private Path eegDir;
    private String prefix;

    @BeforeEach
    void write() {
        BidsFixture.write(dir);
        eegDir = dir.resolve("sub-01/ses-1/eeg");
        prefix = "sub-01_ses-1_task-motor_run-1";
    }

    private BidsFile firstEeg(BidsDataset ds) {
        return ds.files(new RecordingKey("01", "1", BidsFixture.TASK, "1")).get(0);
    }

    private static void assertNames(RecordingException e, Path file) {
        assertEquals(file.toAbsolutePath().normalize(), e.file().toAbsolutePath().normalize());
        assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    }

    @Test
    void missingDatasetDescription() throws Exception {
        Files.delete(dir.resolve("dataset_description.json"));
        var e = assertThrows(BidsMissingFileException.class, () -> BidsDataset.open(dir));
        assertNames(e, dir.resolve("dataset_description.json"));
    }

    @Test
    void scansRowsNamingNoFileHereAreProblemsNamingTheLine() throws Exception {
        Path scans = dir.resolve("sub-01/ses-1/sub-01_ses-1_scans.tsv");
        Files.writeString(scans, "filename\tacq_time\n"
                + "eeg/" + prefix + "_eeg.bdf\t2020-01-01T10:00:00\n" // present: no problem
                + "eeg/" + prefix + "_missing_eeg.bdf\tn/a\n"
                + dir.resolve("dataset_description.json").toAbsolutePath() + "\tn/a\n" // absolute, and it exists
                + "../../dataset_description.json\tn/a\n" // leads out of the session, and it exists
                + "eeg/a\u0000b.bdf\tn/a\n");
        List<BidsProblem> problems = BidsDataset.open(dir).check().stream()
                .filter(p -> p.file().getFileName().toString().endsWith("_scans.tsv")
                        || p.message().contains("_scans.tsv")).toList();
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).error().orElseThrow() instanceof BidsMissingFileException, problems.toString());
        assertTrue(problems.get(0).message().contains("(line 3) but missing"), problems.get(0).message());
        for (int i = 1; i < 4; i++) {
            RecordingException e = problems.get(i).error().orElseThrow();
            assertTrue(e instanceof MalformedBidsFileException, e.toString());
            assertNames(e, scans);
            assertTrue(e.getMessage().contains("line " + (i + 3) + ": filename '"), e.getMessage());
        }
        assertTrue(problems.get(1).message().contains("must name a file inside ses-1/ by a relative path"),
                problems.get(1).message());
        assertTrue(problems.get(2).message().contains("'../../dataset_description.json' must name a file inside"),
                problems.get(2).message());
        assertTrue(problems.get(3).message().contains("'eeg/a\\u0000b.bdf' is not a file path"),
                problems.get(3).message());
    }

    @Test
    void aScansNameInAnErrorShowsControlCharactersEscapedAndIsCutAfter120Characters() throws Exception {
        Path scans = dir.resolve("sub-01/ses-1/sub-01_ses-1_scans.tsv");
        String exactly120 = "eeg/" + "a".repeat(115) + "\u0000"; // 4 + 115 + 1 = 120 code points
        String over120 = "eeg/" + "b".repeat(116) + "\u0000";   // 121
        Files.writeString(scans, "filename\tacq_time\n" + "eeg/a b\u0000.bdf\tn/a\n" + exactly120 + "\tn/a\n"
                + over120 + "\tn/a\n");
        List<String> messages = BidsDataset.open(dir).check().stream()
                .filter(p -> p.file().getFileName().toString().endsWith("_scans.tsv")).map(BidsProblem::message)
                .toList();
        assertEquals(3, messages.size(), messages.toString());
        // a space is printable, NUL is not
        assertTrue(messages.get(0).contains("'eeg/a b\\u0000.bdf' is not a file path"), messages.get(0));
        assertTrue(messages.get(1).contains("'eeg/" + "a".repeat(115) + "\\u0000' is not"), messages.get(1));
        assertTrue(messages.get(2).contains("'eeg/" + "b".repeat(116) + "...' is not"), messages.get(2));
    }

    @Test
    void sidecarWithoutItsDataFile() throws Exception {
        Path data = eegDir.resolve(prefix + "_eeg.bdf");
        Files.delete(data);
        BidsDataset ds = BidsDataset.open(dir);
        var e = assertThrows(BidsMissingFileException.class, ds::verify);
        assertTrue(e.getMessage().contains(prefix + "_eeg.bdf") || e.getMessage().contains(prefix), e.getMessage());
        assertTrue(e.file().getFileName().toString().startsWith(prefix), e.getMessage());
        long errors = ds.check().stream().filter(p -> p.severity() == BidsProblem.Severity.ERROR).count();
        assertEquals(3, errors, "the sidecar, _channels.tsv and _events.tsv each point at the missing file");
    }

    @Test
    void tsvRowWithTheWrongNumberOfColumns() throws Exception {
        Path events = eegDir.resolve(prefix + "_events.tsv");
        List<String> lines = Files.readAllLines(events);
        lines.set(2, "3.5\t0.25");
        Files.write(events, lines);
        BidsDataset ds = BidsDataset.open(dir);
        var e = assertThrows(MalformedBidsFileException.class, () -> ds.recording(firstEeg(ds)));
        assertNames(e, events);
        assertTrue(e.getMessage().contains("line 3 has 2 columns"), e.getMessage());
    }

    @Test
    void malformedParticipantsTable() throws Exception {
        Files.writeString(dir.resolve("participants.tsv"), "participant_id\tage\nsub-01\t25\textra\n");
        var e = assertThrows(MalformedBidsFileException.class, () -> BidsDataset.open(dir));
        assertNames(e, dir.resolve("participants.tsv"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }

    @Test
    void samplingFrequencyContradictingTheDataFile() throws Exception {
        Path json = eegDir.resolve(prefix + "_eeg.json");
        Files.writeString(json, Files.readString(json).replace("\"SamplingFrequency\" : 100.0",
                "\"SamplingFrequency\" : 256.0"));
        BidsDataset ds = BidsDataset.open(dir);
        var e = assertThrows(BidsMismatchException.class, () -> ds.recording(firstEeg(ds)));
        assertNames(e, json);
        assertTrue(e.getMessage().contains("256.0 Hz") && e.getMessage().contains("100.0 Hz"), e.getMessage());
    }

    @Test
    void eventAfterTheEndOfTheRecording() throws Exception {
        Path events = eegDir.resolve(prefix + "_events.tsv");
        Files.writeString(events, Files.readString(events) + "42.5\t1\tleft\n");
        BidsDataset ds = BidsDataset.open(dir);
        var e = assertThrows(BidsMismatchException.class, () -> ds.recording(firstEeg(ds)));
        assertNames(e, events);
        assertTrue(e.getMessage().contains("line 5") && e.getMessage().contains("42.5"), e.getMessage());
    }

    @Test
    void unreadableMegIsLeftOutOfThePairAndBoldWithoutAtlasIsRefused() throws Exception {
        Path meg = dir.resolve("sub-01/ses-1/meg/sub-01_ses-1_task-motor_run-1_meg.fif");
        Path bold = dir.resolve("sub-01/ses-1/func/sub-01_ses-1_task-motor_run-1_bold.nii.gz");
        Files.createDirectories(meg.getParent());
        Files.createDirectories(bold.getParent());
        Files.write(meg, new byte[16]);
        Files.write(bold, new byte[16]);
        BidsDataset ds = BidsDataset.open(dir);
        assertEquals(1, ds.files(Modality.MEG).size());
        assertEquals(".nii.gz", ds.files(Modality.FMRI).get(0).extension());
        var e = assertThrows(UnsupportedFormatException.class, () -> ds.recording(ds.files(Modality.MEG).get(0)));
        assertNames(e, meg);
        var b = assertThrows(BidsMissingFileException.class, () -> ds.recording(ds.files(Modality.FMRI).get(0)));
        assertNames(b, bold);
        Files.delete(bold);
        BidsDataset withoutBold = BidsDataset.open(dir);
        try (BidsPairing.Result r = withoutBold.pairRun(new RecordingKey("01", "1", BidsFixture.TASK, "1"))) {
            assertEquals(2, r.recording().recordings().size(), "EEG and NIRS paired, the unreadable MEG left out");
            assertEquals(1, r.warnings().size(), r.warnings().toString());
            assertTrue(r.warnings().get(0).contains(meg.getFileName().toString()), r.warnings().toString());
        }
    }
}
