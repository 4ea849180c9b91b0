package org.neurofusion.modalities.fnirs;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * What a NIRx {@code .hdr} says, for both software generations: NIRStar (NIRScout, NIRSport 1) and Aurora
 * (NIRSport 2, {@code _config.hdr}). The data files' columns are the header's source–detector key (NIRStar:
 * every combination; Aurora: the listed channels); {@link #columns} maps a pair to its column.
 */
final class NirxHeader {
    /** No NIRx device has anywhere near this many optodes; a larger count is damage, never a size to allocate. */
    static final int MAX_OPTODES = 1 << 12;
    private static final Pattern KEY = Pattern.compile("(\\d+)-(\\d+)(?::(\\d+))?");
    /** Aurora records at these wavelengths; its header does not say so (MNE assumes the same). */
    private static final double[] AURORA_WAVELENGTHS = {760, 850};

    final Path file;
    final boolean aurora;
    final double samplingRate;
    final double[] wavelengths;
    final int sources;
    final int detectors;
    /** Column count of each data line. */
    final int columnCount;
    /** (source << 16 | detector) → 0-based column in the data files. */
    final Map<Integer, Integer> columns;
    /** Pairs the header's mask enables, 1-based {source, detector}; empty when there is no mask. */
    final Set<Integer> maskedPairs;
    final Set<Integer> shortDetectors;
    final Optional<LocalDateTime> start;
    /** Header fields for {@code Recording.header()}, in a stable order. */
    final Map<String, String> fields = new LinkedHashMap<>();
    final List<String> warnings = new ArrayList<>();

    private NirxHeader(Path file, NirxIni ini, boolean aurora) {
        this.file = file;
        this.aurora = aurora;
        if (!ini.hasSection("GeneralInfo")) {
            throw new UnsupportedFormatException(file, 0, "not a NIRx header: no [GeneralInfo] section");
        }
        String g = "GeneralInfo";
        String rateKey;
        if (aurora) {
            fields.put("Software", "Aurora " + ini.text(g, "Version"));
            putIfPresent("Device ID", ini.text(g, "Device ID"));
            rateKey = "Sampling rate";
            samplingRate = ini.positiveNumber(g, rateKey);
            sources = ini.positiveInt(g, "Sources", MAX_OPTODES);
            detectors = ini.positiveInt(g, "Detectors", MAX_OPTODES);
            wavelengths = AURORA_WAVELENGTHS.clone();
            String date = ini.text(g, "Date");
            start = NirxDates.aurora(date);
            if (start.isEmpty()) {
                warnings.add("start date '" + date + "' not understood; no start time");
            }
            String notes = "ExperimentNotes";
            putIfPresent("Experiment", ini.text(notes, "experiment_name"));
            putIfPresent("Subject", ini.text(notes, "experiment_subject"));
            putIfPresent("Subject age", ini.text(notes, "experiment_subject_age"));
            putIfPresent("Subject gender", ini.text(notes, "experiment_subject_gender"));
            putIfPresent("Remarks", ini.text(notes, "experiment_remarks"));
        } else {
            String version = ini.text(g, "NIRStar");
            fields.put("Software", "NIRStar " + version);
            if (!List.of("15.0", "15.2", "15.3").contains(version)) {
                warnings.add("NIRStar " + version + " has not been tested (MNE 1.3 reads 15.0, 15.2 and 15.3)");
            }
            putIfPresent("Device", ini.text(g, "Device"));
            String ip = "ImagingParameters";
            rateKey = "SamplingRate";
            samplingRate = ini.positiveNumber(ip, rateKey);
            sources = ini.positiveInt(ip, "Sources", MAX_OPTODES);
            detectors = ini.positiveInt(ip, "Detectors", MAX_OPTODES);
            wavelengths = wavelengths(ini.require(ip, "Wavelengths"));
            String date = ini.text(g, "Date");
            String time = ini.text(g, "Time");
            start = NirxDates.nirStar(date, time);
            if (start.isEmpty()) {
                warnings.add("start date '" + date + "' '" + time + "' not understood; no start time");
            }
        }
        fields.put("Sampling rate", ini.require(aurora ? "GeneralInfo" : "ImagingParameters", rateKey).text().strip());
        fields.put("Sources", Integer.toString(sources));
        fields.put("Detectors", Integer.toString(detectors));
        StringBuilder wl = new StringBuilder();
        for (double w : wavelengths) {
            wl.append(wl.length() == 0 ? "" : " ").append(OpticalChannel.formatWavelength(w));
        }
        fields.put("Wavelengths", wl.toString());
        List<int[]> key = aurora ? auroraKey(ini) : nirStarKey(ini);
        columnCount = key.size();
        columns = new HashMap<>();
        for (int i = 0; i < key.size(); i++) {
            columns.putIfAbsent(pair(key.get(i)[0], key.get(i)[1]), i);
        }
        maskedPairs = mask(ini, aurora ? "Channel Mask" : "S-D-Mask");
        shortDetectors = aurora ? Set.of() : shortDetectors(ini);
    }

    static NirxHeader parse(Path file, String text, boolean aurora) {
        return new NirxHeader(file, NirxIni.parse(file, text), aurora);
    }

    static int pair(int source, int detector) {
        return source << 16 | detector;
    }

    private void putIfPresent(String name, String value) {
        if (!value.isEmpty()) {
            fields.put(name, value);
        }
    }

    private double[] wavelengths(NirxIni.Value v) {
        String[] f = v.text().strip().split("\\s+");
        if (f.length != 2) {
            throw new UnsupportedFormatException(file, -1, "line " + v.line() + ": Wavelengths=\"" + v.text().strip()
                    + "\" lists " + f.length + " wavelengths; only recordings with two (.wl1 and .wl2) are read");
        }
        double[] w = new double[2];
        for (int i = 0; i < 2; i++) {
            try {
                w[i] = Double.parseDouble(f[i]);
            } catch (NumberFormatException e) {
                w[i] = Double.NaN;
            }
            if (!(w[i] > 0) || !Double.isFinite(w[i])) {
                throw new CorruptRecordingException(file, -1, "line " + v.line() + ": wavelength '" + f[i]
                        + "' is not a positive number of nm");
            }
        }
        return w;
    }

    /** NIRStar's S-D-Key: every source–detector combination, in data-column order. */
    private List<int[]> nirStarKey(NirxIni ini) {
        NirxIni.Value v = ini.require("DataStructure", "S-D-Key");
        List<int[]> key = parseKey(v, "S-D-Key", 0);
        if (key.size() != (long) sources * detectors) {
            throw new CorruptRecordingException(file, -1, "line " + v.line() + ": S-D-Key lists " + key.size()
                    + " source-detector combinations, but Sources=" + sources + " × Detectors=" + detectors + " = "
                    + (long) sources * detectors);
        }
        return key;
    }

    /** Aurora's "Channel indices": the recorded channels, 0-based, in data-column order. */
    private List<int[]> auroraKey(NirxIni ini) {
        NirxIni.Value v = ini.require("DataStructure", "Channel indices");
        List<int[]> key = parseKey(v, "Channel indices", 1);
        if (key.isEmpty()) {
            throw new CorruptRecordingException(file, -1, "line " + v.line() + ": Channel indices lists no channel");
        }
        return key;
    }

    private List<int[]> parseKey(NirxIni.Value v, String name, int base) {
        List<int[]> key = new ArrayList<>();
        Matcher m = KEY.matcher(v.text());
        while (m.find()) {
            int s = optode(v, name, m.group(1), base, sources, "Sources");
            int d = optode(v, name, m.group(2), base, detectors, "Detectors");
            key.add(new int[] {s, d});
        }
        return key;
    }

    private int optode(NirxIni.Value v, String name, String digits, int base, int count, String countName) {
        long n = digits.length() > 9 ? Long.MAX_VALUE : Long.parseLong(digits) + base;
        if (n < 1 || n > count) {
            throw new CorruptRecordingException(file, -1, "line " + v.line() + ": " + name + " names optode "
                    + digits + ", outside the " + countName + "=" + count + " of the header");
        }
        return (int) n;
    }

    private Set<Integer> mask(NirxIni ini, String key) {
        if (ini.find("DataStructure", key).isEmpty()) {
            return Set.of();
        }
        List<int[]> rows = ini.intMatrix("DataStructure", key);
        if (rows.size() != sources) {
            throw new CorruptRecordingException(file, -1, "line " + ini.require("DataStructure", key).line() + ": "
                    + key + " has " + rows.size() + " rows, Sources=" + sources);
        }
        Set<Integer> out = new LinkedHashSet<>();
        for (int s = 0; s < rows.size(); s++) {
            if (rows.get(s).length != detectors) {
                throw new CorruptRecordingException(file, -1, "line " + ini.require("DataStructure", key).line()
                        + ": " + key + " row " + (s + 1) + " has " + rows.get(s).length + " entries, Detectors="
                        + detectors);
            }
            for (int d = 0; d < detectors; d++) {
                if (rows.get(s)[d] != 0) {
                    out.add(pair(s + 1, d + 1));
                }
            }
        }
        return out;
    }

    private Set<Integer> shortDetectors(NirxIni ini) {
        String bundles = ini.text("ImagingParameters", "ShortBundles");
        String index = ini.text("ImagingParameters", "ShortDetIndex");
        putIfPresent("ShortBundles", bundles);
        putIfPresent("Short detectors", index.replaceAll("\\s+", " "));
        Set<Integer> out = new LinkedHashSet<>();
        for (String f : index.split("\\s+")) {
            if (f.isEmpty()) {
                continue;
            }
            try {
                out.add(Integer.parseInt(f));
            } catch (NumberFormatException e) {
                throw new CorruptRecordingException(file, -1, "line " + ini.require("ImagingParameters",
                        "ShortDetIndex").line() + ": ShortDetIndex entry '" + NirxIni.abbreviate(f)
                        + "' is not a detector number");
            }
        }
        return Set.copyOf(out);
    }
}
