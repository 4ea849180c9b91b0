package org.neurofusion.modalities.fnirs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.RecordingFormat;

/**
 * The NIRx raw-folder format for {@link org.neurofusion.modalities.Recordings#open(Path)}: claims a folder that
 * holds a {@code .hdr} starting with NIRx's {@code [GeneralInfo]} section, or such a {@code .hdr} itself.
 * Analyze {@code .hdr} files are binary and never start that way, so the two do not collide.
 */
public final class NirxFormat implements RecordingFormat {
    private static final String SIGNATURE = "[GeneralInfo]";

    @Override
    public String name() {
        return "NIRx";
    }

    @Override
    public boolean recognizes(Path path, byte[] head) {
        if (Files.isDirectory(path)) {
            try (Stream<Path> s = Files.list(path)) {
                List<Path> hdrs = s.filter(p -> isHdr(p) && Files.isRegularFile(p)).limit(4).toList();
                return hdrs.stream().anyMatch(p -> startsWithSignature(readHead(p)));
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }
        return isHdr(path) && startsWithSignature(head);
    }

    @Override
    public Recording open(Path path) {
        return NirxReader.open(path);
    }

    private static boolean isHdr(Path p) {
        Path name = p.getFileName();
        return name != null && name.toString().toLowerCase(Locale.ROOT).endsWith(".hdr");
    }

    private static byte[] readHead(Path p) {
        try (InputStream in = Files.newInputStream(p)) {
            return in.readNBytes(64);
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static boolean startsWithSignature(byte[] head) {
        int start = head.length >= 3 && (head[0] & 0xff) == 0xEF && (head[1] & 0xff) == 0xBB
                && (head[2] & 0xff) == 0xBF ? 3 : 0;
        return new String(head, start, head.length - start, StandardCharsets.ISO_8859_1).stripLeading()
                .startsWith(SIGNATURE);
    }
}
