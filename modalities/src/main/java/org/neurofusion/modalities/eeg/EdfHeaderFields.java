package org.neurofusion.modalities.eeg;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header fields of an EDF/BDF file as a user reads them: the raw patient and recording fields, and for
 * EDF+/BDF+ their subfields (patient code, sex, birthdate, name; admin code, technician, equipment), with
 * EDF+'s "X" (unknown) left out and underscores in names turned back into spaces.
 */
final class EdfHeaderFields {
    private EdfHeaderFields() {
    }

    static Map<String, String> describe(EdfHeader h) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("patient", h.patient());
        m.put("recording", h.recording());
        if (h.plus()) {
            String[] p = h.patient().split(" +");
            put(m, "patient_code", p, 0, false);
            if (p.length > 1 && !p[1].equals("X")) {
                m.put("patient_sex", p[1].equals("M") ? "male" : p[1].equals("F") ? "female" : p[1]);
            }
            put(m, "patient_birthdate", p, 2, false);
            put(m, "patient_name", p, 3, true);
            if (p.length > 4) {
                m.put("patient_additional", String.join(" ", java.util.Arrays.copyOfRange(p, 4, p.length)));
            }
            String[] r = h.recording().split(" +");
            if (r.length > 0 && r[0].equals("Startdate")) {
                put(m, "recording_startdate", r, 1, false);
                put(m, "admin_code", r, 2, true);
                put(m, "technician", r, 3, true);
                put(m, "equipment", r, 4, true);
                if (r.length > 5) {
                    m.put("recording_additional", String.join(" ", java.util.Arrays.copyOfRange(r, 5, r.length)));
                }
            }
        }
        m.put("reserved", h.reserved());
        m.put("data_records", Long.toString(h.recordCount()));
        if (h.declaredRecordCount() != h.recordCount()) {
            m.put("data_records_declared", Long.toString(h.declaredRecordCount()));
        }
        m.put("record_duration_s", EdfNumbers.format(h.recordDuration()));
        return Collections.unmodifiableMap(m);
    }

    private static void put(Map<String, String> m, String key, String[] parts, int i, boolean spaces) {
        if (parts.length > i && !parts[i].equals("X")) {
            m.put(key, spaces ? parts[i].replace('_', ' ') : parts[i]);
        }
    }
}
