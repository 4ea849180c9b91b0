package org.neurofusion.fusion.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code map.csv}: one line per held-out subject × seed × cell × condition, with the header
 * {@value #HEADER}; {@code labelled_per_class} -1 is written {@code all}.
 */
public final class MapCsv {
    /** The header line. */
    public static final String HEADER = "shared_fraction,labelled_per_class,seed,subject,condition,accuracy,"
            + "balanced_accuracy";

    private MapCsv() {
    }

    /** The file's text. */
    public static String format(List<MapRow> rows) {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (MapRow r : rows) {
            s.append(number(r.sharedFraction())).append(',').append(MapRow.labelled(r.labelledPerClass())).append(',')
                    .append(r.seed()).append(',').append(r.subject()).append(',').append(r.condition().label())
                    .append(',').append(String.format(Locale.ROOT, "%.6f", r.accuracy())).append(',')
                    .append(String.format(Locale.ROOT, "%.6f", r.balancedAccuracy())).append('\n');
        }
        return s.toString();
    }

    /** Writes {@code rows} to {@code file} atomically (a reader never sees half a map). */
    public static void write(Path file, List<MapRow> rows) {
        writeAtomically(file, format(rows));
    }

    /**
     * Reads a file {@link #write} wrote.
     *
     * @throws IllegalArgumentException naming the file and line for a wrong header or a malformed line
     */
    public static List<MapRow> read(Path file) {
        return readRows(file, HEADER, 7, f -> new MapRow(Double.parseDouble(f[0]), labelled(f[1]),
                Long.parseLong(f[2]), f[3], Condition.of(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6])));
    }

    /** The file's first line, or "" for an empty file. */
    static String firstLine(Path file) {
        try (var r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null ? "" : line;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The rows of a CSV file with the given header, each of {@code fields} comma-separated fields made into a value
     * by {@code parse}.
     *
     * @throws IllegalArgumentException naming the file and line for a wrong header, a line of another field count,
     *     or a field {@code parse} refuses (with an {@link IllegalArgumentException}, a NumberFormatException too)
     */
    static <T> List<T> readRows(Path file, String header, int fields, java.util.function.Function<String[], T> parse) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty() || !lines.get(0).equals(header)) {
            throw new IllegalArgumentException(file + " line 1: expected the header '" + header + "'");
        }
        List<T> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            try {
                if (f.length != fields) {
                    throw new IllegalArgumentException("expected " + fields + " fields, got " + f.length);
                }
                out.add(parse.apply(f));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** A labelled count as written: {@code all} is -1. */
    static int labelled(String field) {
        return field.equals("all") ? -1 : Integer.parseInt(field);
    }

    /** A number as short as it reads exactly: 0, 0.5, 0.8. */
    static String number(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    static void writeAtomically(Path file, String text) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
