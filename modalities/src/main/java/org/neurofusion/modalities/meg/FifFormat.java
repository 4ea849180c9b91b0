package org.neurofusion.modalities.meg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.RecordingFormat;

/**
 * FIF for {@link org.neurofusion.modalities.Recordings}: claims a file that starts with a FIFF_FILE_ID tag, or is
 * named {@code .fif} / {@code .fif.gz} (so a damaged or compressed FIF file gets this reader's precise error).
 */
public final class FifFormat implements RecordingFormat {
    @Override
    public String name() {
        return "FIF";
    }

    @Override
    public boolean recognizes(Path path, byte[] head) {
        if (FifReader.hasSignature(head)) {
            return true;
        }
        Path name = path.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return (n.endsWith(".fif") || n.endsWith(".fif.gz")) && !Files.isDirectory(path);
    }

    @Override
    public Recording open(Path path) {
        return FifReader.open(path);
    }
}
