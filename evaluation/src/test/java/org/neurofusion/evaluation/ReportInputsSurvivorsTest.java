package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files the HTML report reads (a distillation map, a training run's metrics) at the edges of what they accept,
 * and the messages of what they refuse (issue 19, the report's surviving mutants).
 */
class ReportInputsSurvivorsTest {
    @TempDir
    Path tmp;

    private static String points(List<double[]> points) {
        StringBuilder s = new StringBuilder();
        for (double[] p : points) {
            s.append('(').append(p[0]).append(", ").append(p[1]).append(')');
        }
        return s.toString();
    }

    @Test
    void aMapAcceptsOneLabelledWindowAndAccuraciesZeroAndOne() throws IOException {
        Path map = tmp.resolve("map.csv");
        Files.writeString(map, DistillationMapTable.HEADER + "\n0.5,1,42,09,student,0,0\n0.5,1,42,10,student,1,1\n");
        DistillationMapTable t = DistillationMapTable.read(map);
        assertEquals(List.of("1"), t.labelled());
        assertEquals(2, t.rows().size());
        assertEquals(0.0, t.rows().get(0).accuracy());
        assertEquals(1.0, t.rows().get(1).accuracy());
        assertEquals(0.5, t.mean(0.5, "1", "student")[0], 0);

        for (String bad : List.of("0.5,0,42,09,student,0.5,0.5", "0.5,1,42,09,student,-0.01,0",
                "0.5,1,42,09,student,1.01,1")) {
            Files.writeString(map, DistillationMapTable.HEADER + "\n" + bad + "\n");
            ReportInputException e = assertThrows(ReportInputException.class, () -> DistillationMapTable.read(map));
            assertEquals(2, e.line(), bad);
            assertTrue(e.getMessage().startsWith(map + " line 2: malformed line '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void aWholeFileProblemNamesTheFileWithoutALine() throws IOException {
        Path map = tmp.resolve("map.csv");
        Files.writeString(map, DistillationMapTable.HEADER + "\n\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> DistillationMapTable.read(map));
        assertEquals(0, e.line());
        assertEquals(map + ": has a header but no rows", e.getMessage());
        assertEquals("m.jsonl: cannot be read", new ReportInputException(Path.of("m.jsonl"), 0, "cannot be read")
                .getMessage());
        assertEquals("m.jsonl line 1: bad", new ReportInputException(Path.of("m.jsonl"), 1, "bad").getMessage());
    }

    @Test
    void anEmptyMapOrAShortLineIsNamedByItsLine() throws IOException {
        Path map = tmp.resolve("map.csv");
        Files.writeString(map, "");
        ReportInputException e = assertThrows(ReportInputException.class, () -> DistillationMapTable.read(map));
        assertEquals(1, e.line());
        assertEquals(map + " line 1: expected the header '" + DistillationMapTable.HEADER + "', got ''",
                e.getMessage());
        Files.writeString(map, DistillationMapTable.HEADER + "\n0.5,1,42,09,student,0.5,0.5\n"
                + "0.5,1,42,09,student,0.5\n");
        e = assertThrows(ReportInputException.class, () -> DistillationMapTable.read(map));
        assertEquals(3, e.line());
        assertEquals(map + " line 3: expected 7 comma-separated fields, got 6", e.getMessage());
    }

    @Test
    void aRunWithOnlyTrainOrOnlyTestLinesReads() throws IOException {
        Path run = tmp.resolve("metrics.jsonl");
        Files.writeString(run, "{\"split\":\"train\",\"step\":2,\"loss\":0.5}\n"
                + "{\"split\":\"train\",\"step\":1,\"loss\":0.7}\n");
        TrainingCurves train = TrainingCurves.read("r", run);
        assertEquals("(1.0, 0.7)(2.0, 0.5)", points(train.loss()));
        assertEquals("", points(train.accuracy()));

        Files.writeString(run, "{\"split\":\"test\",\"step\":1,\"accuracy\":0.6}\n");
        TrainingCurves test = TrainingCurves.read("r", run);
        assertEquals("", points(test.loss()));
        assertEquals("(1.0, 0.6)", points(test.accuracy()));

        Files.writeString(run, "{\"split\":\"val\",\"step\":1,\"objective\":0.6}\n");
        ReportInputException e = assertThrows(ReportInputException.class, () -> TrainingCurves.read("r", run));
        assertEquals(0, e.line());
    }

    @Test
    void heldOutLinesOutOfOrderAreSortedByStep() throws IOException {
        Path run = tmp.resolve("metrics.jsonl");
        Files.writeString(run, "{\"split\":\"test\",\"step\":30,\"accuracy\":0.7,\"balanced_accuracy\":0.65}\n"
                + "{\"split\":\"test\",\"step\":10,\"accuracy\":0.5,\"balanced_accuracy\":0.45}\n"
                + "{\"split\":\"test\",\"step\":20,\"accuracy\":0.6}\n");
        TrainingCurves c = TrainingCurves.read("r", run);
        assertEquals("(10.0, 0.5)(20.0, 0.6)(30.0, 0.7)", points(c.accuracy()));
        assertEquals("(10.0, 0.45)(30.0, 0.65)", points(c.balancedAccuracy()));
    }
}
