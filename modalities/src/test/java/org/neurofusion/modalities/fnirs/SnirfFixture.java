package org.neurofusion.modalities.fnirs;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Small SNIRF files for tests, written with jHDF from a map of HDF5 path → value, so a test can remove or
 * replace any one field of an otherwise valid file.
 */
final class SnirfFixture {
    private SnirfFixture() {
    }

    /** A valid two-channel raw CW file (S1_D1 at 760 and 850 nm, 4 samples at 10 Hz, positions in mm). */
    static Map<String, Object> valid() {
        Map<String, Object> m = new TreeMap<>();
        m.put("/formatVersion", "1.1");
        m.put("/nirs/metaDataTags/SubjectID", "s01");
        m.put("/nirs/metaDataTags/MeasurementDate", "2022-02-17");
        m.put("/nirs/metaDataTags/MeasurementTime", "10:11:12.5Z");
        m.put("/nirs/metaDataTags/LengthUnit", "mm");
        m.put("/nirs/metaDataTags/TimeUnit", "s");
        m.put("/nirs/metaDataTags/FrequencyUnit", "Hz");
        m.put("/nirs/data1/dataTimeSeries", new double[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
        m.put("/nirs/data1/time", new double[] {0, 0.1, 0.2, 0.3});
        for (int k = 1; k <= 2; k++) {
            String ml = "/nirs/data1/measurementList" + k + "/";
            m.put(ml + "sourceIndex", 1);
            m.put(ml + "detectorIndex", 1);
            m.put(ml + "wavelengthIndex", k);
            m.put(ml + "dataType", 1);
            m.put(ml + "dataTypeIndex", 1);
        }
        m.put("/nirs/probe/wavelengths", new double[] {760, 850});
        m.put("/nirs/probe/sourcePos3D", new double[][] {{10, 20, 30}});
        m.put("/nirs/probe/detectorPos3D", new double[][] {{40, 20, 30}});
        m.put("/nirs/stim1/name", "go");
        m.put("/nirs/stim1/data", new double[][] {{0.1, 0.2, 1}});
        return m;
    }

    /** A value to write with jHDF's dataset options (chunks, deflate, shuffle) instead of contiguously. */
    record WithOptions(Object value, DatasetCreationOptions options) {
    }

    /** Writes {@link #valid()} after {@code edit} to {@code file}; {@link WithOptions} values with their options. */
    static Path write(Path file, Consumer<Map<String, Object>> edit) {
        Map<String, Object> m = valid();
        edit.accept(m);
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            Map<String, WritableGroup> groups = new HashMap<>();
            for (Map.Entry<String, Object> e : new TreeMap<>(m).entrySet()) {
                String path = e.getKey();
                int cut = path.lastIndexOf('/');
                WritableGroup g = group(hdf, groups, path.substring(0, cut));
                if (e.getValue() instanceof WithOptions w) {
                    g.putDataset(path.substring(cut + 1), w.value(), w.options());
                } else {
                    g.putDataset(path.substring(cut + 1), e.getValue());
                }
            }
        }
        return file;
    }

    private static WritableGroup group(WritableHdfFile hdf, Map<String, WritableGroup> groups, String path) {
        if (path.isEmpty()) {
            return hdf;
        }
        WritableGroup g = groups.get(path);
        if (g == null) {
            int cut = path.lastIndexOf('/');
            g = group(hdf, groups, path.substring(0, cut)).putGroup(path.substring(cut + 1));
            groups.put(path, g);
        }
        return g;
    }
}
