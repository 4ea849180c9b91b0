package org.neurofusion.modalities.fnirs;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.WritableGroup;
import io.jhdf.checksum.ChecksumUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
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

    /**
     * Sets the dimensions of dataset {@code path} in a written file to {@code dims} (no larger than written), in
     * place. jHDF cannot write an empty dataset (it takes the element type from the first element), so a test writes
     * one element and shrinks it here: the dataspace message of the dataset's version-2 object header is rewritten
     * and the header's checksum computed again.
     */
    static void resize(Path file, String path, long... dims) {
        try {
            long at;
            try (HdfFile h = new HdfFile(file)) {
                at = h.getDatasetByPath(path).getAddress();
            }
            byte[] all = Files.readAllBytes(file);
            ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
            int p = Math.toIntExact(at);
            if (b.getInt(p) != 0x5244484f || b.get(p + 4) != 2) {
                throw new IllegalStateException(path + ": not a version-2 object header (OHDR)");
            }
            int flags = b.get(p + 5) & 0xff;
            // optional times (16 bytes) and attribute phase change values (4), then chunk 0's size in 1-8 bytes
            int q = p + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
            int sizeBytes = 1 << (flags & 3);
            long size = 0;
            for (int k = sizeBytes - 1; k >= 0; k--) {
                size = size << 8 | (b.get(q + k) & 0xff);
            }
            int end = Math.toIntExact(q + sizeBytes + size);
            boolean found = false;
            for (int m = q + sizeBytes; m + 4 <= end; ) {
                int type = b.get(m) & 0xff;
                int length = b.getShort(m + 1) & 0xffff;
                int body = m + 4 + ((flags & 0x04) != 0 ? 2 : 0);
                if (type == 1) { // dataspace: version, rank, flags, then dimensions (and maxima when flag 1 is set)
                    int rank = b.get(body + 1);
                    int first = body + (b.get(body) == 1 ? 8 : 4);
                    if (rank != dims.length) {
                        throw new IllegalStateException(path + " has rank " + rank + ", not " + dims.length);
                    }
                    for (int k = 0; k < rank; k++) {
                        b.putLong(first + 8 * k, dims[k]);
                        if ((b.get(body + 2) & 1) != 0) {
                            b.putLong(first + 8 * (rank + k), dims[k]);
                        }
                    }
                    found = true;
                }
                m = body + length;
            }
            if (!found) {
                throw new IllegalStateException(path + ": no dataspace message in its object header");
            }
            b.putInt(end, ChecksumUtils.checksum(ByteBuffer.wrap(all, p, end - p).slice()));
            Files.write(file, all);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
