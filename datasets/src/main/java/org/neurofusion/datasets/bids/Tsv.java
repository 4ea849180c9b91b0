package org.neurofusion.datasets.bids;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.RecordingException;

/**
 * A BIDS tab-separated table: a header line of column names, then rows of as many values, {@code n/a} for
 * a missing one. Reading checks every row's column count and reports the first bad line by number.
 *
 * @param rows the data rows (header excluded), each as long as the header
 */
record Tsv(Path file, List<String> header, List<List<String>> rows) {
    static final String NA = "n/a";

    Tsv {
        header = List.copyOf(header);
        rows = rows.stream().map(List::copyOf).toList();
    }

    /**
     * Reads a table.
     *
     * @throws BidsMissingFileException when the file does not exist
     * @throws MalformedBidsFileException naming the line when a row has the wrong number of columns
     */
    static Tsv read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BidsMissingFileException(file, "no such file");
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            throw new MalformedBidsFileException(file, "line 1: a TSV file needs a header line of column names");
        }
        List<String> header = split(lines.get(0));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            // A trailing empty line is what most editors leave; it is not a row.
            if (line.isEmpty() && i == lines.size() - 1) {
                continue;
            }
            List<String> row = split(line);
            if (row.size() != header.size()) {
                throw new MalformedBidsFileException(file, "line " + (i + 1) + " has " + row.size()
                        + " columns, the header has " + header.size() + " (" + String.join(", ", header) + ")");
            }
            rows.add(row);
        }
        return new Tsv(file, header, rows);
    }

    private static List<String> split(String line) {
        String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
        return List.of(l.split("\t", -1));
    }

    /** Index of a column, or -1. */
    int column(String name) {
        return header.indexOf(name);
    }

    /**
     * The index of a column the table must have.
     *
     * @throws MalformedBidsFileException naming the column when it is absent
     */
    int requireColumn(String name) {
        int c = column(name);
        if (c < 0) {
            throw new MalformedBidsFileException(file, "line 1: required column '" + name + "' is missing (columns: "
                    + String.join(", ", header) + ")");
        }
        return c;
    }

    /** The value in a row's column, empty when the column is absent or the value is {@code n/a}. */
    Optional<String> value(List<String> row, String name) {
        int c = column(name);
        if (c < 0 || row.get(c).equals(NA) || row.get(c).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(row.get(c));
    }

    /**
     * A number from a row; {@code n/a} and absent columns give empty.
     *
     * @throws MalformedBidsFileException naming the line and column when it is not a number
     */
    Optional<Double> number(int rowIndex, String name) {
        Optional<String> v = value(rows.get(rowIndex), name);
        if (v.isEmpty()) {
            return Optional.empty();
        }
        try {
            double d = Double.parseDouble(v.get());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return Optional.of(d);
        } catch (NumberFormatException e) {
            throw new MalformedBidsFileException(file, "line " + (rowIndex + 2) + ", column '" + name + "': '" + v.get()
                    + "' is not a finite number");
        }
    }

    /** Writes a table atomically; {@code null} and empty values become {@code n/a}. */
    static void write(Path file, List<String> header, List<List<String>> rows) {
        StringBuilder sb = new StringBuilder(String.join("\t", header)).append('\n');
        for (List<String> row : rows) {
            if (row.size() != header.size()) {
                throw new IllegalArgumentException(file + ": row " + row + " does not match header " + header);
            }
            List<String> cells = new ArrayList<>();
            for (String v : row) {
                cells.add(v == null || v.isEmpty() ? NA : v);
            }
            sb.append(String.join("\t", cells)).append('\n');
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, os -> os.write(bytes));
    }
}
