package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.neurofusion.core.SharedData;

/** Copies of the shared NIRx folders in a temporary folder, to damage one file at a time. */
final class NirxFixture {
    static final String W_SHORT = NirxSharedDataTest.SCOUT + "nirx_15_2_recording_w_short";
    static final String AURORA = NirxSharedDataTest.SPORT2 + "aurora_2021_9";

    private NirxFixture() {
    }

    /** A copy of a shared folder under {@code dir}; skips the test when the shared data are absent. */
    static Path copy(String relative, Path dir) {
        Path from = SharedData.require(relative);
        Path to = dir.resolve(from.getFileName().toString());
        try (Stream<Path> s = Files.list(from)) {
            Files.createDirectories(to);
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName().toString()));
                to.resolve(p.getFileName().toString()).toFile().setWritable(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return to;
    }

    /** The one file in {@code folder} whose name ends with {@code suffix}. */
    static Path file(Path folder, String suffix) {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> l = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            assertEquals(1, l.size(), suffix + " in " + folder);
            return l.get(0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rewrites the file ending with {@code suffix} (decoded as Latin-1, as the reader decodes it). */
    static Path edit(Path folder, String suffix, UnaryOperator<String> change) {
        Path f = file(folder, suffix);
        try {
            String before = Files.readString(f, StandardCharsets.ISO_8859_1);
            String after = change.apply(before);
            assertTrue(!after.equals(before), "the edit of " + f + " changed nothing");
            Files.writeString(f, after, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** Replaces the {@code column}-th value (1-based) of line {@code line} (1-based) by {@code value}. */
    static String replaceValue(String text, int line, int column, String value) {
        String[] lines = text.split("\n", -1);
        String[] f = lines[line - 1].strip().split(" ");
        f[column - 1] = value;
        lines[line - 1] = String.join(" ", f);
        return String.join("\n", lines);
    }
}
