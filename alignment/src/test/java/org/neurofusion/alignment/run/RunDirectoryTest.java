package org.neurofusion.alignment.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Provenance;

/** The run folder's files, resume's refusals and its metrics truncation (no arrays: no engine needed). */
class RunDirectoryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private static ObjectNode config(double lr, int width) {
        ObjectNode c = JSON.createObjectNode();
        c.putObject("optimizer").put("name", "adamw").put("lr", lr);
        c.putObject("encoder").put("width", width).putArray("patches").add(25).add(50);
        return c;
    }

    private static ObjectNode row(long step, double loss) {
        return JSON.createObjectNode().put("step", step).put("loss", loss);
    }

    private static Checkpoint stateOnly(long step) {
        return Checkpoint.of(Map.of(), Map.of(), new TrainingState(1, step, Double.NaN, 0));
    }

    @Test
    void createWritesConfigAndProvenanceOnce() throws IOException {
        Path dir = tmp.resolve("run");
        Provenance p = Provenance.builder().addConfiguration("task", "mi").build();
        try (RunDirectory run = RunDirectory.create(dir, config(1e-3, 64), 42, p)) {
            assertEquals(p, run.provenance());
            assertEquals(64, run.config().at("/encoder/width").asInt());
        }
        JsonNode stored = JSON.readTree(dir.resolve(RunDirectory.CONFIG).toFile());
        assertEquals(42, stored.get("seed").asLong());
        assertEquals(config(1e-3, 64), stored.get("config"));
        RunDirectoryException again = assertThrows(RunDirectoryException.class,
                () -> RunDirectory.create(dir, config(1e-3, 64), 42, p));
        assertTrue(again.getMessage().contains("already holds a run"), again.getMessage());
    }

    @Test
    void resumeRefusesAnotherConfigurationNamingEveryDifferingKey() {
        Path dir = tmp.resolve("run");
        RunDirectory.create(dir, config(1e-3, 64), 42, Provenance.ofKey("k")).close();
        ConfigMismatchException e = assertThrows(ConfigMismatchException.class,
                () -> RunDirectory.resume(dir, config(1e-2, 64), 43));
        assertEquals(List.of("/config/optimizer/lr: stored 0.001, given 0.01", "/seed: stored 42, given 43"),
                e.differences());
        assertEquals(dir.resolve("config.json"), e.file());
        ObjectNode extraKey = config(1e-3, 64);
        extraKey.with("encoder").put("depth", 2);
        ConfigMismatchException added = assertThrows(ConfigMismatchException.class,
                () -> RunDirectory.resume(dir, extraKey, 42));
        assertEquals(List.of("/config/encoder/depth: stored (absent), given 2"), added.differences());
    }

    @Test
    void resumeAcceptsTheSameConfigurationGivenWithFloats() {
        Path dir = tmp.resolve("run");
        RunDirectory.create(dir, config(0.1, 64), 1, Provenance.ofKey("k")).close();
        ObjectNode asFloat = config(0.1, 64);
        asFloat.with("optimizer").put("lr", 0.1f); // the same setting as a Java float: equal once written as JSON
        try (RunDirectory run = RunDirectory.resume(dir, asFloat, 1)) {
            assertEquals(1, run.seed());
        }
    }

    @Test
    void resumeDropsMetricsAfterTheCheckpointAndATornLine() throws IOException {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = RunDirectory.create(dir, config(1e-3, 64), 5, Provenance.ofKey("k"))) {
            run.appendMetrics(row(10, 0.9));
            run.appendMetrics(row(20, 0.8));
            run.saveCheckpoint(stateOnly(20), false);
            run.appendMetrics(row(30, 0.7)); // written, then the run was killed before the step-30 checkpoint
        }
        Path metrics = dir.resolve(RunDirectory.METRICS);
        Files.writeString(metrics, "{\"step\":40,\"lo", java.nio.file.StandardOpenOption.APPEND); // torn by the kill
        try (RunDirectory run = RunDirectory.resume(dir, config(1e-3, 64), 5)) {
            assertEquals("{\"step\":10,\"loss\":0.9}\n{\"step\":20,\"loss\":0.8}\n",
                    Files.readString(metrics, StandardCharsets.UTF_8));
            run.appendMetrics(row(30, 0.65));
        }
        List<String> lines = Files.readAllLines(metrics);
        assertEquals(3, lines.size());
        assertEquals(0.65, JSON.readTree(lines.get(2)).get("loss").asDouble());
    }

    @Test
    void resumeWithoutACheckpointStartsTheMetricsOver() throws IOException {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = RunDirectory.create(dir, config(1e-3, 64), 5, Provenance.ofKey("k"))) {
            run.appendMetrics(row(0, 1.0));
        }
        RunDirectory.resume(dir, config(1e-3, 64), 5).close();
        assertEquals("", Files.readString(dir.resolve(RunDirectory.METRICS)));
    }

    @Test
    void aDamagedMetricsLineBeforeTheEndIsNamedNotDropped() throws IOException {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = RunDirectory.create(dir, config(1e-3, 64), 5, Provenance.ofKey("k"))) {
            run.saveCheckpoint(stateOnly(20), false);
        }
        Path metrics = dir.resolve(RunDirectory.METRICS);
        Files.writeString(metrics, "{\"step\":10}\nnot json\n{\"step\":30}\n");
        RunDirectoryException e = assertThrows(RunDirectoryException.class,
                () -> RunDirectory.resume(dir, config(1e-3, 64), 5));
        assertTrue(e.getMessage().startsWith(metrics + ": line 2 is not JSON"), e.getMessage());
        assertEquals("{\"step\":10}\nnot json\n{\"step\":30}\n", Files.readString(metrics), "left untouched");
    }

    @Test
    void metricsRowsNeedAStepAndAreOnTheDiskAtOnce() throws IOException {
        try (RunDirectory run = RunDirectory.create(tmp.resolve("run"), config(1e-3, 64), 5, Provenance.ofKey("k"))) {
            assertThrows(IllegalArgumentException.class, () -> run.appendMetrics(JSON.createObjectNode().put("loss", 1)));
            run.appendMetrics(row(1, 0.5));
            // Flushed per line: another reader sees it while the run is still open.
            assertEquals("{\"step\":1,\"loss\":0.5}\n", Files.readString(run.directory().resolve(RunDirectory.METRICS)));
        }
    }

    @Test
    void oneTrainerAtATimeAndNonRunsAreRefused() throws IOException {
        Path dir = tmp.resolve("run");
        try (RunDirectory run = RunDirectory.create(dir, config(1e-3, 64), 5, Provenance.ofKey("k"))) {
            RunDirectoryException busy = assertThrows(RunDirectoryException.class,
                    () -> RunDirectory.resume(dir, config(1e-3, 64), 5));
            assertTrue(busy.getMessage().contains("open in another trainer"), busy.getMessage());
        }
        RunDirectory.resume(dir, config(1e-3, 64), 5).close(); // released on close
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("notes.txt"), "x");
        assertTrue(assertThrows(RunDirectoryException.class, () -> RunDirectory.resume(other, config(1e-3, 64), 5))
                .getMessage().contains("holds no run"));
        assertTrue(assertThrows(RunDirectoryException.class,
                () -> RunDirectory.create(other, config(1e-3, 64), 5, Provenance.ofKey("k")))
                .getMessage().contains("is not empty (notes.txt)"));
        assertFalse(Files.exists(other.resolve(RunDirectory.CONFIG)));
    }
}
