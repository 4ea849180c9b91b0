package org.neurofusion.modalities.fmri;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurofusion.core.RecordingException;

/**
 * The names of an atlas's labels, from a tab-separated file of {@code index<TAB>name} lines (UTF-8). Blank lines
 * and lines starting with {@code #} are skipped, and so is a first line whose first field is not an integer (a
 * column header such as {@code index	name}); further columns are ignored.
 */
public final class LabelTable {
    private LabelTable() {
    }

    /**
     * Reads the table.
     *
     * @throws RecordingException naming the file and line of a malformed line, a repeated index or a repeated name
     */
    public static Map<Integer, String> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, "no such file");
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read as UTF-8 text: " + e.getMessage(), e);
        }
        Map<Integer, String> names = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        boolean first = true;
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = lines.get(n).split("\t", -1);
            Integer index = parseIndex(f[0].strip());
            if (index == null && first) {
                first = false;
                continue;
            }
            first = false;
            if (index == null || f.length < 2 || f[1].isBlank()) {
                throw problem(file, n, "expected 'index<TAB>name', found '" + lines.get(n) + "'");
            }
            String name = f[1].strip();
            if (names.containsKey(index)) {
                throw problem(file, n, "label " + index + " is named twice");
            }
            if (!seen.add(name)) {
                throw problem(file, n, "name '" + name + "' is given to two labels");
            }
            names.put(index, name);
        }
        return names;
    }

    private static Integer parseIndex(String s) {
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static RecordingException problem(Path file, int line, String what) {
        return new RecordingException(file, -1, "line " + (line + 1) + ": " + what);
    }
}
