package org.neurofusion.datasets.simulate.realism;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsFile;
import org.neurofusion.modalities.Recordings;

/**
 * The recordings a path stands for: a file (EDF, BDF, SNIRF), a NIRx folder (one holding a {@code .hdr} and
 * {@code .wl1}), a BIDS dataset (its EEG and fNIRS files, opened through {@link BidsDataset} so that their
 * {@code events.tsv} gives the trials), or any other folder, searched recursively for those; {@code derivatives}
 * folders are skipped. Recordings are opened one at a time, when asked for, so a large folder is not held open.
 */
public final class RealismInputs {
    private static final List<String> EXTENSIONS = List.of(".edf", ".bdf", ".snirf");

    /** One recording found: a name for messages and a way to open it. */
    public record Source(String name, Supplier<Recording> opener) {
    }

    private RealismInputs() {
    }

    /**
     * The recordings under {@code path}, in a stable order.
     *
     * @throws RecordingException when the path does not exist or a folder cannot be listed
     */
    public static List<Source> find(Path path) {
        if (!Files.exists(path)) {
            throw new RecordingException(path, -1, "no such file or folder");
        }
        List<Source> out = new ArrayList<>();
        collect(path, out);
        return out;
    }

    private static void collect(Path p, List<Source> out) {
        if (!Files.isDirectory(p)) {
            out.add(new Source(p.toString(), () -> Recordings.open(p)));
            return;
        }
        if (Files.isRegularFile(p.resolve("dataset_description.json"))) {
            BidsDataset ds = BidsDataset.open(p);
            for (BidsFile f : ds.files()) {
                if (f.modality().filter(m -> m == Modality.EEG || m == Modality.FNIRS).isPresent()) {
                    out.add(new Source(f.path().toString(), () -> ds.recording(f)));
                }
            }
            return;
        }
        List<Path> children = list(p);
        if (children.stream().anyMatch(c -> name(c).endsWith(".hdr"))
                && children.stream().anyMatch(c -> name(c).endsWith(".wl1"))) {
            out.add(new Source(p.toString(), () -> Recordings.open(p)));
            return;
        }
        for (Path c : children) {
            if (Files.isDirectory(c)) {
                if (!name(c).equals("derivatives")) {
                    collect(c, out);
                }
            } else if (EXTENSIONS.stream().anyMatch(e -> name(c).endsWith(e))) {
                out.add(new Source(c.toString(), () -> Recordings.open(c)));
            }
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString().toLowerCase(Locale.ROOT);
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new RecordingException(dir, -1, "cannot list the folder: " + e.getMessage(), e);
        }
    }
}
