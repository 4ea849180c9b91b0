package org.neurofusion.modalities.fnirs;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.checksum.ChecksumUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Builds a valid HDF5 file with a surprising SNIRF structure from a fuzzer's choices: starting from
 * {@link SnirfFixture#valid()} (with {@value #ROWS} samples, a count easy to find in the written bytes), it removes,
 * replaces, adds and renames datasets and groups, gives datasets the wrong type, shape or rank, writes odd strings,
 * out-of-range indices and time vectors of the wrong length, and finally may overwrite the dimensions that the
 * dataspace of {@code dataTimeSeries} or {@code time} declares with a huge, zero or negative count, so that the
 * metadata lies about data the file does not hold. jHDF's writer writes the file; a choice it refuses is skipped.
 *
 * <p>Every choice consumes the fuzzer's bytes and a choice of 0 changes nothing, so the empty input is the valid
 * file.
 */
final class SnirfStructureChoices {
    static final int ROWS = 13;
    static final int WIDTH = 2;

    private static final String[] GROUPS = {"", "/nirs", "/nirs/data1", "/nirs/data1/measurementList1",
        "/nirs/data1/measurementList2", "/nirs/data1/measurementList3", "/nirs/data1/measurementLists", "/nirs/probe",
        "/nirs/metaDataTags", "/nirs/stim1", "/nirs/stim2", "/nirs/aux1", "/nirs/data2", "/nirs2", "/nirs2/data1"};
    private static final String[] FIELDS = {"dataTimeSeries", "time", "sourceIndex", "detectorIndex",
        "wavelengthIndex", "dataType", "dataTypeIndex", "dataTypeLabel", "dataUnit", "wavelengths", "sourcePos3D",
        "detectorPos3D", "sourcePos2D", "detectorPos2D", "landmarkPos3D", "landmarkLabels", "name", "data",
        "dataLabels", "timeOffset", "MeasurementDate", "MeasurementTime", "LengthUnit", "TimeUnit", "SubjectID",
        "formatVersion", "measurementList3", "stim1", "aux1", "probe", "nirs", "data1", "metaDataTags"};
    private static final String[] STRINGS = {"", "s", "ms", "us", "ns", "m", "cm", "mm", "unknown", "M", "mM", "uM",
        "µM", "nM", "mol/L", "V", "HbO", "HbR", "HbT", "dOD", "dMean", "1.1", "2022-02-17", "2022-13-45",
        "10:11:12.5Z", "25:61:61", "\u0000", "\uFFFF", "nirs", "x".repeat(300)};
    private static final double[] DOUBLES = {0, -0.0, 1, -1, 0.5, 2, 3, 760, 850, 99999, 1e300, -1e300, 1e-300,
        Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, 2147483648.0, 4294967296.0,
        -2147483649.0, 0.1};
    private static final int[] INTS = {0, 1, 2, 3, -1, 99999, 301, 401, Integer.MAX_VALUE, Integer.MIN_VALUE, 65535,
        1_000_000};
    private static final long[] DIMENSIONS = {0, 1, 2, ROWS - 1, ROWS + 1, 1L << 20, 1L << 31, 1L << 40,
        Long.MAX_VALUE, -1, Long.MIN_VALUE};

    private SnirfStructureChoices() {
    }

    /** The valid starting point: the fixture with {@value #ROWS} rows of {@value #WIDTH} columns at 10 Hz. */
    static Map<String, Object> base() {
        Map<String, Object> m = SnirfFixture.valid();
        double[][] series = new double[ROWS][WIDTH];
        double[] time = new double[ROWS];
        for (int r = 0; r < ROWS; r++) {
            time[r] = r / 10.0;
            for (int c = 0; c < WIDTH; c++) {
                series[r][c] = 1 + r + 0.5 * c;
            }
        }
        m.put("/nirs/data1/dataTimeSeries", series);
        m.put("/nirs/data1/time", time);
        return m;
    }

    /**
     * The file the choices describe, written under {@code dir}; empty when jHDF's writer refuses the structure
     * (not a finding: nothing was read).
     */
    static Optional<byte[]> file(FuzzedDataProvider d, Path dir) {
        Map<String, Object> m = base();
        int edits = d.consumeInt(0, 8);
        for (int i = 0; i < edits; i++) {
            edit(d, m);
        }
        int patch = d.consumeInt(0, 3);
        long dimension = d.pickValue(DIMENSIONS);
        Path file = dir.resolve("structure.snirf");
        byte[] bytes;
        try {
            SnirfFixture.write(file, valid -> {
                valid.clear();
                valid.putAll(m);
            });
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return Optional.empty();
        } finally {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Optional.of(switch (patch) {
            case 1 -> patchDimension(bytes, ROWS, WIDTH, 0, dimension);
            case 2 -> patchDimension(bytes, ROWS, WIDTH, 1, dimension);
            case 3 -> patchDimension(bytes, ROWS, -1, 0, dimension);
            default -> bytes;
        });
    }

    private static void edit(FuzzedDataProvider d, Map<String, Object> m) {
        List<String> keys = new ArrayList<>(new TreeMap<>(m).keySet());
        if (keys.isEmpty()) {
            // Everything was removed: the only choice left is to add.
            m.put(d.pickValue(GROUPS) + "/" + d.pickValue(FIELDS), value(d));
            return;
        }
        switch (d.consumeInt(0, 10)) {
            case 0 -> {
                String key = d.pickValue(keys);
                // Remove the dataset, or its whole group.
                String prefix = d.consumeBoolean() ? key.substring(0, key.lastIndexOf('/') + 1) : key;
                m.keySet().removeIf(k -> k.startsWith(prefix));
            }
            case 1 -> m.put(d.pickValue(keys), value(d));
            case 2 -> m.put(d.pickValue(GROUPS) + "/" + d.pickValue(FIELDS), value(d));
            case 3 -> {
                // A group where a dataset belongs.
                String key = d.pickValue(keys);
                m.remove(key);
                m.put(key + "/" + d.pickValue(FIELDS), value(d));
            }
            case 4 -> m.put("/nirs/data1/time", time(d));
            case 5 -> m.put("/nirs/data1/dataTimeSeries", series(d));
            case 6 -> m.put("/nirs/data1/measurementList" + d.consumeInt(1, 3) + "/" + d.pickValue(new String[] {
                "sourceIndex", "detectorIndex", "wavelengthIndex", "dataType", "dataTypeIndex"}), number(d));
            case 7 -> m.put(d.pickValue(new String[] {"/nirs/metaDataTags/TimeUnit", "/nirs/metaDataTags/LengthUnit",
                "/nirs/data1/measurementList1/dataUnit", "/nirs/data1/measurementList1/dataTypeLabel",
                "/nirs/metaDataTags/MeasurementDate", "/nirs/metaDataTags/MeasurementTime", "/nirs/stim1/name",
                "/formatVersion"}), d.consumeBoolean() ? d.pickValue(STRINGS) : d.consumeString(40));
            case 8 -> columnar(d, m);
            case 9 -> chunked(d, m);
            default -> rename(d, m, keys);
        }
    }

    /** The data block or the time stored in chunks of a chosen shape, deflated and shuffled or not. */
    private static void chunked(FuzzedDataProvider d, Map<String, Object> m) {
        String key = d.consumeBoolean() ? "/nirs/data1/dataTimeSeries" : "/nirs/data1/time";
        Object value = m.get(key);
        if (value instanceof SnirfFixture.WithOptions w) {
            value = w.value();
        }
        if (!(value instanceof double[]) && !(value instanceof double[][])) {
            return;
        }
        int rank = value instanceof double[] ? 1 : 2;
        int[] chunk = new int[rank];
        for (int i = 0; i < rank; i++) {
            chunk[i] = d.consumeInt(1, 2 * ROWS);
        }
        DatasetCreationOptions.Builder b = DatasetCreationOptions.builder().chunkDimensions(chunk);
        if (d.consumeBoolean()) {
            b.shuffle();
        }
        if (d.consumeBoolean()) {
            b.deflate(d.consumeInt(1, 9));
        }
        m.put(key, new SnirfFixture.WithOptions(value, b.build()));
    }

    /** SNIRF 1.1's columnar measurement lists instead of one group per column, with lengths chosen by the fuzzer. */
    private static void columnar(FuzzedDataProvider d, Map<String, Object> m) {
        m.keySet().removeIf(k -> k.startsWith("/nirs/data1/measurementList"));
        String g = "/nirs/data1/measurementLists/";
        m.put(g + "sourceIndex", doubles(d, 1, 1));
        m.put(g + "detectorIndex", doubles(d, 1, 1));
        m.put(g + "wavelengthIndex", doubles(d, 1, 2));
        m.put(g + "dataType", doubles(d, 1, 1));
        if (d.consumeBoolean()) {
            m.put(g + "dataTypeLabel", new String[] {d.pickValue(STRINGS), d.pickValue(STRINGS)});
        }
    }

    /** Two values by default; the fuzzer may choose another length and other values. */
    private static double[] doubles(FuzzedDataProvider d, double first, double second) {
        int n = d.consumeInt(0, 5);
        if (n == 0) {
            return new double[] {first, second};
        }
        double[] v = new double[n - 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = d.pickValue(DOUBLES);
        }
        return v;
    }

    private static void rename(FuzzedDataProvider d, Map<String, Object> m, List<String> keys) {
        String key = d.pickValue(keys);
        String[][] renames = {{"/nirs/", "/nirs1/"}, {"/nirs/", "/nirs0/"}, {"/data1/", "/data2/"},
            {"/data1/", "/data01/"}, {"/stim1/", "/stim01/"}, {"measurementList2/", "measurementList10/"},
            {"measurementList1/", "measurementList99999999999/"}, {"/probe/", "/Probe/"}};
        String[] r = d.pickValue(renames);
        if (key.contains(r[0])) {
            String prefix = key.substring(0, key.indexOf(r[0]) + r[0].length());
            for (String k : keys) {
                if (k.startsWith(prefix)) {
                    m.put(k.replace(prefix, prefix.replace(r[0], r[1])), m.remove(k));
                }
            }
        }
    }

    private static Object number(FuzzedDataProvider d) {
        return d.consumeBoolean() ? (Object) d.pickValue(INTS) : (Object) d.pickValue(DOUBLES);
    }

    private static double[] time(FuzzedDataProvider d) {
        int n = d.consumeInt(0, 2 * ROWS + 2);
        double[] t = new double[n];
        double period = d.consumeBoolean() ? 0.1 : d.pickValue(DOUBLES);
        for (int i = 0; i < n; i++) {
            t[i] = i * period;
        }
        if (n > 0 && d.consumeBoolean()) {
            t[d.consumeInt(0, n - 1)] = d.consumeBoolean() ? d.pickValue(DOUBLES) : d.consumeDouble();
        }
        return t;
    }

    private static Object series(FuzzedDataProvider d) {
        int rows = d.consumeInt(0, 2 * ROWS);
        int cols = d.consumeInt(0, 4);
        return switch (d.consumeInt(0, 4)) {
            case 0 -> new double[rows][cols];
            case 1 -> new float[rows][cols];
            case 2 -> new int[rows][cols];
            case 3 -> new double[rows];
            default -> new double[rows][cols][2];
        };
    }

    /** A dataset value of any type, shape and rank that jHDF's writer takes. */
    private static Object value(FuzzedDataProvider d) {
        int n = d.consumeInt(0, 6);
        int k = d.consumeInt(0, 4);
        return switch (d.consumeInt(0, 11)) {
            case 0 -> d.pickValue(INTS);
            case 1 -> d.pickValue(DOUBLES);
            case 2 -> d.consumeBoolean() ? d.pickValue(STRINGS) : d.consumeString(40);
            case 3 -> {
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = d.pickValue(DOUBLES);
                }
                yield v;
            }
            case 4 -> {
                double[][] v = new double[n][k];
                for (double[] row : v) {
                    for (int i = 0; i < k; i++) {
                        row[i] = d.pickValue(DOUBLES);
                    }
                }
                yield v;
            }
            case 5 -> {
                int[] v = new int[n];
                for (int i = 0; i < n; i++) {
                    v[i] = d.pickValue(INTS);
                }
                yield v;
            }
            case 6 -> {
                String[] v = new String[n];
                for (int i = 0; i < n; i++) {
                    v[i] = d.pickValue(STRINGS);
                }
                yield v;
            }
            case 7 -> new float[n][k];
            case 8 -> new double[n][k][2];
            case 9 -> new long[] {d.consumeLong(), d.consumeLong()};
            case 10 -> new byte[n];
            default -> d.consumeLong();
        };
    }

    /**
     * Overwrites one dimension of the dataspace that declares {@code first} (× {@code second}, unless it is -1)
     * as 8-byte little-endian counts, as jHDF writes them, and recomputes the checksum of the version 2 object
     * header holding it, so that the file stays valid HDF5 and only its metadata lie; the file is returned unchanged
     * when no such dataspace is found.
     */
    static byte[] patchDimension(byte[] file, long first, long second, int which, long value) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int rank = second < 0 ? 1 : 2;
        for (int at = 4; at + 8 * rank <= file.length; at++) {
            // A version 2 dataspace message: version, rank, flags, type, then the sizes.
            boolean dataspace = file[at - 4] == 2 && file[at - 3] == rank;
            if (dataspace && b.getLong(at) == first && (rank == 1 || b.getLong(at + 8) == second)) {
                byte[] out = file.clone();
                ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
                o.putLong(at + 8 * which, value);
                resum(out, at);
                return out;
            }
        }
        return file;
    }

    /** Recomputes the Jenkins checksum that ends the "OHDR" chunk holding byte {@code at}. */
    private static void resum(byte[] file, int at) {
        for (int start = at; start >= 0; start--) {
            if (file[start] == 'O' && file[start + 1] == 'H' && file[start + 2] == 'D' && file[start + 3] == 'R') {
                int flags = file[start + 5] & 0xff;
                int pos = start + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
                int width = 1 << (flags & 3);
                long size = 0;
                for (int i = 0; i < width; i++) {
                    size |= (long) (file[pos + i] & 0xff) << (8 * i);
                }
                int end = (int) (pos + width + size);
                int sum = ChecksumUtils.checksum(Arrays.copyOfRange(file, start, end));
                ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).putInt(end, sum);
                return;
            }
        }
    }
}
