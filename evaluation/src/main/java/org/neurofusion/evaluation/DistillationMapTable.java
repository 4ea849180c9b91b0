package org.neurofusion.evaluation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A distillation map's {@code map.csv} (written by the fusion module's {@code experiment distillation-map}) read
 * for the report: one accuracy per held-out subject, seed, cell (shared fraction × labelled windows per class) and
 * condition. Evaluation does not depend on fusion, so the file is read here from its documented header.
 *
 * @param rows the file's lines after the header, in file order
 */
record DistillationMapTable(List<Line> rows) {
    /** The header the file must start with. */
    static final String HEADER = "shared_fraction,labelled_per_class,seed,subject,condition,accuracy,"
            + "balanced_accuracy";

    /** One line; {@code labelled} is the count as written, or {@code all}. */
    record Line(double sharedFraction, String labelled, long seed, String subject, String condition,
            double accuracy) {
        Line {
            Objects.requireNonNull(labelled, "labelled");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(condition, "condition");
        }
    }

    DistillationMapTable {
        rows = List.copyOf(rows);
    }

    /**
     * Reads {@code file}.
     *
     * @throws ReportInputException naming the file and line of a wrong header or a malformed line, or the file when
     *                              it cannot be read or has no line after the header
     */
    static DistillationMapTable read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportInputException(file, 0, "cannot be read: " + e, e);
        }
        if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
            throw new ReportInputException(file, 1, "expected the header '" + HEADER + "', got '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        List<Line> out = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty()) {
                continue;
            }
            String[] f = text.split(",", -1);
            if (f.length != 7) {
                throw new ReportInputException(file, i + 1, "expected 7 comma-separated fields, got " + f.length);
            }
            try {
                String labelled = f[1].strip();
                if (!labelled.equals("all") && Integer.parseInt(labelled) < 1) {
                    throw new NumberFormatException("labelled_per_class must be 'all' or a count >= 1, got " + labelled);
                }
                double accuracy = Double.parseDouble(f[5]);
                if (!(accuracy >= 0 && accuracy <= 1)) {
                    throw new NumberFormatException("accuracy must lie in [0, 1], got " + f[5]);
                }
                out.add(new Line(Double.parseDouble(f[0]), labelled, Long.parseLong(f[2].strip()), f[3], f[4],
                        accuracy));
            } catch (NumberFormatException e) {
                throw new ReportInputException(file, i + 1, "malformed line '" + text + "': " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new ReportInputException(file, 0, "has a header but no rows");
        }
        return new DistillationMapTable(out);
    }

    /** The shared fractions, ascending. */
    List<Double> fractions() {
        return List.copyOf(new TreeSet<>(rows.stream().map(Line::sharedFraction).toList()));
    }

    /** The labelled counts as written, ascending, {@code all} last. */
    List<String> labelled() {
        return rows.stream().map(Line::labelled).distinct()
                .sorted((a, b) -> Long.compare(order(a), order(b))).toList();
    }

    /** The conditions in order of first appearance. */
    List<String> conditions() {
        return List.copyOf(new LinkedHashSet<>(rows.stream().map(Line::condition).toList()));
    }

    /** Mean accuracy and count of the lines of one cell and condition; count 0 when there are none. */
    double[] mean(double fraction, String labelled, String condition) {
        double sum = 0;
        int n = 0;
        for (Line l : rows) {
            if (l.sharedFraction() == fraction && l.labelled().equals(labelled) && l.condition().equals(condition)) {
                sum += l.accuracy();
                n++;
            }
        }
        return new double[] {n == 0 ? Double.NaN : sum / n, n};
    }

    /**
     * The mean paired difference {@code a − b} in one cell: lines of the two conditions matched on seed and subject
     * (unmatched lines left out), with the number of pairs; count 0 when none pair up.
     */
    double[] pairedDifference(double fraction, String labelled, String a, String b) {
        Map<String, Double> first = new LinkedHashMap<>();
        for (Line l : rows) {
            if (l.sharedFraction() == fraction && l.labelled().equals(labelled) && l.condition().equals(b)) {
                first.put(l.seed() + "\u0000" + l.subject(), l.accuracy());
            }
        }
        double sum = 0;
        int n = 0;
        for (Line l : rows) {
            if (l.sharedFraction() == fraction && l.labelled().equals(labelled) && l.condition().equals(a)) {
                Double other = first.get(l.seed() + "\u0000" + l.subject());
                if (other != null) {
                    sum += l.accuracy() - other;
                    n++;
                }
            }
        }
        return new double[] {n == 0 ? Double.NaN : sum / n, n};
    }

    private static long order(String labelled) {
        return labelled.equals("all") ? Long.MAX_VALUE : Long.parseLong(labelled);
    }
}
