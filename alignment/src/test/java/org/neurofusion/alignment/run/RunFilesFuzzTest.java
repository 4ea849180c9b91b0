package org.neurofusion.alignment.run;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neurofusion.core.Provenance;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz targets for the text files of a run folder that a resumed or inspected run parses: {@code config.json}
 * ({@link RunDirectory#readConfig}, then {@link RunDirectory#resume} with the configuration the valid run was made
 * with, which compares the two) and {@code metrics.jsonl} (resume keeps the lines up to the checkpoint's step and
 * drops the rest and a torn last line). The valid run: a small configuration with nested objects and an array, seed
 * 42, four metrics lines at steps 10 to 40 and a state-only checkpoint at step 20. Each input is resumed in two fresh
 * copies of the folder, and what each copy holds afterwards (the configuration read, the metrics file) must agree.
 * Only typed errors naming a file may escape.
 */
class RunFilesFuzzTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SEED = 42;
    private static final ObjectNode CONFIG = config();
    private static final Map<String, byte[]> VALID = run();

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "run.dict")
    void fuzzConfig(byte[] json) {
        check(RunDirectory.CONFIG, json);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "run.dict")
    void fuzzMetrics(byte[] jsonl) {
        check(RunDirectory.METRICS, jsonl);
    }

    static void check(String replaced, byte[] bytes) {
        Map<String, byte[]> files = new LinkedHashMap<>(VALID);
        files.put(replaced, bytes);
        FuzzRules.files(files, replaced, FuzzRules.READER_REFUSALS, dir ->
                FuzzRules.sameTwice(dir.resolve(replaced).toString(), read(copy(dir, files, "first")),
                        read(copy(dir, files, "second"))));
    }

    /** The configuration as read alone, then the outcome of resuming and the folder's metrics afterwards. */
    private static List<Object> read(Path run) {
        List<Object> out = new ArrayList<>();
        out.add(FuzzRules.outcome(FuzzRules.READER_REFUSALS, () -> FuzzRules.timed("readConfig",
                () -> RunDirectory.readConfig(run).toString())));
        out.add(FuzzRules.outcome(FuzzRules.READER_REFUSALS, () -> {
            try (RunDirectory r = FuzzRules.timed("resume", () -> RunDirectory.resume(run, CONFIG, SEED))) {
                return List.of(r.seed(), r.config().toString());
            }
        }));
        // the two copies lie in different folders: compare refusals with the folder's name taken out
        out.replaceAll(o -> o instanceof FuzzRules.Refused r
                ? new FuzzRules.Refused(r.type(), r.message().replace(run.toString(), "RUN")) : o);
        try {
            Path metrics = run.resolve(RunDirectory.METRICS);
            out.add(Files.exists(metrics) ? Files.readString(metrics, StandardCharsets.ISO_8859_1) : "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A fresh copy of the run's files in {@code dir/name}: each resume may rewrite the metrics it finds. */
    private static Path copy(Path dir, Map<String, byte[]> files, String name) {
        Path run = dir.resolve(name);
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path p = run.resolve(f.getKey());
                Files.createDirectories(p.getParent());
                Files.write(p, f.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return run;
    }

    private static ObjectNode config() {
        ObjectNode c = JSON.createObjectNode();
        c.putObject("optimizer").put("name", "adamw").put("lr", 1e-3).put("weight_decay", 0.01);
        c.putObject("encoder").put("width", 64).putArray("patches").add(25).add(50);
        c.put("steps", 600).put("window_store_dir", "/data/store");
        return c;
    }

    /** The valid run's files, written once by {@link RunDirectory}. */
    private static Map<String, byte[]> run() {
        return FuzzRules.writtenFiles(dir -> {
            try (RunDirectory r = RunDirectory.create(dir, CONFIG, SEED, Provenance.ofKey("fuzz"))) {
                for (long step = 10; step <= 40; step += 10) {
                    r.appendMetrics(JSON.createObjectNode().put("step", step).put("loss", 1.0 / step)
                            .put("split", step % 20 == 0 ? "val" : "train"));
                    if (step == 20) {
                        r.saveCheckpoint(Checkpoint.of(Map.of(), Map.of(), new TrainingState(1, step, 0.5, 0)),
                                false);
                    }
                }
            }
        });
    }

    /** The valid run's own files, one seed per target. */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds() {
        FuzzRules.writeSeed(RunFilesFuzzTest.class, "fuzzConfig", "seed-config", VALID.get(RunDirectory.CONFIG));
        FuzzRules.writeSeed(RunFilesFuzzTest.class, "fuzzMetrics", "seed-four-lines-checkpoint-at-20",
                VALID.get(RunDirectory.METRICS));
    }
}
