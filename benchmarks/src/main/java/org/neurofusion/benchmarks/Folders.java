package org.neurofusion.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Scratch folders of the benchmarks: made in the temporary directory unless the user names one, removed after. */
public final class Folders {
    private Folders() {
    }

    /** Deletes {@code dir} and everything under it; a folder that does not exist is left as it is. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> s = Files.walk(dir)) {
            // Deepest first, so that every folder is empty when its turn comes.
            paths = s.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path p : paths) {
            Files.deleteIfExists(p);
        }
    }
}
