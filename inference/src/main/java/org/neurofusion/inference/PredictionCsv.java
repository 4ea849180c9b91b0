package org.neurofusion.inference;

import java.util.List;
import java.util.Locale;

/**
 * The rows {@code predict}, {@code stream} and the demo write: one format, so that their outputs can be compared byte
 * for byte.
 */
public final class PredictionCsv {
    private PredictionCsv() {
    }

    /** {@code onset_s,duration_s,label,p_<label>...}. */
    public static String header(List<String> labels) {
        StringBuilder s = new StringBuilder("onset_s,duration_s,label");
        labels.forEach(l -> s.append(",p_").append(l));
        return s.toString();
    }

    /** One window: onset and duration to the microsecond, the label's name, each probability to 6 digits. */
    public static String row(Prediction p, List<String> labels) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "%.6f,%.6f,%s", p.onsetSeconds(),
                p.durationSeconds(), labels.get(p.label())));
        for (float v : p.probabilities()) {
            s.append(String.format(Locale.ROOT, ",%.6g", v));
        }
        return s.toString();
    }
}
