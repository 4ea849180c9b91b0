package org.neurofusion.fusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.alignment.run.RunDirectoryException;

/**
 * A finished run another stage starts from (a pre-training run, a teacher, a supervised pseudo-labeller): its
 * stored configuration, its subject split and store, and the parameters of its last checkpoint. The last, not the
 * best: the best was picked on the held-out subjects, which are the test subjects here.
 *
 * @param dir the run folder
 * @param config the stored configuration ({@code config} of {@code config.json})
 * @param storeKey the key of the window store it trained on
 * @param trainSubjects its training subjects
 * @param testSubjects its held-out subjects
 */
public record SourceRun(Path dir, JsonNode config, String storeKey, List<String> trainSubjects,
        List<String> testSubjects) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads the run in {@code dir}.
     *
     * @throws RunDirectoryException naming the folder when it holds no run, or one without a store key or split
     */
    public static SourceRun read(Path dir) {
        JsonNode cfg = RunDirectory.readConfig(dir).get("config");
        String key = cfg.path("store_key").asText("");
        if (key.isEmpty() || !cfg.path("model").isObject()) {
            throw new RunDirectoryException(dir, -1, "is not a pre-training or fusion run (its config.json has no"
                    + " store_key or model)");
        }
        List<String> train = subjects(cfg, "train_subjects");
        List<String> test = subjects(cfg, cfg.has("test_subjects") ? "test_subjects" : "val_subjects");
        if (train.isEmpty() || test.isEmpty()) {
            throw new RunDirectoryException(dir, -1, "records no subject split (train " + train + ", held out "
                    + test + ")");
        }
        return new SourceRun(dir.toAbsolutePath().normalize(), cfg, key, train, test);
    }

    private static List<String> subjects(JsonNode cfg, String field) {
        String s = cfg.path(field).asText("");
        return s.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(s.split(",")));
    }

    /**
     * Where the run's window store lay when the run started (its provenance says so), or empty for runs that did
     * not record it.
     */
    public java.util.Optional<Path> storeDirectory() {
        Path file = dir.resolve(RunDirectory.PROVENANCE);
        try {
            JsonNode p = JSON.readTree(file.toFile());
            String s = p.path("configuration").path(org.neurofusion.alignment.train.Pretrainer.WINDOW_STORE_DIR)
                    .asText("");
            return s.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(Path.of(s));
        } catch (java.io.IOException e) {
            throw new RunDirectoryException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** The stored model specs ({@code model} of the configuration). */
    public JsonNode model() {
        return config.get("model");
    }

    /** The aligned-encoder specs of a pre-training run's model, or of a fusion run's {@code aligned} part. */
    public JsonNode alignedSpecs() {
        JsonNode m = model();
        return m.has("aligned") ? m.get("aligned") : m;
    }

    /** The modalities the run's encoders read, in order. */
    public List<String> modalities() {
        List<String> out = new ArrayList<>();
        alignedSpecs().path("encoders").fieldNames().forEachRemaining(out::add);
        return out;
    }

    /**
     * The aligned specs restricted to {@code keep}, without reconstruction decoders.
     *
     * @throws IllegalArgumentException naming the modalities when one is not encoded by this run
     */
    public ObjectNode alignedSpecs(List<String> keep) {
        JsonNode encs = alignedSpecs().path("encoders");
        ObjectNode out = JSON.createObjectNode();
        ObjectNode e = out.putObject("encoders");
        for (String m : keep) {
            if (!encs.has(m)) {
                throw new IllegalArgumentException("the run " + dir + " has no " + m + " encoder; it encodes "
                        + modalities());
            }
            e.set(m, encs.get(m));
        }
        out.set("latent_dim", alignedSpecs().get("latent_dim"));
        return out;
    }

    /**
     * The parameters of the last checkpoint, in {@code manager}.
     *
     * @throws RunDirectoryException when the run has written no checkpoint
     */
    public Map<String, NDArray> parameters(NDManager manager) {
        return RunDirectory.readCheckpoint(dir, RunDirectory.LAST, manager)
                .orElseThrow(() -> new RunDirectoryException(dir, -1, "has no checkpoint yet ("
                        + RunDirectory.CHECKPOINTS + "/" + RunDirectory.LAST + ")"))
                .parameters();
    }
}
