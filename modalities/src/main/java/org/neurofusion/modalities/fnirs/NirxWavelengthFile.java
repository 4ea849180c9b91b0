package org.neurofusion.modalities.fnirs;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;

/**
 * One wavelength's data file ({@code .wl1}, {@code .wl2}): plain text, one line per sample, values separated
 * by spaces (NIRScout: one column per source–detector combination of the header's key; Aurora: one per listed
 * channel). Lines may end in LF or CRLF, mixed, as MNE notes for real files.
 */
final class NirxWavelengthFile {
    /** Each value takes at least two bytes (a digit and a separator, the last one a line end). */
    static final int MIN_BYTES_PER_VALUE = 2;

    final Path file;
    final long size;
    /** Lines holding values (blank lines are not samples). */
    final long rows;

    private NirxWavelengthFile(Path file, long size, long rows) {
        this.file = file;
        this.size = size;
        this.rows = rows;
    }

    /** Counts the sample lines without parsing any number: cheap enough for open. */
    static NirxWavelengthFile scan(Path file) {
        long size = 0;
        long rows = 0;
        boolean content = false;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                size += n;
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b == '\n') {
                        if (content) {
                            rows++;
                        }
                        content = false;
                    } else if (b != ' ' && b != '\t' && b != '\r') {
                        content = true;
                    }
                }
            }
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
        if (content) {
            rows++;
        }
        return new NirxWavelengthFile(file, size, rows);
    }

    /**
     * Parses the file: every line must hold {@code columns} numbers; returns the {@code selected} columns
     * (0-based), one array of {@code rows} samples per selected column.
     *
     * @throws CorruptRecordingException naming the line and column of a missing or non-numeric value
     */
    double[][] parse(int columns, int[] selected) {
        if (rows * (long) columns * MIN_BYTES_PER_VALUE > size + 1 || rows > Integer.MAX_VALUE - 16) {
            throw new CorruptRecordingException(file, -1, "a file of " + size + " bytes cannot hold " + rows
                    + " lines of " + columns + " values");
        }
        int n = (int) rows;
        double[][] out = new double[selected.length][n];
        int[] columnToSlot = new int[columns];
        java.util.Arrays.fill(columnToSlot, -1);
        for (int i = 0; i < selected.length; i++) {
            columnToSlot[selected[i]] = i;
        }
        // Lines end at LF only, as scan() counts them; a CR is whitespace (files mix LF and CRLF).
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            int row = 0;
            long lineNo = 0;
            StringBuilder line = new StringBuilder(256);
            char[] buf = new char[1 << 16];
            int got;
            while ((got = in.read(buf)) > 0) {
                for (int i = 0; i < got; i++) {
                    if (buf[i] != '\n') {
                        line.append(buf[i]);
                        continue;
                    }
                    row = accept(line, ++lineNo, row, n, columns, columnToSlot, out);
                    line.setLength(0);
                }
            }
            if (line.length() > 0) {
                row = accept(line, ++lineNo, row, n, columns, columnToSlot, out);
            }
            if (row < n) {
                throw new CorruptRecordingException(file, size, "ends after " + row + " lines, " + n
                        + " were counted when the recording was opened (was the file changed?)");
            }
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot be read: " + e.getMessage(), e);
        }
        return out;
    }

    /** Parses one line into sample {@code row} unless it is blank; returns the next row. */
    private int accept(CharSequence text, long lineNo, int row, int n, int columns, int[] columnToSlot,
            double[][] out) {
        String line = text.toString();
        if (line.chars().allMatch(c -> isSpace((char) c))) {
            return row;
        }
        if (row >= n) {
            throw new CorruptRecordingException(file, -1, "line " + lineNo + ": more lines than the " + n
                    + " counted when the recording was opened (was the file changed?)");
        }
        parseLine(line, lineNo, row, columns, columnToSlot, out);
        return row + 1;
    }

    private void parseLine(String line, long lineNo, int row, int columns, int[] columnToSlot, double[][] out) {
        int len = line.length();
        int pos = 0;
        int column = 0;
        while (true) {
            while (pos < len && isSpace(line.charAt(pos))) {
                pos++;
            }
            if (pos >= len) {
                break;
            }
            int end = pos;
            while (end < len && !isSpace(line.charAt(end))) {
                end++;
            }
            if (column >= columns) {
                throw new CorruptRecordingException(file, -1, "line " + lineNo + " has more than the " + columns
                        + " values the header declares");
            }
            int slot = columnToSlot[column];
            if (slot >= 0) {
                String token = line.substring(pos, end);
                try {
                    out[slot][row] = Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    throw new CorruptRecordingException(file, -1, "line " + lineNo + ", column " + (column + 1)
                            + ": '" + NirxIni.abbreviate(token) + "' is not a number");
                }
            }
            column++;
            pos = end;
        }
        if (column < columns) {
            throw new CorruptRecordingException(file, -1, "line " + lineNo + " has " + column + " values, the "
                    + "header declares " + columns + " (file cut short?)");
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r';
    }
}
