package org.neurofusion.modalities.eeg;

import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Lays out the ASCII header of an EDF+/BDF+ file: the fixed 256 bytes and 256 bytes per signal. */
final class EdfHeaderWriter {
    private static final DateTimeFormatter EDF_PLUS_DATE = DateTimeFormatter.ofPattern("dd-MMM-yyyy", Locale.ROOT);

    private EdfHeaderWriter() {
    }

    /**
     * @param plans data signals, then the annotation signal last (its plan has label "EDF/BDF Annotations")
     */
    static byte[] header(boolean bdf, boolean discontinuous, Map<String, String> fields, LocalDateTime start,
            long records, double recordDuration, List<EdfSignalPlan> plans) {
        int ns = plans.size();
        StringBuilder sb = new StringBuilder(256 * (ns + 1));
        String patient = String.join(" ", field(fields, "patient_code"), sex(fields.get("patient_sex")),
                field(fields, "patient_birthdate"), field(fields, "patient_name"))
                + opt(fields.get("patient_additional"));
        String startdate = start == null ? "X" : start.format(EDF_PLUS_DATE).toUpperCase(Locale.ROOT);
        String recording = String.join(" ", "Startdate", startdate, field(fields, "admin_code"),
                field(fields, "technician"), field(fields, "equipment")) + opt(fields.get("recording_additional"));
        LocalDateTime t = start == null ? LocalDateTime.of(1985, 1, 1, 0, 0) : start;
        String yy = t.getYear() >= 1985 && t.getYear() <= 2084 ? String.format(Locale.ROOT, "%02d", t.getYear() % 100)
                : "yy";
        pad(sb, bdf ? "\u00ffBIOSEMI" : "0", 8);
        pad(sb, patient, 80);
        pad(sb, recording, 80);
        pad(sb, String.format(Locale.ROOT, "%02d.%02d.%s", t.getDayOfMonth(), t.getMonthValue(), yy), 8);
        pad(sb, String.format(Locale.ROOT, "%02d.%02d.%02d", t.getHour(), t.getMinute(), t.getSecond()), 8);
        number(sb, Integer.toString(256 * (ns + 1)), 8);
        pad(sb, (bdf ? "BDF+" : "EDF+") + (discontinuous ? "D" : "C"), 44);
        number(sb, Long.toString(records), 8);
        pad(sb, EdfNumbers.fit(recordDuration, 8, RoundingMode.HALF_EVEN), 8);
        number(sb, Integer.toString(ns), 4);
        for (EdfSignalPlan p : plans) {
            pad(sb, ascii(p.label()), 16);
        }
        for (EdfSignalPlan p : plans) {
            pad(sb, ascii(p.transducer()), 80);
        }
        for (EdfSignalPlan p : plans) {
            pad(sb, ascii(p.dimension()), 8);
        }
        for (EdfSignalPlan p : plans) {
            number(sb, p.physicalMin(), 8);
        }
        for (EdfSignalPlan p : plans) {
            number(sb, p.physicalMax(), 8);
        }
        for (EdfSignalPlan p : plans) {
            number(sb, Integer.toString(p.digitalMin()), 8);
        }
        for (EdfSignalPlan p : plans) {
            number(sb, Integer.toString(p.digitalMax()), 8);
        }
        for (EdfSignalPlan p : plans) {
            pad(sb, ascii(p.prefiltering()), 80);
        }
        for (EdfSignalPlan p : plans) {
            number(sb, Integer.toString(p.samplesPerRecord()), 8);
        }
        for (int i = 0; i < ns; i++) {
            pad(sb, "", 32);
        }
        byte[] out = sb.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (out.length != 256 * (ns + 1)) {
            throw new IllegalStateException("header length " + out.length + " != " + 256 * (ns + 1));
        }
        return out;
    }

    /** Printable ASCII only: EDF headers allow nothing else; other characters become '?'. */
    static String ascii(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 32 && c < 127 ? c : '?');
        }
        return b.toString();
    }

    private static String field(Map<String, String> fields, String key) {
        String v = fields.get(key);
        if (v == null || v.isBlank()) {
            return "X";
        }
        return ascii(v.strip()).replace(' ', '_');
    }

    private static String sex(String s) {
        if (s == null) {
            return "X";
        }
        String l = s.strip().toLowerCase(Locale.ROOT);
        return l.startsWith("m") ? "M" : l.startsWith("f") ? "F" : "X";
    }

    private static String opt(String s) {
        return s == null || s.isBlank() ? "" : " " + ascii(s.strip());
    }

    /** A numeric field: cutting it would change its value, so a value that does not fit is an error. */
    private static void number(StringBuilder sb, String s, int width) {
        if (s.length() > width) {
            throw new IllegalArgumentException("value " + s + " does not fit EDF's " + width + "-character field");
        }
        pad(sb, s, width);
    }

    private static void pad(StringBuilder sb, String s, int width) {
        String v = s.length() > width ? s.substring(0, width) : s;
        sb.append(v);
        for (int i = v.length(); i < width; i++) {
            sb.append(' ');
        }
    }
}
