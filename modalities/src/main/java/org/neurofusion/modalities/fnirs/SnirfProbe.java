package org.neurofusion.modalities.fnirs;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * The optical probe of a SNIRF file: wavelengths, source and detector positions and landmarks, positions
 * converted to metres. 3-D positions are used when both sources and detectors have them, else 2-D ones
 * with z = 0 (as MNE does); a file with neither has channels without positions.
 */
record SnirfProbe(double[] wavelengths, List<SensorPosition> sources, List<SensorPosition> detectors,
        Map<String, SensorPosition> landmarks, String positionKind) {

    /** Metres per unit for the {@code LengthUnit} values SNIRF files use. */
    static double metresPer(SnirfHdf h, String unit, String path) {
        return switch (unit) {
            case "m" -> 1;
            case "cm" -> 0.01;
            case "mm" -> 0.001;
            default -> throw new UnsupportedFormatException(h.file(), -1, path + ": length unit \"" + unit
                    + "\" is not one of m, cm, mm");
        };
    }

    /**
     * Reads {@code /nirs/probe}.
     *
     * @param lengthUnit {@code metaDataTags/LengthUnit}, or null when the file has none
     */
    static SnirfProbe read(SnirfHdf h, Group probe, String lengthUnit, String lengthUnitPath) {
        double[] wavelengths = h.optDataset(probe, "wavelengths").map(h::numbers).orElse(new double[0]);
        for (double w : wavelengths) {
            if (!(w > 0) || !Double.isFinite(w)) {
                throw h.corrupt(SnirfHdf.join(probe, "wavelengths"), "wavelength must be positive, found " + w);
            }
        }
        String kind;
        Optional<Dataset> src;
        Optional<Dataset> det;
        if (h.child(probe, "sourcePos3D").isPresent() && h.child(probe, "detectorPos3D").isPresent()) {
            kind = "3D";
            src = h.optDataset(probe, "sourcePos3D");
            det = h.optDataset(probe, "detectorPos3D");
        } else if (h.child(probe, "sourcePos2D").isPresent() && h.child(probe, "detectorPos2D").isPresent()) {
            kind = "2D";
            src = h.optDataset(probe, "sourcePos2D");
            det = h.optDataset(probe, "detectorPos2D");
        } else {
            kind = "none";
            src = Optional.empty();
            det = Optional.empty();
        }
        Optional<Dataset> marks = h.optDataset(probe, "landmarkPos3D");
        boolean anyPositions = src.isPresent() || marks.isPresent();
        if (anyPositions && lengthUnit == null) {
            throw h.corrupt(lengthUnitPath, "required to interpret probe positions, but missing");
        }
        double scale = anyPositions ? metresPer(h, lengthUnit, lengthUnitPath) : 1;
        int dims = kind.equals("3D") ? 3 : 2;
        List<SensorPosition> sources = src.map(d -> positions(h, d, dims, scale)).orElse(List.of());
        List<SensorPosition> detectors = det.map(d -> positions(h, d, dims, scale)).orElse(List.of());
        Map<String, SensorPosition> landmarks = new LinkedHashMap<>();
        if (marks.isPresent()) {
            List<SensorPosition> pos = positions(h, marks.get(), 3, scale);
            List<String> labels = h.optDataset(probe, "landmarkLabels").map(h::strings).orElse(List.of());
            if (!labels.isEmpty() && labels.size() != pos.size()) {
                throw h.corrupt(SnirfHdf.join(probe, "landmarkLabels"), "has " + labels.size()
                        + " labels for " + pos.size() + " rows of landmarkPos3D");
            }
            for (int i = 0; i < pos.size(); i++) {
                String label = labels.isEmpty() ? "landmark" + (i + 1) : labels.get(i).trim();
                String key = label;
                for (int n = 2; landmarks.containsKey(key); n++) {
                    key = label + "-" + n; // repeated labels stay visible instead of overwriting each other
                }
                landmarks.put(key, pos.get(i));
            }
        }
        return new SnirfProbe(wavelengths, sources, detectors, landmarks, kind);
    }

    /** Rows of at least {@code dims} columns (landmarks carry a fourth, an index), scaled to metres. */
    private static List<SensorPosition> positions(SnirfHdf h, Dataset d, int dims, double scale) {
        double[][] rows = h.matrix(d, true);
        List<SensorPosition> out = new ArrayList<>(rows.length);
        for (int r = 0; r < rows.length; r++) {
            double[] row = rows[r];
            if (row.length < dims) {
                throw h.corrupt(SnirfHdf.pathOf(d), "row " + (r + 1) + " has " + row.length + " coordinates, expected "
                        + dims);
            }
            double z = dims == 3 ? row[2] : 0;
            if (!Double.isFinite(row[0]) || !Double.isFinite(row[1]) || !Double.isFinite(z)) {
                throw h.corrupt(SnirfHdf.pathOf(d), "row " + (r + 1) + " is not finite");
            }
            out.add(new SensorPosition(row[0] * scale, row[1] * scale, z * scale));
        }
        return out;
    }

    /** The wavelength in nm for a 1-based index. */
    double wavelength(SnirfHdf h, SnirfMeasurement m) {
        if (m.wavelengthIndex() < 1 || m.wavelengthIndex() > wavelengths.length) {
            throw h.corrupt(m.path() + "/wavelengthIndex", "index " + m.wavelengthIndex() + " is outside the "
                    + wavelengths.length + " wavelengths of /probe/wavelengths");
        }
        return wavelengths[m.wavelengthIndex() - 1];
    }

    Optional<SensorPosition> source(SnirfHdf h, SnirfMeasurement m) {
        return optode(h, sources, m.source(), m.path() + "/sourceIndex", "source");
    }

    Optional<SensorPosition> detector(SnirfHdf h, SnirfMeasurement m) {
        return optode(h, detectors, m.detector(), m.path() + "/detectorIndex", "detector");
    }

    private static Optional<SensorPosition> optode(SnirfHdf h, List<SensorPosition> list, int index, String path,
            String what) {
        if (list.isEmpty()) {
            return Optional.empty();
        }
        if (index > list.size()) {
            throw h.corrupt(path, what + " " + index + " has no position: the probe lists " + list.size() + " "
                    + what + "s");
        }
        return Optional.of(list.get(index - 1));
    }
}
