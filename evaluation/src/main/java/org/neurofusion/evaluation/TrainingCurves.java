package org.neurofusion.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The curves of one training run read from its {@code metrics.jsonl}: the training loss of each
 * {@code "split":"train"} line and the held-out accuracy (and balanced accuracy, where given) of each
 * {@code "split":"test"} line, against the optimizer step, sorted by step. Lines of other splits (the
 * pre-trainer's {@code val}) are passed over.
 *
 * @param label             the run's name in the report
 * @param loss              (step, loss) pairs; a non-finite loss (a diverged step) is kept as NaN
 * @param accuracy          (step, accuracy) pairs
 * @param balancedAccuracy  (step, balanced accuracy) pairs of the test lines that carry it
 */
record TrainingCurves(String label, List<double[]> loss, List<double[]> accuracy, List<double[]> balancedAccuracy) {
    // NaN and Infinity are accepted so that a diverged loss still reads; the report shows it as a gap.
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    TrainingCurves {
        loss = List.copyOf(loss);
        accuracy = List.copyOf(accuracy);
        balancedAccuracy = List.copyOf(balancedAccuracy);
    }

    /**
     * Reads {@code file}.
     *
     * @throws ReportInputException naming the file and line of a line that is not a JSON object, or of a train or
     *                              test line without its numbers; naming the file when it cannot be read or has no
     *                              train or test line at all
     */
    static TrainingCurves read(String label, Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportInputException(file, 0, "cannot be read: " + e, e);
        }
        List<double[]> loss = new ArrayList<>();
        List<double[]> accuracy = new ArrayList<>();
        List<double[]> balanced = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String text = lines.get(i).strip();
            if (text.isEmpty()) {
                continue; // a trailing newline, or a blank line between appends
            }
            int lineNo = i + 1;
            JsonNode row;
            try {
                row = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new ReportInputException(file, lineNo, "not a JSON object: " + e.getOriginalMessage(), e);
            }
            if (row == null || !row.isObject()) {
                throw new ReportInputException(file, lineNo, "expected one JSON object per line, got " + text);
            }
            String split = row.path("split").asText("");
            if (split.equals("train")) {
                double step = number(row, "step", file, lineNo);
                loss.add(new double[] {step, number(row, "loss", file, lineNo)});
            } else if (split.equals("test")) {
                double step = number(row, "step", file, lineNo);
                accuracy.add(new double[] {step, number(row, "accuracy", file, lineNo)});
                if (row.has("balanced_accuracy")) {
                    balanced.add(new double[] {step, number(row, "balanced_accuracy", file, lineNo)});
                }
            }
        }
        if (loss.isEmpty() && accuracy.isEmpty()) {
            throw new ReportInputException(file, 0, "has no \"split\":\"train\" or \"split\":\"test\" line in "
                    + lines.size() + " lines");
        }
        Comparator<double[]> byStep = Comparator.comparingDouble(p -> p[0]);
        loss.sort(byStep);
        accuracy.sort(byStep);
        balanced.sort(byStep);
        return new TrainingCurves(label, loss, accuracy, balanced);
    }

    private static double number(JsonNode row, String field, Path file, int lineNo) {
        JsonNode v = row.get(field);
        if (v == null || !v.isNumber()) {
            throw new ReportInputException(file, lineNo, "a \"" + row.path("split").asText() + "\" line needs a number "
                    + "in \"" + field + "\", got " + (v == null ? "none" : v.toString()));
        }
        return v.doubleValue();
    }
}
