package org.neurofusion.modalities.fnirs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.neurofusion.core.CorruptRecordingException;

/**
 * The INI dialect of NIRx's text files ({@code .hdr}, {@code .inf}): {@code [Section]} lines, {@code key=value}
 * lines, values in double quotes that may span lines (the {@code "#...#"} matrices, multi-line notes), and
 * Aurora's {@code Channel indices=} whose value sits on the following line. Keys are matched ignoring case, as
 * Python's configparser (which MNE uses) matches them. Every value remembers its line for error messages.
 */
final class NirxIni {
    /** A value as written (quotes removed) and the 1-based line where its key stands. */
    record Value(String text, int line) {
    }

    private final Path file;
    private final Map<String, Map<String, Value>> sections;

    private NirxIni(Path file, Map<String, Map<String, Value>> sections) {
        this.file = file;
        this.sections = sections;
    }

    /** Parses the text of {@code file}; keys before any section go to the section named "". */
    static NirxIni parse(Path file, String text) {
        Map<String, Map<String, Value>> sections = new LinkedHashMap<>();
        Map<String, Value> current = sections.computeIfAbsent("", k -> new LinkedHashMap<>());
        String[] lines = text.split("\r\n|\r|\n", -1);
        String lastKey = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int lineNo = i + 1;
            if (line.isEmpty() || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1).strip().toLowerCase(Locale.ROOT),
                        k -> new LinkedHashMap<>());
                lastKey = null;
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                // A line without '=' continues the previous key's value (Aurora's "Channel indices=" + next line).
                if (lastKey == null) {
                    throw new CorruptRecordingException(file, -1, "line " + lineNo + ": expected key=value, got \""
                            + abbreviate(line) + "\"");
                }
                Value v = current.get(lastKey);
                current.put(lastKey, new Value(v.text().isEmpty() ? line : v.text() + "\n" + line, v.line()));
                continue;
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(lines[i].indexOf('=') + 1).strip();
            if (value.startsWith("\"")) {
                StringBuilder sb = new StringBuilder(value.substring(1));
                int close = sb.indexOf("\"");
                int j = i;
                while (close < 0) {
                    j++;
                    if (j >= lines.length) {
                        throw new CorruptRecordingException(file, -1, "line " + lineNo + ": the quoted value of '"
                                + key + "' is never closed");
                    }
                    sb.append('\n').append(lines[j]);
                    close = sb.indexOf("\"");
                }
                value = sb.substring(0, close);
                i = j;
            }
            current.put(key, new Value(value, lineNo));
            lastKey = key;
        }
        return new NirxIni(file, sections);
    }

    Path file() {
        return file;
    }

    boolean hasSection(String section) {
        return sections.containsKey(section.toLowerCase(Locale.ROOT));
    }

    Optional<Value> find(String section, String key) {
        Map<String, Value> s = sections.get(section.toLowerCase(Locale.ROOT));
        return s == null ? Optional.empty() : Optional.ofNullable(s.get(key.toLowerCase(Locale.ROOT)));
    }

    /** The value, or a {@link CorruptRecordingException} naming the file, section and key. */
    Value require(String section, String key) {
        return find(section, key).orElseThrow(() -> new CorruptRecordingException(file, -1, "missing " + key
                + "= in section [" + section + "]"));
    }

    /** The trimmed text of a value, or "" when absent. */
    String text(String section, String key) {
        return find(section, key).map(v -> v.text().strip()).orElse("");
    }

    /** A positive integer field, bounded so that nothing is ever sized from an absurd count. */
    int positiveInt(String section, String key, int max) {
        Value v = require(section, key);
        long n;
        try {
            n = Long.parseLong(v.text().strip());
        } catch (NumberFormatException e) {
            throw new CorruptRecordingException(file, -1, "line " + v.line() + ": " + key + "='" + v.text().strip()
                    + "' is not an integer");
        }
        if (n < 1 || n > max) {
            throw new CorruptRecordingException(file, -1, "line " + v.line() + ": " + key + "=" + n
                    + " is outside 1.." + max);
        }
        return (int) n;
    }

    /** A positive, finite number field. */
    double positiveNumber(String section, String key) {
        Value v = require(section, key);
        double x;
        try {
            x = Double.parseDouble(v.text().strip());
        } catch (NumberFormatException e) {
            throw new CorruptRecordingException(file, -1, "line " + v.line() + ": " + key + "='" + v.text().strip()
                    + "' is not a number");
        }
        if (!(x > 0) || !Double.isFinite(x)) {
            throw new CorruptRecordingException(file, -1, "line " + v.line() + ": " + key + "=" + v.text().strip()
                    + " is not a positive, finite number");
        }
        return x;
    }

    /**
     * The rows of a {@code "#\n1 0 1\n0 1 0\n#"} matrix value, as integers; the {@code #} fences are optional.
     */
    List<int[]> intMatrix(String section, String key) {
        Value v = require(section, key);
        List<int[]> rows = new ArrayList<>();
        String[] lines = v.text().split("\n");
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].replace("#", " ").strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split("[\\s,]+");
            int[] row = new int[f.length];
            for (int k = 0; k < f.length; k++) {
                try {
                    row[k] = Integer.parseInt(f[k]);
                } catch (NumberFormatException e) {
                    throw new CorruptRecordingException(file, -1, "line " + (v.line() + i) + ": " + key + " entry "
                            + (k + 1) + " '" + abbreviate(f[k]) + "' is not an integer");
                }
            }
            rows.add(row);
        }
        return rows;
    }

    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
