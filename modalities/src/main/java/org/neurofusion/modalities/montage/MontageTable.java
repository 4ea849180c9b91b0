package org.neurofusion.modalities.montage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurofusion.core.SensorPosition;

/**
 * The parsed text of a montage table: tab-separated {@code kind name x y z} lines (kind {@code fiducial} or
 * {@code electrode}, coordinates in metres, head frame), {@code #} comments and blank lines ignored. Every
 * problem is reported with the table's name and the line, never skipped.
 *
 * @param electrodes electrode positions by their standard name, in table order
 * @param fiducials the fiducials (LPA, Nasion, RPA) by name
 */
public record MontageTable(Map<String, SensorPosition> electrodes, Map<String, SensorPosition> fiducials) {
    /** The fiducials every table must carry: they define its head frame. */
    public static final List<String> FIDUCIALS = List.of("LPA", "Nasion", "RPA");

    public MontageTable {
        electrodes = Collections.unmodifiableMap(new LinkedHashMap<>(electrodes));
        fiducials = Map.copyOf(fiducials);
    }

    /** Parses {@code text}; {@code source} names it in error messages. */
    public static MontageTable parse(String text, String source) {
        Map<String, SensorPosition> electrodes = new LinkedHashMap<>();
        Map<String, SensorPosition> fiducials = new HashMap<>();
        // Lookup is case-insensitive, so two names differing only in case would make it ambiguous.
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 5) {
                throw new MontageFormatException(source, number, "expected 5 tab-separated fields (kind, name, x, y, z),"
                        + " found " + f.length + ": '" + line + "'");
            }
            String name = f[1].trim();
            if (name.isEmpty()) {
                throw new MontageFormatException(source, number, "empty name");
            }
            if (!StandardMontage.key(name).equals(name.toUpperCase(Locale.ROOT))) {
                // EDF pads labels with dots, so a label is looked up without them: this name could never match
                throw new MontageFormatException(source, number, "name '" + name + "' ends in '.', which a channel"
                        + " label loses when it is looked up (EDF pads labels with dots): no channel could match it");
            }
            SensorPosition p = position(f, source, number);
            Integer earlier = seen.putIfAbsent(name.toUpperCase(Locale.ROOT), number);
            if (earlier != null) {
                throw new MontageFormatException(source, number, "name '" + name + "' repeats line " + earlier
                        + " (names are compared without case)");
            }
            switch (f[0].trim()) {
                case "electrode" -> electrodes.put(name, p);
                case "fiducial" -> {
                    if (!FIDUCIALS.contains(name)) {
                        throw new MontageFormatException(source, number, "unknown fiducial '" + name + "', expected one of "
                                + FIDUCIALS);
                    }
                    fiducials.put(name, p);
                }
                default -> throw new MontageFormatException(source, number, "unknown kind '" + f[0]
                        + "', expected 'electrode' or 'fiducial'");
            }
        }
        List<String> missing = new ArrayList<>(FIDUCIALS);
        missing.removeAll(fiducials.keySet());
        if (!missing.isEmpty()) {
            throw new MontageFormatException(source, 0, "missing fiducial(s) " + missing);
        }
        if (electrodes.isEmpty()) {
            throw new MontageFormatException(source, 0, "no electrodes");
        }
        return new MontageTable(electrodes, fiducials);
    }

    private static SensorPosition position(String[] f, String source, int number) {
        double[] xyz = new double[3];
        for (int k = 0; k < 3; k++) {
            String v = f[2 + k].trim();
            try {
                xyz[k] = Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new MontageFormatException(source, number, "coordinate " + "xyz".charAt(k) + " of '" + f[1].trim()
                        + "' is not a number: '" + v + "'");
            }
            // A head is about 0.2 m across: a coordinate beyond 1 m is a table in millimetres or a typo.
            if (!Double.isFinite(xyz[k]) || Math.abs(xyz[k]) > 1.0) {
                throw new MontageFormatException(source, number, "coordinate " + "xyz".charAt(k) + " of '" + f[1].trim()
                        + "' is " + v + ", not a finite value within 1 m of the head's origin (metres expected)");
            }
        }
        return new SensorPosition(xyz[0], xyz[1], xyz[2]);
    }
}
