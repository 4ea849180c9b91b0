package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.ChannelType;
import org.neurofusion.datasets.PairedWindow;

/** An interrupted evaluation resumes where it stopped and ends as an uninterrupted one would. */
class ResumeTest {
    private static final List<PairedWindow> WINDOWS = SyntheticWindows.make(List.of("01", "02", "03", "04"), 20,
            true, 61);

    @TempDir
    Path dir;

    private static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted by the test");
        }
    }

    /** k-fold by subject (two test subjects per fold: two rows a line), two seeds, two conditions: 8 fits. */
    private static Evaluation.Builder evaluation(CountingClassifier.Log log, Protocol protocol) {
        return Evaluation.builder()
                .addCondition("eeg-csp", () -> new CountingClassifier(new CspLda(), log))
                .addCondition("fnirs-hbo", () -> new CountingClassifier(new FnirsMeanSlope(ChannelType.HBO), log))
                .setProtocol(protocol).setTask("mi").optSeed(3).optSeeds(2);
    }

    @Test
    void aRerunSkipsTheFinishedFoldsAndGivesTheSameRows() throws IOException {
        CountingClassifier.Log whole = new CountingClassifier.Log();
        EvaluationResult uninterrupted = evaluation(whole, new Protocol.KFoldBySubject(2, 1)).build().run(WINDOWS);
        assertEquals(8, whole.fits.size());
        assertEquals(16, uninterrupted.rows().size());

        Path out = dir.resolve("out");
        CountingClassifier.Log first = new CountingClassifier.Log();
        Evaluation stopsAfterThree = evaluation(first, new Protocol.KFoldBySubject(2, 1)).optResume(out)
                .optProgress((done, total, what) -> {
                    if (done == 3) {
                        throw new Interrupted();
                    }
                }).build();
        assertThrows(Interrupted.class, () -> stopsAfterThree.run(WINDOWS));
        assertEquals(3, first.fits.size());
        assertEquals(3, Files.readAllLines(out.resolve(FoldJournal.FOLDS)).size(), "one line per finished fit");
        // a crash in the middle of the fourth line
        Files.writeString(out.resolve(FoldJournal.FOLDS), "{\"condition\":\"fnirs-hbo\",\"subject\":\"0",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);

        CountingClassifier.Log second = new CountingClassifier.Log();
        int[] totals = new int[1];
        EvaluationResult resumed = evaluation(second, new Protocol.KFoldBySubject(2, 1)).optResume(out)
                .optProgress((done, total, what) -> totals[0] = total).build().run(WINDOWS);
        assertEquals(5, second.fits.size(), "the three finished fits are not fitted again");
        assertEquals(5, totals[0], "progress counts the fits this run performs");
        assertTrue(first.fits.stream().noneMatch(second.fits::contains), "no fold fitted twice");
        assertEquals(uninterrupted.rows(), resumed.rows());
        assertEquals(8, Files.readAllLines(out.resolve(FoldJournal.FOLDS)).size(), "the torn line is gone");

        CountingClassifier.Log third = new CountingClassifier.Log();
        EvaluationResult again = evaluation(third, new Protocol.KFoldBySubject(2, 1)).optResume(out).build()
                .run(WINDOWS);
        assertEquals(0, third.fits.size(), "a finished evaluation resumes without a fit");
        assertEquals(uninterrupted.rows(), again.rows());
    }

    @Test
    void aFolderOfAnotherEvaluationIsRefusedNamingWhatDiffers() throws IOException {
        Path out = dir.resolve("loso");
        evaluation(new CountingClassifier.Log(), new Protocol.LeaveOneSubjectOut()).optResume(out).build()
                .run(WINDOWS);
        Evaluation fewShot = evaluation(new CountingClassifier.Log(), Protocol.parse("fewshot-5", 1, 5))
                .optResume(out).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> fewShot.run(WINDOWS));
        assertTrue(e.getMessage().contains(out + " holds another evaluation")
                && e.getMessage().contains("protocol loso there, fewshot-5 here"), e.getMessage());

        Evaluation oneSeed = Evaluation.builder().addConditions(List.of("eeg-csp", "fnirs-hbo"),
                ConditionRegistry.classical()).setProtocol(new Protocol.LeaveOneSubjectOut()).setTask("mi")
                .optSeed(3).optResume(out).build();
        e = assertThrows(IllegalArgumentException.class, () -> oneSeed.run(WINDOWS));
        assertTrue(e.getMessage().contains("seeds 2 there, 1 here"), e.getMessage());

        Evaluation otherWindows = evaluation(new CountingClassifier.Log(), new Protocol.LeaveOneSubjectOut())
                .optResume(out).build();
        e = assertThrows(IllegalArgumentException.class, () -> otherWindows.run(SyntheticWindows.make(
                List.of("01", "02", "03", "04"), 20, true, 62)));
        assertTrue(e.getMessage().contains("windows (SHA-256)"), e.getMessage());

        Path orphan = dir.resolve("orphan");
        Files.createDirectories(orphan);
        Files.writeString(orphan.resolve(FoldJournal.FOLDS), "");
        Evaluation intoOrphan = evaluation(new CountingClassifier.Log(), new Protocol.LeaveOneSubjectOut())
                .optResume(orphan).build();
        e = assertThrows(IllegalArgumentException.class, () -> intoOrphan.run(WINDOWS));
        assertTrue(e.getMessage().contains("no evaluation.json"), e.getMessage());

        // a complete line that is not a fold's rows is corruption, not a crash: named, not skipped
        Path corrupt = dir.resolve("corrupt");
        evaluation(new CountingClassifier.Log(), new Protocol.LeaveOneSubjectOut()).optResume(corrupt).build()
                .run(WINDOWS);
        Files.writeString(corrupt.resolve(FoldJournal.FOLDS), "not json\n", StandardOpenOption.APPEND);
        Evaluation intoCorrupt = evaluation(new CountingClassifier.Log(), new Protocol.LeaveOneSubjectOut())
                .optResume(corrupt).build();
        e = assertThrows(IllegalArgumentException.class, () -> intoCorrupt.run(WINDOWS));
        assertTrue(e.getMessage().contains("folds.jsonl line 17"), e.getMessage());

        // a fold whose row lacks a whole-number field is refused, never read as fold 0 or seed 0
        for (String[] damage : new String[][] {{"\"fold\":", "\"fold_\":"}, {"\"k_shot\":0", "\"k_shot\":0.5"},
            {"\"n\":", "\"n_\":"}}) {
            Path hurt = dir.resolve("hurt-" + damage[1].replaceAll("[^a-z_0-9]", ""));
            evaluation(new CountingClassifier.Log(), new Protocol.LeaveOneSubjectOut()).optResume(hurt).build()
                    .run(WINDOWS);
            Path folds = hurt.resolve(FoldJournal.FOLDS);
            List<String> lines = Files.readAllLines(folds);
            assertTrue(lines.get(2).contains(damage[0]), lines.get(2));
            lines.set(2, lines.get(2).replace(damage[0], damage[1]));
            Files.writeString(folds, String.join("\n", lines) + "\n");
            Evaluation again = evaluation(new CountingClassifier.Log(), new Protocol.LeaveOneSubjectOut())
                    .optResume(hurt).build();
            IllegalArgumentException h = assertThrows(IllegalArgumentException.class, () -> again.run(WINDOWS));
            assertTrue(h.getMessage().contains("folds.jsonl line 3") && h.getMessage().contains("whole number"),
                    h.getMessage());
        }
    }
}
