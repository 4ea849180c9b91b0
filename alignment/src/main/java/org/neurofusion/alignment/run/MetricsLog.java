package org.neurofusion.alignment.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.neurofusion.core.AtomicFiles;

/**
 * {@code metrics.jsonl}: one JSON object per line, each with its optimizer {@code step}, appended and flushed
 * line by line so that a killed run loses at most the line being written.
 */
final class MetricsLog implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Writer out;

    private MetricsLog(Path file, Writer out) {
        this.file = file;
        this.out = out;
    }

    /** Opens {@code file} for appending, creating it when absent. */
    static MetricsLog open(Path file) {
        try {
            return new MetricsLog(file, new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE),
                    StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new RunDirectoryException(file, -1, "cannot open for appending: " + e.getMessage(), e);
        }
    }

    /** Appends {@code row} (which must carry a whole-number {@code step} >= 0) as one line, flushed. */
    synchronized void append(ObjectNode row) {
        JsonNode step = row.get("step");
        if (step == null || !step.isIntegralNumber() || step.asLong() < 0) {
            throw new IllegalArgumentException("a metrics row needs a whole-number 'step' >= 0 (resume truncates by"
                    + " it), got " + row);
        }
        try {
            // Jackson's compact form never contains a line break: one row, one line.
            out.write(JSON.writeValueAsString(row));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new RunDirectoryException(file, -1, "cannot append a metrics line: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new RunDirectoryException(file, -1, "cannot close: " + e.getMessage(), e);
        }
    }

    /**
     * Keeps the lines whose step is at most {@code lastStep} (all lines written up to the checkpoint a run resumes
     * from) and drops the rest, and a torn last line (no line break: the run was killed while writing it). The
     * file is rewritten atomically, and only when something is dropped.
     *
     * @param lastStep the resumed checkpoint's step, or -1 to drop every line (no checkpoint: the run restarts)
     * @return the number of lines dropped
     * @throws RunDirectoryException naming the file and line when a complete line is not a JSON object with a step
     */
    static int truncateAfter(Path file, long lastStep) {
        if (!Files.exists(file)) {
            return 0;
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new RunDirectoryException(file, -1, "cannot read: " + e.getMessage(), e);
        }
        List<String> kept = new ArrayList<>();
        int dropped = 0;
        int lineNumber = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            lineNumber++;
            if (end < 0) {
                dropped++; // torn: the writer was killed before the line break
                break;
            }
            String line = text.substring(start, end);
            start = end + 1;
            if (line.isBlank()) {
                continue;
            }
            if (stepOf(file, lineNumber, line) <= lastStep) {
                kept.add(line);
            } else {
                dropped++;
            }
        }
        if (dropped > 0) {
            AtomicFiles.write(file, os -> {
                for (String line : kept) {
                    os.write(line.getBytes(StandardCharsets.UTF_8));
                    os.write('\n');
                }
            });
        }
        return dropped;
    }

    private static long stepOf(Path file, int lineNumber, String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new RunDirectoryException(file, -1, "line " + lineNumber + " is not JSON (" + e.getOriginalMessage()
                    + "); only a torn last line is expected after a crash", e);
        }
        JsonNode step = node == null ? null : node.get("step");
        if (step == null || !step.isIntegralNumber()) {
            throw new RunDirectoryException(file, -1, "line " + lineNumber + " has no whole-number 'step'");
        }
        return step.asLong();
    }
}
