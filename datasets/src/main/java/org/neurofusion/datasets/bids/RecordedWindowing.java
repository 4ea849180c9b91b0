package org.neurofusion.datasets.bids;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.WindowingSpec;

/**
 * The windowing a dataset records for a task: the conventional cue-locked window, band and classes, as a
 * {@link WindowingSpec} in {@code ROOT/neurofusion/windowing-task-T.json}. An importer writes it (with the folder
 * listed in {@code .bidsignore}, so the BIDS validator passes over it); {@code neurofusion evaluate} uses it when
 * given no spec.
 */
public final class RecordedWindowing {
    /** The folder, relative to the dataset's root. */
    public static final String DIR = "neurofusion";

    private RecordedWindowing() {
    }

    /** Where the windowing of {@code task} is recorded. */
    public static Path path(Path root, String task) {
        if (!task.matches("[A-Za-z0-9]+")) {
            throw new IllegalArgumentException("a BIDS task label is alphanumeric, got '" + task + "'");
        }
        return root.resolve(DIR).resolve("windowing-task-" + task + ".json");
    }

    /**
     * The windowing recorded for {@code task}, if any.
     *
     * @throws RecordingException naming the file when it is there but is not a windowing spec
     */
    public static Optional<WindowingSpec> read(Path root, String task) {
        Path f = path(root, task);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            if (Files.size(f) > 1 << 20) {
                throw new RecordingException(f, -1, "is over 1 MiB; a windowing spec is a few lines");
            }
            return Optional.of(WindowingSpec.fromJson(Files.readString(f, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new RecordingException(f, -1, "cannot be read: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new RecordingException(f, -1, "is not a windowing spec: " + e.getMessage(), e);
        }
    }

    /** Records {@code spec} for {@code task} under {@code root} (atomically), and lists the folder in .bidsignore. */
    public static Path write(Path root, String task, WindowingSpec spec) {
        Path f = path(root, task);
        try {
            Files.createDirectories(f.getParent());
            Path ignore = root.resolve(".bidsignore");
            String listed = Files.isRegularFile(ignore) ? Files.readString(ignore, StandardCharsets.UTF_8) : "";
            if (!listed.lines().anyMatch(l -> l.trim().equals(DIR + "/"))) {
                String text = listed + (listed.isEmpty() || listed.endsWith("\n") ? "" : "\n") + DIR + "/\n";
                AtomicFiles.write(ignore, os -> os.write(text.getBytes(StandardCharsets.UTF_8)));
            }
        } catch (IOException e) {
            throw new RecordingException(f, -1, "cannot be written: " + e.getMessage(), e);
        }
        byte[] json = (spec.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(f, os -> os.write(json));
        return f;
    }
}
