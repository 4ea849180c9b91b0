package org.neurofusion.datasets.eegmmidb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What each run of the PhysioNet EEG Motor Movement/Imagery Database is: the BIDS task and run index it becomes,
 * and the event each annotation code stands for. The importer reads only this table, so mapping other runs (or
 * naming their events differently) is an edit of a tab-separated file, not of code.
 *
 * <p>The format: lines starting with {@code #} are comments; the first other line is the header, {@code run},
 * {@code task}, {@code bids_run}, then one column per annotation code ({@code T0}, {@code T1}, ...), then
 * {@code description}. A cell of {@code -} says the code must not occur in that run.
 */
public record RunTable(List<String> codes, Map<Integer, Row> rows, String source) {
    /** The table the importer uses unless given another, from the database's description. */
    public static final String DEFAULT_RESOURCE = "runs.tsv";

    /**
     * One run.
     *
     * @param run         the database's run number (1 to 99)
     * @param task        the BIDS task label (alphanumeric)
     * @param bidsRun     the BIDS run index within that task
     * @param events      event name by annotation code; codes that must not occur are absent
     * @param description what the subject did
     */
    public record Row(int run, String task, String bidsRun, Map<String, String> events, String description) {
        public Row {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(bidsRun, "bidsRun");
            events = Collections.unmodifiableMap(new LinkedHashMap<>(events));
            Objects.requireNonNull(description, "description");
        }

        /**
         * The two classes a cue-locked decoder of this run separates: the events other than {@code rest}, in the
         * order of their codes; empty when the run has fewer or more than two.
         */
        public List<String> cueClasses() {
            List<String> out = new ArrayList<>(new LinkedHashSet<>(events.values()));
            out.remove("rest");
            return out.size() == 2 ? List.copyOf(out) : List.of();
        }
    }

    public RunTable {
        codes = List.copyOf(codes);
        rows = Collections.unmodifiableMap(new TreeMap<>(rows));
        Objects.requireNonNull(source, "source");
    }

    /** The table shipped with neurofusion ({@link #DEFAULT_RESOURCE}). */
    public static RunTable standard() {
        try (InputStream in = RunTable.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + DEFAULT_RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "resource " + DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + DEFAULT_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a table from a file.
     *
     * @throws RunTableException naming the file, the line and the problem
     */
    public static RunTable read(Path file) {
        String text;
        try {
            if (Files.size(file) > 1 << 20) {
                throw new RunTableException(file.toString(), 0, "is over 1 MiB; a run table has a line per run");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw new RunTableException(file.toString(), 0, "is not UTF-8 text");
        } catch (IOException e) {
            throw new RunTableException(file.toString(), 0, "cannot be read: " + e.getMessage());
        }
        return parse(text, file.toString());
    }

    /**
     * Parses a table's text.
     *
     * @param source what to call the table in errors
     * @throws RunTableException naming the source, the line and the problem
     */
    public static RunTable parse(String text, String source) {
        String[] lines = text.split("\r?\n", -1);
        List<String> header = null;
        int codeEnd = -1;
        Map<Integer, Row> rows = new TreeMap<>();
        Map<String, Integer> taskRuns = new LinkedHashMap<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int no = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> cells = List.of(line.split("\t", -1));
            if (header == null) {
                header = cells;
                if (cells.size() < 5 || !cells.get(0).equals("run") || !cells.get(1).equals("task")
                        || !cells.get(2).equals("bids_run") || !cells.get(cells.size() - 1).equals("description")) {
                    throw new RunTableException(source, no, "the header must be run, task, bids_run, one column per"
                            + " annotation code, description (tab-separated); got " + cells);
                }
                codeEnd = cells.size() - 1;
                Set<String> seen = new LinkedHashSet<>();
                for (String c : cells.subList(3, codeEnd)) {
                    if (c.isBlank() || !seen.add(c)) {
                        throw new RunTableException(source, no, "annotation codes must be distinct and not blank;"
                                + " got " + cells.subList(3, codeEnd));
                    }
                }
                continue;
            }
            if (cells.size() != header.size()) {
                throw new RunTableException(source, no, "has " + cells.size() + " cells, the header "
                        + header.size());
            }
            int run;
            try {
                run = Integer.parseInt(cells.get(0).trim());
            } catch (NumberFormatException e) {
                throw new RunTableException(source, no, "run must be a number, got '" + cells.get(0) + "'");
            }
            if (run < 1 || run > 99) {
                throw new RunTableException(source, no, "run must be 1 to 99 (the files are SxxxRyy.edf), got "
                        + run);
            }
            String task = cells.get(1).trim();
            if (!task.matches("[A-Za-z0-9]+")) {
                throw new RunTableException(source, no, "a BIDS task label is alphanumeric, got '" + task + "'");
            }
            String bidsRun = cells.get(2).trim();
            if (!bidsRun.matches("[0-9]+")) {
                throw new RunTableException(source, no, "a BIDS run index is a number, got '" + bidsRun + "'");
            }
            Map<String, String> events = new LinkedHashMap<>();
            for (int c = 3; c < codeEnd; c++) {
                String e = cells.get(c).trim();
                if (e.equals("-")) {
                    continue;
                }
                if (!e.matches("[A-Za-z0-9_]+")) {
                    throw new RunTableException(source, no, "event names are letters, digits and '_', got '" + e
                            + "' for " + header.get(c));
                }
                events.put(header.get(c), e);
            }
            if (events.isEmpty()) {
                throw new RunTableException(source, no, "run " + run + " maps no annotation code to an event");
            }
            Integer other = taskRuns.put(task + "\t" + Integer.parseInt(bidsRun), run);
            if (other != null) {
                throw new RunTableException(source, no, "runs " + other + " and " + run + " would both become task "
                        + task + ", run " + bidsRun);
            }
            if (rows.put(run, new Row(run, task, bidsRun, events, cells.get(codeEnd).trim())) != null) {
                throw new RunTableException(source, no, "run " + run + " is listed twice");
            }
        }
        if (header == null || rows.isEmpty()) {
            throw new RunTableException(source, 0, "has no runs");
        }
        return new RunTable(header.subList(3, codeEnd), rows, source);
    }

    /** The row of run {@code run}, if listed. */
    public Optional<Row> row(int run) {
        return Optional.ofNullable(rows.get(run));
    }

    /** The runs imported as BIDS task {@code task}, in run order. */
    public List<Integer> runsOfTask(String task) {
        return rows.values().stream().filter(r -> r.task().equals(task)).map(Row::run).toList();
    }
}
