package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Provenance;
import org.neurofusion.datasets.PairedWindow;

class EvaluationTest {
    private static final List<String> ALL = List.of("eeg-csp", "fnirs-hbr", "fnirs-hbo", "hybrid");

    @TempDir
    Path dir;

    private static double meanAccuracy(List<ResultRow> rows, String condition) {
        return rows.stream().filter(r -> r.condition().equals(condition)).mapToDouble(r -> r.metrics().accuracy())
                .average().orElseThrow();
    }

    @Test
    void withinSubjectBeatsChanceAndWritesTheTables() throws IOException {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02"), 40, true, 1);
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger lastTotal = new AtomicInteger();
        EvaluationResult result = Evaluation.builder().addConditions(ALL, ConditionRegistry.classical())
                .setProtocol(Protocol.parse("within", 2, 5)).setTask("mi").optSeed(7)
                .optProgress((done, total, what) -> {
                    calls.incrementAndGet();
                    lastTotal.set(total);
                }).build().run(windows);
        EvaluationReport.write(result, dir);
        assertEquals(2 * 5 * 2 * 4, result.rows().size(), "subjects × folds × repetitions × conditions");
        assertEquals(80, calls.get());
        assertEquals(80, lastTotal.get());
        for (String c : ALL) {
            double acc = meanAccuracy(result.rows(), c);
            assertTrue(acc > 0.7, c + " accuracy " + acc + " does not beat chance");
        }
        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals("subject,fold,seed,protocol,task,condition,modalities,n_train_labelled,accuracy,"
                + "balanced_accuracy,kappa,f1_macro,roc_auc,k_shot,pretrained", csv.get(0));
        assertEquals(81, csv.size());
        String[] first = csv.get(1).split(",", -1);
        assertEquals(15, first.length);
        assertEquals("", first[13], "within-subject rows have no k_shot");
        assertEquals("", first[14], "the baselines start from no pre-trained run");
        assertEquals("01", first[0]);
        assertEquals("7", first[2]);
        assertEquals("within", first[3]);
        assertEquals("mi", first[4]);
        assertEquals("eeg-csp", first[5]);
        assertEquals("eeg", first[6]);
        // 40 windows, 8 tested, none overlapping: 32 trained on
        assertEquals("32", first[7]);
        assertTrue(csv.stream().skip(1).anyMatch(l -> l.split(",")[2].equals("8")), "second repetition's seed");
        String summary = Files.readString(dir.resolve("summary.md"));
        for (String c : ALL) {
            assertTrue(summary.contains("| " + c + " |"), summary);
        }
        assertTrue(summary.contains("Chance: 1/2 = 0.500"), summary);
        assertTrue(!summary.contains("NaN"), summary);
        assertTrue(summary.contains("resamples subjects"), summary);
        Provenance p = Provenance.fromJsonNode(new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(dir.resolve("provenance.json").toFile()));
        assertEquals(result.provenance(), p);
        assertEquals(Evaluation.checksum(windows), p.inputs().get("windows"));
        assertEquals("7", p.configuration().get("seed"));
        assertEquals(String.join(",", ALL), p.configuration().get("conditions"));
    }

    @Test
    void leaveOneSubjectOutRunsOncePerSubject() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02", "03"), 30, true, 2);
        EvaluationResult result = Evaluation.builder()
                .addConditions(List.of("eeg-csp", "fnirs-hbo"), ConditionRegistry.classical())
                .setProtocol(new Protocol.LeaveOneSubjectOut()).setTask("mi").build().run(windows);
        assertEquals(3 * 2, result.rows().size());
        for (ResultRow r : result.rows()) {
            assertEquals(60, r.nTrainLabelled());
            assertEquals(30, r.metrics().n());
        }
        assertTrue(meanAccuracy(result.rows(), "eeg-csp") > 0.7);
        assertTrue(meanAccuracy(result.rows(), "fnirs-hbo") > 0.7);
    }

    @Test
    void badInputsFailNamingWhatIsWrong() {
        List<PairedWindow> one = SyntheticWindows.make(List.of("01"), 20, true, 3);
        ConditionRegistry classical = ConditionRegistry.classical();
        Evaluation loso = Evaluation.builder().addConditions(List.of("eeg-csp"), classical)
                .setProtocol(new Protocol.LeaveOneSubjectOut()).setTask("mi").build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loso.run(one));
        assertTrue(e.getMessage().contains("two subjects"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Evaluation.builder()
                .addConditions(List.of("eeg-svm"), classical));
        assertTrue(e.getMessage().contains("eeg-svm") && e.getMessage().contains("hybrid"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Protocol.parse("holdout", 1, 5));
        assertThrows(IllegalArgumentException.class, () -> new Protocol.WithinSubject(1, 1, 2, 0));
        assertThrows(IllegalArgumentException.class, () -> Evaluation.builder()
                .addConditions(List.of("eeg-csp"), classical).setProtocol(Protocol.parse("within", 1, 5)).build());
        assertThrows(IllegalArgumentException.class, () -> Evaluation.builder().addCondition("eeg-csp", CspLda::new)
                .addCondition("eeg-csp", CspLda::new));

        List<PairedWindow> unlabelled = new ArrayList<>(SyntheticWindows.make(List.of("01", "02"), 20, true, 4));
        PairedWindow w = unlabelled.get(3);
        unlabelled.set(3, new PairedWindow(w.blocks(), w.channels(), OptionalInt.empty(), w.key(), w.onset()));
        Evaluation within = Evaluation.builder().addConditions(List.of("eeg-csp"), classical)
                .setProtocol(Protocol.parse("within", 1, 5)).setTask("mi").build();
        e = assertThrows(IllegalArgumentException.class, () -> within.run(unlabelled));
        assertTrue(e.getMessage().contains("no label") && e.getMessage().contains("sub-01_task-mi_run-1 at 15.0"),
                e.getMessage());

        List<PairedWindow> eegOnly = SyntheticWindows.make(List.of("01", "02"), 20, false, 5);
        Evaluation hybrid = Evaluation.builder().addConditions(List.of("eeg-csp", "hybrid"), classical)
                .setProtocol(Protocol.parse("within", 1, 5)).setTask("mi").build();
        e = assertThrows(IllegalArgumentException.class, () -> hybrid.run(eegOnly));
        assertTrue(e.getMessage().contains("hybrid") && e.getMessage().contains("FNIRS"), e.getMessage());
    }
}
