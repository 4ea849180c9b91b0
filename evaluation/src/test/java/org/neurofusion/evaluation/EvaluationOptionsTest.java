package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.datasets.PairedWindow;

/** Several base seeds, and tests restricted to some subjects. */
class EvaluationOptionsTest {
    private static final List<String> FOUR = List.of("01", "02", "03", "04");

    @TempDir
    Path dir;

    private static Evaluation.Builder counted(CountingClassifier.Log log, Protocol protocol) {
        return Evaluation.builder().addCondition("eeg-csp", () -> new CountingClassifier(new CspLda(), log))
                .setProtocol(protocol).setTask("mi");
    }

    @Test
    void leaveOneSubjectOutPassesEachSeedToTheFitsItRuns() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02", "03"), 20, false, 51);
        CountingClassifier.Log log = new CountingClassifier.Log();
        EvaluationResult r = counted(log, new Protocol.LeaveOneSubjectOut()).optSeed(10).optSeeds(3).build()
                .run(windows);
        assertEquals(3 * 3, r.rows().size(), "subjects × seeds");
        assertEquals(3, r.seeds());
        assertEquals("3", r.provenance().configuration().get("seeds"));
        for (String s : List.of("01", "02", "03")) {
            assertEquals(Set.of(10L, 11L, 12L), log.fits.stream().filter(f -> f.subject().equals(s))
                    .map(WindowClassifier.Fold::seed).collect(Collectors.toSet()), "sub-" + s);
        }
        assertEquals(Set.of(10L, 11L, 12L), r.rows().stream().map(ResultRow::seed).collect(Collectors.toSet()));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.builder().optSeeds(0));
    }

    @Test
    void repeatedProtocolsNeverRunOneFoldSeedTwice() throws IOException {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02"), 20, false, 52);
        CountingClassifier.Log log = new CountingClassifier.Log();
        EvaluationResult r = counted(log, Protocol.parse("within", 2, 5)).optSeed(10).optSeeds(2).build()
                .run(windows);
        assertEquals(2 * 5 * 2 * 2, r.rows().size(), "subjects × folds × repetitions × seeds");
        // seed 10 runs repetitions 10 and 11, seed 2 starts at 12: four repetitions, no split run twice
        assertEquals(Set.of(10L, 11L, 12L, 13L), r.rows().stream().map(ResultRow::seed).collect(Collectors.toSet()));
        assertEquals(r.rows().size(), r.rows().stream().map(x -> x.subject() + " " + x.fold() + " " + x.seed())
                .distinct().count());
        EvaluationReport.write(r, dir);
        String summary = Files.readString(dir.resolve("summary.md"));
        assertTrue(summary.contains("## Mean ± std over seeds") && summary.contains("| eeg-csp | 4 | "), summary);
        assertTrue(summary.contains("base seeds 10, 12,"), summary);
    }

    @Test
    void onlyTheChosenSubjectsAreTestedAndTheOthersStillTrain() {
        List<PairedWindow> windows = SyntheticWindows.make(FOUR, 20, false, 53);
        CountingClassifier.Log log = new CountingClassifier.Log();
        EvaluationResult loso = counted(log, new Protocol.LeaveOneSubjectOut()).optTestSubjects(Set.of("04", "02"))
                .build().run(windows);
        assertEquals(List.of("02", "04"), loso.rows().stream().map(ResultRow::subject).toList());
        assertEquals(List.of(1, 3), loso.rows().stream().map(ResultRow::fold).toList(), "the indices of a full run");
        assertTrue(loso.rows().stream().allMatch(x -> x.nTrainLabelled() == 60));
        assertEquals(Set.of("02", "04"), log.scoredSubjects, "no other subject is ever scored");
        assertEquals("02,04", loso.provenance().configuration().get("test_subjects"));

        CountingClassifier.Log kLog = new CountingClassifier.Log();
        EvaluationResult kfold = counted(kLog, new Protocol.KFoldBySubject(2, 3)).optTestSubjects(Set.of("01"))
                .build().run(windows);
        assertEquals(3, kfold.rows().size(), "one row per repetition, subject 01's");
        assertTrue(kfold.rows().stream().allMatch(x -> x.subject().equals("01") && x.metrics().n() == 20));
        assertEquals(3, kLog.fits.size(), "only the folds that test 01 are fitted");
        assertEquals(Set.of("01"), kLog.scoredSubjects, "01's group mates are never scored");

        EvaluationResult within = counted(new CountingClassifier.Log(), Protocol.parse("within", 1, 5))
                .optTestSubjects(Set.of("03", "07")).build().run(windows);
        assertEquals(Set.of("03"), within.rows().stream().map(ResultRow::subject).collect(Collectors.toSet()));
        assertEquals(5, within.rows().size());

        Evaluation none = counted(new CountingClassifier.Log(), new Protocol.LeaveOneSubjectOut())
                .optTestSubjects(Set.of("09", "10")).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> none.run(windows));
        assertTrue(e.getMessage().contains("[09, 10]") && e.getMessage().contains("[01, 02, 03, 04]"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Evaluation.builder().optTestSubjects(new TreeSet<>()));
    }
}
