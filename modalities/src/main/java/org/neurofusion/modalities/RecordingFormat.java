package org.neurofusion.modalities;

import java.nio.file.Path;
import org.neurofusion.core.Recording;

/**
 * A file format that can be opened as a {@link Recording}. Formats are found with {@link java.util.ServiceLoader}
 * (listed in {@code META-INF/services/org.neurofusion.modalities.RecordingFormat}), so a new reader joins
 * {@link Recordings#open(Path)} without changing it.
 */
public interface RecordingFormat {

    /** A short name for messages and listings, e.g. "EDF/BDF". */
    String name();

    /**
     * Whether this format claims the path, judged by its first bytes (the signature) and its name.
     *
     * @param path the file or folder the user named
     * @param head up to the first 256 bytes of the file (empty for a folder or an unreadable file)
     */
    boolean recognizes(Path path, byte[] head);

    /** Opens the path; reads the header only. */
    Recording open(Path path);
}
