package org.neurofusion.alignment.run;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Provenance;

/**
 * The one folder every trainer ({@code pretrain}, {@code fuse}, {@code distil}, fine-tuning) writes its run to:
 * <pre>
 *   config.json            {"seed": S, "config": {...}}: the resolved configuration, written once
 *   provenance.json        inputs' checksums, configuration, versions ({@link Provenance})
 *   metrics.jsonl          one JSON object per line, each with its optimizer "step"
 *   checkpoints/last.ckpt  the latest checkpoint, replaced atomically
 *   checkpoints/best.ckpt  the checkpoint with the best validation metric so far
 *   run.lock               held while the run is open: two trainers never write one folder
 * </pre>
 * {@link #create} starts a run; {@link #resume} continues one with the same configuration and seed (anything else
 * is refused, naming the differing keys) and drops the metrics lines written after the checkpoint it continues
 * from. Checkpoints are written to a temporary file and renamed, so {@link #latest} always finds a whole one: the
 * previous checkpoint survives a crash during a write.
 */
public final class RunDirectory implements Closeable {
    public static final String CONFIG = "config.json";
    public static final String PROVENANCE = "provenance.json";
    public static final String METRICS = "metrics.jsonl";
    public static final String CHECKPOINTS = "checkpoints";
    public static final String LAST = "last.ckpt";
    public static final String BEST = "best.ckpt";
    public static final String LOCK = "run.lock";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final JsonNode config;
    private final long seed;
    private final FileChannel lockChannel;
    private final MetricsLog metrics;

    private RunDirectory(Path dir, JsonNode config, long seed, FileChannel lockChannel) {
        this.dir = dir;
        this.config = config;
        this.seed = seed;
        this.lockChannel = lockChannel;
        this.metrics = MetricsLog.open(dir.resolve(METRICS));
    }

    /**
     * Starts a new run in {@code dir} (created when absent; it must be empty otherwise).
     *
     * @param config     the resolved configuration (every default filled in), stored as given
     * @param seed       the seed that drives initialisation and data order
     * @param provenance where the run's inputs come from
     * @throws RunDirectoryException when {@code dir} holds anything, a run included, or cannot be written
     */
    public static RunDirectory create(Path dir, JsonNode config, long seed, Provenance provenance) {
        Objects.requireNonNull(provenance, "provenance");
        ObjectNode stored = normalised(dir, config, seed);
        try {
            Files.createDirectories(dir);
            try (Stream<Path> entries = Files.list(dir)) {
                List<String> names = entries.map(p -> p.getFileName().toString()).sorted().limit(5).toList();
                if (!names.isEmpty()) {
                    throw new RunDirectoryException(dir, -1, names.contains(CONFIG)
                            ? "already holds a run; resume it (--resume) or choose another folder"
                            : "is not empty (" + String.join(", ", names) + "); a new run needs an empty folder");
                }
            }
            Files.createDirectories(dir.resolve(CHECKPOINTS));
        } catch (IOException e) {
            throw new RunDirectoryException(dir, -1, "cannot create the run folder: " + e.getMessage(), e);
        }
        FileChannel lock = lock(dir);
        try {
            writeJson(dir.resolve(PROVENANCE), provenance.toJsonNode());
            // config.json last: a folder with it is a complete run that resume can open.
            writeJson(dir.resolve(CONFIG), stored);
            return new RunDirectory(dir, stored.get("config"), seed, lock);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /**
     * Continues the run in {@code dir}. The stored configuration and seed must equal the given ones; metrics lines
     * written after the latest checkpoint's step (and a torn last line) are dropped, so that the resumed run writes
     * them again exactly once. With no checkpoint yet, every metrics line is dropped: the run starts over.
     *
     * @throws ConfigMismatchException naming every differing key when the configuration or seed differ
     * @throws CorruptCheckpointException when the latest checkpoint's header cannot be read
     * @throws RunDirectoryException when {@code dir} holds no run, or another process has it open
     */
    public static RunDirectory resume(Path dir, JsonNode config, long seed) {
        ObjectNode given = normalised(dir, config, seed);
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new RunDirectoryException(dir, -1, "holds no run to resume (no " + CONFIG + ")");
        }
        JsonNode stored;
        try {
            stored = JSON.readTree(configFile.toFile());
        } catch (IOException e) {
            throw new RunDirectoryException(configFile, -1, "cannot be read: " + e.getMessage(), e);
        }
        List<String> differences = ConfigDiff.differences(stored, given);
        if (!differences.isEmpty()) {
            throw new ConfigMismatchException(configFile, differences);
        }
        FileChannel lock = lock(dir);
        try {
            Path last = dir.resolve(CHECKPOINTS).resolve(LAST);
            long step = Files.isRegularFile(last) ? CheckpointFile.readState(last).step() : -1;
            MetricsLog.truncateAfter(dir.resolve(METRICS), step);
            Files.createDirectories(dir.resolve(CHECKPOINTS));
            return new RunDirectory(dir, stored.get("config"), seed, lock);
        } catch (IOException e) {
            release(lock);
            throw new RunDirectoryException(dir, -1, "cannot open the run: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            release(lock);
            throw e;
        }
    }

    /** The run folder. */
    public Path directory() {
        return dir;
    }

    /** The configuration as stored (a copy). */
    public JsonNode config() {
        return config.deepCopy();
    }

    /** The run's seed. */
    public long seed() {
        return seed;
    }

    /** The provenance recorded when the run started. */
    public Provenance provenance() {
        Path file = dir.resolve(PROVENANCE);
        try {
            return Provenance.fromJsonNode(JSON.readTree(file.toFile()));
        } catch (IOException | IllegalArgumentException e) {
            throw new RunDirectoryException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Appends one line to {@code metrics.jsonl} and flushes it. Write a step's metrics before the checkpoint of that
     * step: resume keeps the lines up to the checkpoint's step.
     *
     * @param row a JSON object with a whole-number {@code step} >= 0
     */
    public void appendMetrics(ObjectNode row) {
        metrics.append(row);
    }

    /**
     * Writes {@code checkpoint} as {@code last.ckpt}, and as {@code best.ckpt} too when {@code best}: each to a
     * temporary file, synced, then renamed over the old one.
     */
    public void saveCheckpoint(Checkpoint checkpoint, boolean best) {
        saveCheckpoint(checkpoint, best, () -> { });
    }

    /** As {@link #saveCheckpoint(Checkpoint, boolean)}, running {@code afterWrite} once the temporary file holds it all. */
    void saveCheckpoint(Checkpoint checkpoint, boolean best, Runnable afterWrite) {
        Path last = dir.resolve(CHECKPOINTS).resolve(LAST);
        AtomicFiles.write(last, os -> {
            CheckpointFile.write(os, checkpoint);
            afterWrite.run();
        });
        if (best) {
            // A copy of the file just written, not a second encoding of every array.
            AtomicFiles.write(dir.resolve(CHECKPOINTS).resolve(BEST), os -> Files.copy(last, os));
        }
    }

    /**
     * Opens a trainer's run folder: continues the run in {@code dir} when {@code resume} is set and it holds one
     * ({@link #resume}), else creates it ({@link #create}) with a provenance naming the window store's key, the
     * configuration under {@code configName}, the seed, where the store lay ({@code window_store_dir}: in the
     * provenance, not the configuration, so a moved store still resumes) and the software versions.
     */
    public static RunDirectory open(Path dir, ObjectNode config, long seed, boolean resume, String configName,
            String storeKey, Path storeDir) {
        if (resume && Files.exists(dir.resolve(CONFIG))) {
            return resume(dir, config, seed);
        }
        ai.djl.engine.Engine engine = ai.djl.engine.Engine.getInstance();
        Provenance p = Provenance.builder().addInputChecksum("window_store", storeKey)
                .addConfiguration(configName, config.toString()).addConfiguration("seed", Long.toString(seed))
                .addConfiguration(WINDOW_STORE_DIR, storeDir.toAbsolutePath().normalize().toString())
                .addVersion("neurofusion", Provenance.neurofusionVersion())
                .addVersion("djl", ai.djl.engine.Engine.getDjlVersion())
                .addVersion("engine", engine.getEngineName() + " " + engine.getVersion())
                .build();
        return create(dir, config, seed, p);
    }

    /** The provenance entry that says where a run's window store lay when it started. */
    public static final String WINDOW_STORE_DIR = "window_store_dir";

    /**
     * Reads a finished or running run without opening it (no lock, nothing truncated): its stored
     * {@code config.json}, {@code {"seed": S, "config": {...}}}.
     *
     * @throws RunDirectoryException naming the file when there is no run or its configuration cannot be read
     */
    public static JsonNode readConfig(Path dir) {
        Path configFile = dir.resolve(CONFIG);
        if (!Files.isRegularFile(configFile)) {
            throw new RunDirectoryException(dir, -1, "holds no run (no " + CONFIG + ")");
        }
        try {
            JsonNode stored = JSON.readTree(configFile.toFile());
            if (stored == null || !stored.has("seed") || !stored.has("config")) {
                throw new RunDirectoryException(configFile, -1, "is not a run configuration (needs seed and config)");
            }
            return stored;
        } catch (IOException e) {
            throw new RunDirectoryException(configFile, -1, "cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads checkpoint {@code name} ({@link #BEST} or {@link #LAST}) of the run in {@code dir} without opening the
     * run; empty when it has not been written.
     *
     * @throws CorruptCheckpointException naming the file and the array when it is damaged or truncated
     */
    public static Optional<Checkpoint> readCheckpoint(Path dir, String name, NDManager manager) {
        Path file = dir.resolve(CHECKPOINTS).resolve(name);
        return Files.isRegularFile(file) ? Optional.of(CheckpointFile.read(file, manager)) : Optional.empty();
    }

    /**
     * The last checkpoint written, its arrays in {@code manager}; empty when none has been.
     *
     * @throws CorruptCheckpointException naming the file and the array when it is damaged or truncated
     */
    public Optional<Checkpoint> latest(NDManager manager) {
        return read(LAST, manager);
    }

    /** The checkpoint with the best validation metric, its arrays in {@code manager}; empty when none has been. */
    public Optional<Checkpoint> best(NDManager manager) {
        return read(BEST, manager);
    }

    private Optional<Checkpoint> read(String name, NDManager manager) {
        return readCheckpoint(dir, name, manager);
    }

    /** Closes the metrics file and releases the folder to other processes. */
    @Override
    public void close() {
        try {
            metrics.close();
        } finally {
            release(lockChannel);
        }
    }

    private static ObjectNode normalised(Path dir, JsonNode config, long seed) {
        Objects.requireNonNull(dir, "dir");
        if (config == null || !config.isObject()) {
            throw new IllegalArgumentException("a run's configuration must be a JSON object, got " + config);
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("seed", seed);
        o.set("config", config.deepCopy());
        // Through text and back: a float 0.1f given in code and the 0.1 read from config.json compare equal.
        try {
            return (ObjectNode) JSON.readTree(JSON.writeValueAsString(o));
        } catch (IOException e) {
            throw new IllegalArgumentException("the configuration cannot be written as JSON: " + e.getMessage(), e);
        }
    }

    private static void writeJson(Path file, JsonNode node) {
        AtomicFiles.write(file, os -> os.write((JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
    }

    private static FileChannel lock(Path dir) {
        Path file = dir.resolve(LOCK);
        FileChannel ch = null;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            return ch;
        } catch (OverlappingFileLockException e) {
            release(ch);
            throw new RunDirectoryException(file, -1, "the run is open in another trainer; wait for it or stop it");
        } catch (IOException e) {
            release(ch);
            throw new RunDirectoryException(file, -1, "cannot lock the run folder: " + e.getMessage(), e);
        }
    }

    private static void release(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close(); // releases the lock
            } catch (IOException ignored) {
                // Nothing more to release; the lock dies with the channel either way.
            }
        }
    }
}
