package org.neurofusion.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accuracy table the demo and {@code evaluate} print: per condition, mean accuracy (%) within subjects and
 * across subjects, beside Shin et al. 2017's published within-subject figures for motor imagery.
 */
public final class AccuracyTable {
    /** Within-subject 10 × 5-fold accuracies (%) of Shin et al. 2017, motor imagery, real EEG+NIRS data. */
    public static final Map<String, Double> SHIN_2017_MI = Map.of("eeg-csp", 65.6, "fnirs-hbr", 66.5, "fnirs-hbo",
            63.5, "hybrid", 74.2);

    private AccuracyTable() {
    }

    /**
     * Markdown lines: a header, a rule, one line per condition of {@code within}.
     *
     * @param loso null when there is no leave-one-subject-out result
     */
    public static List<String> lines(EvaluationResult within, EvaluationResult loso) {
        Map<String, Double> w = within.meanAccuracy();
        Map<String, Double> l = loso == null ? Map.of() : loso.meanAccuracy();
        String design = within.protocol() instanceof Protocol.WithinSubject ws ? ws.repetitions() + "x" + ws.folds()
                : within.protocol().id();
        List<String> out = new ArrayList<>();
        out.add(String.format(Locale.ROOT, "| condition | within-subject %s (%%) | leave-one-subject-out (%%) |"
                + " Shin 2017, real data, within 10x5 (%%) |", design));
        out.add("|---|---|---|---|");
        for (String c : w.keySet()) {
            Double shin = within.task().equals("mi") ? SHIN_2017_MI.get(c) : null;
            out.add(String.format(Locale.ROOT, "| %s | %.1f | %s | %s |", c, 100 * w.get(c),
                    l.containsKey(c) ? String.format(Locale.ROOT, "%.1f", 100 * l.get(c)) : "-",
                    shin == null ? "-" : String.format(Locale.ROOT, "%.1f", shin)));
        }
        return out;
    }

    /** Markdown lines of one result: a header naming its protocol and one line per condition. */
    public static List<String> lines(EvaluationResult result) {
        List<String> out = new ArrayList<>();
        Protocol p = result.protocol();
        String name = p instanceof Protocol.WithinSubject ws ? "within-subject " + ws.repetitions() + "x" + ws.folds()
                : p instanceof Protocol.FewShot fs ? "leave-one-subject-out, " + fs.perClass()
                        + " calibration trials per class,"
                : p instanceof Protocol.KFoldBySubject kf ? kf.repetitions() + "x" + kf.folds() + "-fold by subject"
                : "leave-one-subject-out";
        out.add("| condition | " + name + " accuracy (%) |");
        out.add("|---|---|");
        result.meanAccuracy().forEach((c, a) -> out.add(String.format(Locale.ROOT, "| %s | %.1f |", c, 100 * a)));
        return out;
    }
}
