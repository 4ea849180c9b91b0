package org.neurofusion.modalities.fnirs;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One column of a SNIRF {@code dataTimeSeries}, as its measurement list describes it.
 *
 * @param wavelengthIndex 1-based into {@code probe/wavelengths}, 0 when the entry has none (HbO, HbR)
 * @param dataTypeLabel the processed quantity for data type 99999 ({@code HbO}, {@code dOD}, ...), else ""
 * @param dataUnit the unit written in the file ("" when absent)
 * @param path where the entry lives, for messages ({@code /nirs/data1/measurementList3})
 */
record SnirfMeasurement(int source, int detector, int wavelengthIndex, int dataType, int dataTypeIndex,
        String dataTypeLabel, String dataUnit, String path) {
    /** SNIRF's code for continuous-wave amplitude. */
    static final int CW_AMPLITUDE = 1;
    /** SNIRF's code for processed data, qualified by {@code dataTypeLabel}. */
    static final int PROCESSED = 99999;

    /**
     * Reads the measurement lists of a data block: the {@code measurementList<k>} groups in natural order
     * (as MNE orders them), or the columnar {@code measurementLists} group of SNIRF 1.1.
     */
    static List<SnirfMeasurement> read(SnirfHdf h, Group data) {
        Optional<Group> columnar = h.optGroup(data, "measurementLists");
        List<String> groups = h.numbered(data, "measurementList");
        if (columnar.isPresent() && groups.isEmpty()) {
            return readColumnar(h, columnar.get());
        }
        List<SnirfMeasurement> out = new ArrayList<>(groups.size());
        for (String name : groups) {
            Group g = h.group(data, name);
            out.add(readOne(h, g));
        }
        return out;
    }

    private static SnirfMeasurement readOne(SnirfHdf h, Group g) {
        int dataType = h.index(h.dataset(g, "dataType"));
        int source = positive(h, h.dataset(g, "sourceIndex"));
        int detector = positive(h, h.dataset(g, "detectorIndex"));
        Optional<Dataset> wl = h.optDataset(g, "wavelengthIndex");
        String label = h.optDataset(g, "dataTypeLabel").map(h::string).orElse("").trim();
        boolean needsWavelength = dataType != PROCESSED || isOpticalLabel(label);
        int wavelength = 0;
        if (wl.isPresent()) {
            wavelength = needsWavelength ? positive(h, wl.get()) : h.index(wl.get());
        } else if (needsWavelength) {
            throw h.corrupt(SnirfHdf.join(g, "wavelengthIndex"), "required dataset is missing");
        }
        int dti = h.optDataset(g, "dataTypeIndex").map(h::index).orElse(0);
        String unit = h.optDataset(g, "dataUnit").map(h::string).orElse("").trim();
        return new SnirfMeasurement(source, detector, wavelength, dataType, dti, label, unit, SnirfHdf.pathOf(g));
    }

    private static int positive(SnirfHdf h, Dataset d) {
        int v = h.index(d);
        if (v < 1) {
            throw h.corrupt(SnirfHdf.pathOf(d), "expected a 1-based index, found " + v);
        }
        return v;
    }

    private static List<SnirfMeasurement> readColumnar(SnirfHdf h, Group g) {
        double[] source = h.numbers(h.dataset(g, "sourceIndex"));
        double[] detector = h.numbers(h.dataset(g, "detectorIndex"));
        double[] dataType = h.numbers(h.dataset(g, "dataType"));
        int n = source.length;
        double[] wavelength = h.optDataset(g, "wavelengthIndex").map(h::numbers).orElse(new double[n]);
        double[] dti = h.optDataset(g, "dataTypeIndex").map(h::numbers).orElse(new double[n]);
        List<String> labels = h.optDataset(g, "dataTypeLabel").map(h::strings).orElse(null);
        List<String> units = h.optDataset(g, "dataUnit").map(h::strings).orElse(null);
        String base = SnirfHdf.pathOf(g);
        checkLength(h, base + "/detectorIndex", detector.length, n);
        checkLength(h, base + "/dataType", dataType.length, n);
        checkLength(h, base + "/wavelengthIndex", wavelength.length, n);
        checkLength(h, base + "/dataTypeIndex", dti.length, n);
        if (labels != null) {
            checkLength(h, base + "/dataTypeLabel", labels.size(), n);
        }
        if (units != null && units.size() != 1) {
            checkLength(h, base + "/dataUnit", units.size(), n);
        }
        List<SnirfMeasurement> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            String label = labels == null ? "" : labels.get(k).trim();
            int type = whole(h, base + "/dataType", dataType[k], 0);
            boolean needsWavelength = type != PROCESSED || isOpticalLabel(label);
            out.add(new SnirfMeasurement(whole(h, base + "/sourceIndex", source[k], 1),
                    whole(h, base + "/detectorIndex", detector[k], 1),
                    whole(h, base + "/wavelengthIndex", wavelength[k], needsWavelength ? 1 : 0), type,
                    whole(h, base + "/dataTypeIndex", dti[k], 0), label,
                    units == null ? "" : units.get(units.size() == 1 ? 0 : k).trim(), base + "[" + (k + 1) + "]"));
        }
        return out;
    }

    private static void checkLength(SnirfHdf h, String path, int found, int expected) {
        if (found != expected) {
            throw h.corrupt(path, "has " + found + " entries, but sourceIndex has " + expected);
        }
    }

    private static int whole(SnirfHdf h, String path, double v, int min) {
        if (!(v == Math.rint(v)) || v < min || v > Integer.MAX_VALUE) {
            throw h.corrupt(path, "expected a whole number >= " + min + ", found " + v);
        }
        return (int) v;
    }

    /** Processed quantities still measured at one wavelength (optical density and its moments). */
    static boolean isOpticalLabel(String label) {
        return label.equalsIgnoreCase("dOD") || label.equalsIgnoreCase("dMean") || label.equalsIgnoreCase("dVar")
                || label.equalsIgnoreCase("dSkew");
    }
}
