package org.neurofusion.modalities.eeg;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.RecordingFormat;

/**
 * The BrainVision format for {@link org.neurofusion.modalities.Recordings#open(Path)}: claims a file whose
 * first line is a BrainVision header signature (a UTF-8 byte-order mark allowed) or whose name ends in
 * {@code .vhdr}, so a {@code .vhdr} that is not BrainVision gets this reader's precise error.
 */
public final class BrainVisionFormat implements RecordingFormat {
    private static final Pattern SIGNATURE = Pattern.compile("^Brain ?Vision( Core| V-Amp)? Data( Exchange)? Header File");

    @Override
    public String name() {
        return "BrainVision";
    }

    @Override
    public boolean recognizes(Path path, byte[] head) {
        int start = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB
                && (head[2] & 0xff) == 0xBF ? 3 : 0;
        String text = new String(head, start, head.length - start, StandardCharsets.ISO_8859_1);
        if (SIGNATURE.matcher(text).find()) {
            return true;
        }
        Path name = path.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".vhdr") && !Files.isDirectory(path);
    }

    @Override
    public Recording open(Path path) {
        return BrainVisionReader.open(path);
    }
}
