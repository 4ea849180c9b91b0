package org.neurofusion.modalities.eeg;

import java.nio.file.Path;
import java.util.Locale;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.RecordingFormat;

/** EDF, EDF+, BDF and BDF+ for {@link org.neurofusion.modalities.Recordings}: claimed by signature. */
public final class EdfFormat implements RecordingFormat {
    @Override
    public String name() {
        return "EDF/BDF";
    }

    @Override
    public boolean recognizes(Path path, byte[] head) {
        if (EdfHeaderParser.hasSignature(head)) {
            return true;
        }
        // A file named .edf/.bdf that lacks the signature is still ours, so the user hears why it is bad.
        String n = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
        return head.length > 0 && (n.endsWith(".edf") || n.endsWith(".bdf") || n.endsWith(".rec"));
    }

    @Override
    public Recording open(Path path) {
        return EdfReader.open(path);
    }
}
