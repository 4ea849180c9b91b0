package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.datasets.Splits;

/** The fold journal's test subjects, its refusal messages and a complete journal only read (issue 19, fourth round). */
class FoldJournalSurvivorsTest {
    @TempDir
    Path dir;

    private static FoldJournal.Settings settings(String windows, List<String> testSubjects) {
        return new FoldJournal.Settings(windows, "mi", "loso", "leave-one-subject-out", 3, 1, List.of("a"),
                testSubjects);
    }

    @Test
    void aRunOnSomeTestSubjectsRecordsThemAndResumes() throws IOException {
        FoldJournal.Settings s = settings("abc", List.of("02", "03"));
        FoldJournal.open(dir, s);
        JsonNode o = new ObjectMapper().readTree(dir.resolve(FoldJournal.SETTINGS).toFile());
        assertEquals("[\"02\",\"03\"]", o.path("test_subjects").toString());
        FoldJournal.open(dir, s); // the same settings read back: no refusal
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FoldJournal.open(dir, settings("abc", List.of("02"))));
        assertEquals(dir + " holds another evaluation: test subjects [02, 03] there, [02] here; use another folder",
                e.getMessage());
    }

    @Test
    void aLongChecksumIsAbbreviatedToTwelveCharactersAndAShortOneIsNot() {
        String there = "0123456789abcdef".repeat(4);
        String here = "fedcba9876543210".repeat(4);
        FoldJournal.open(dir.resolve("long"), settings(there, List.of()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FoldJournal.open(dir.resolve("long"), settings(here, List.of())));
        assertEquals(dir.resolve("long") + " holds another evaluation: windows (SHA-256) 0123456789ab… there,"
                + " fedcba987654… here; use another folder", e.getMessage());

        FoldJournal.open(dir.resolve("twelve"), settings("0123456789ab", List.of()));
        e = assertThrows(IllegalArgumentException.class,
                () -> FoldJournal.open(dir.resolve("twelve"), settings("ba9876543210", List.of())));
        assertEquals(dir.resolve("twelve") + " holds another evaluation: windows (SHA-256) 0123456789ab there,"
                + " ba9876543210 here; use another folder", e.getMessage());
    }

    @Test
    void aFractionalConfusionClassIsNamedInTheMessage() throws IOException {
        FoldJournal.Settings s = settings("abc", List.of());
        FoldJournal.open(dir, s);
        Path folds = dir.resolve(FoldJournal.FOLDS);
        Files.writeString(folds, "{\"condition\":\"a\",\"subject\":\"01\",\"fold\":0,\"seed\":3,\"rows\":[{\"confusion\":"
                + "{\"classes\":[0.5],\"counts\":[[1]]}}]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FoldJournal.open(dir, s));
        assertEquals(folds + " line 1 is not a finished fold's rows: a confusion class is missing or not a whole"
                + " number in " + folds, e.getMessage());
    }

    @Test
    void aCompleteJournalIsOnlyReadSoAReadOnlyCopyResumes() throws IOException {
        FoldJournal.Settings s = settings("abc", List.of());
        FoldJournal.open(dir, s);
        Path folds = dir.resolve(FoldJournal.FOLDS);
        Files.writeString(folds, "{\"condition\":\"a\",\"subject\":\"01\",\"fold\":0,\"seed\":3,\"rows\":[]}\n");
        folds.toFile().setWritable(false, false);
        dir.resolve(FoldJournal.SETTINGS).toFile().setWritable(false, false);
        try {
            assumeFalse(Files.isWritable(folds), "permissions are not enforced for this user (root)");
            Protocol.Fold fold = new Protocol.Fold("01", 0, 3, new Splits.Fold("f", new int[0], new int[0]));
            assertEquals(List.of(), FoldJournal.open(dir, s).finished("a", fold));
        } finally {
            folds.toFile().setWritable(true, false);
        }
    }
}
