package org.neurofusion.modalities.fnirs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Deflater;
import us.hebi.matlab.mat.format.Mat5;
import us.hebi.matlab.mat.format.Mat5File;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Sinks;
import us.hebi.matlab.mat.types.Struct;

/**
 * A small NIRx recording written from scratch, file by file, for the fuzz targets and the tests of damaged files:
 * 2 sources, 2 detectors, the probe's channels S1_D1, S2_D1 and S2_D2 (six CW channels), 6 samples. The NIRStar
 * variant has a header, two data files, a configuration, a subject file, events and the probe; the Aurora variant
 * has the {@code _config.hdr}, {@code _config.json} (whose presence makes it Aurora), a trigger file and the probe.
 * The files are ours (no licence question) and a few hundred bytes each, so mutations reach every field.
 */
final class NirxFiles {
    static final String BASE = "NIRS-2024-01-02_001";
    static final String HDR = BASE + ".hdr";
    static final String WL1 = BASE + ".wl1";
    static final String WL2 = BASE + ".wl2";
    static final String CONFIG = BASE + "_config.txt";
    static final String INF = BASE + ".inf";
    static final String EVT = BASE + ".evt";
    static final String PROBE = BASE + "_probeInfo.mat";
    static final String AURORA_HDR = BASE + "_config.hdr";
    static final String AURORA_JSON = BASE + "_config.json";
    static final String TRI = BASE + "_lsl.tri";
    static final int ROWS = 6;

    private NirxFiles() {
    }

    /** The NIRStar recording: file name → bytes, the header first. */
    static Map<String, byte[]> nirStar() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(HDR, latin1(nirStarHeader()));
        m.put(WL1, latin1(data(4, 1)));
        m.put(WL2, latin1(data(4, 2)));
        m.put(CONFIG, latin1("raw_data_name='" + BASE + "';\nSamplingRate=7.81250; \ntime_point_N=" + ROWS
                + ";\nprobeInfo_file='C:\\NIRx\\Montages\\seed_probeInfo.mat';\n"));
        m.put(INF, latin1("[Subject Demographics]\r\nName=\"Fuzz Seed\"\r\nAge=30\r\nGender=\"2\"\r\n"));
        m.put(EVT, latin1("2\t1\t1\t0\t0\r\n4\t0\t1\t0\t0\r\n"));
        m.put(PROBE, probe(true));
        return m;
    }

    /** The Aurora (NIRSport 2) recording: its data files have one column per listed channel (three). */
    static Map<String, byte[]> aurora() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put(AURORA_HDR, latin1(auroraHeader()));
        m.put(WL1, latin1(data(3, 1)));
        m.put(WL2, latin1(data(3, 2)));
        m.put(AURORA_JSON, latin1("{\"version\": 1}\n"));
        m.put(TRI, latin1("2024-01-02T10:11:12.500000;2;1\n2024-01-02T10:11:13.000000;5;2\n"));
        m.put(PROBE, probe(true));
        return m;
    }

    static String nirStarHeader() {
        return String.join("\r\n",
                "[GeneralInfo]",
                "FileName=\"" + BASE + "\"",
                "Date=\"Tue, Jan 02, 2024\"",
                "Time=\"10:11:12.250\"",
                "Device=\"NIRScout 2x2\"",
                "NIRStar=\"15.2\"",
                "Subject=1",
                "",
                "[ImagingParameters]",
                "Sources=2",
                "Detectors=2",
                "ShortBundles=1",
                "ShortDetIndex=\"2\"",
                "Wavelengths=\"760\t850\"",
                "TrigIns=4",
                "SamplingRate=7.812500",
                "",
                "[Markers]",
                "Events=\"#",
                "0.26\t3\t2",
                "0.51\t2\t4",
                "#\"",
                "",
                "[DataStructure]",
                "S-D-Key=\"1-1:1,1-2:2,2-1:3,2-2:4,\"",
                "S-D-Mask=\"#",
                "1\t0",
                "1\t1",
                "#\"",
                "",
                "[ChannelsDistance]",
                "ChanDis=\"30.0\t30.0\t8.0\"",
                "");
    }

    static String auroraHeader() {
        return String.join("\r\n",
                "[GeneralInfo]",
                "Version=2021.9.0-seed",
                "Device ID=0000_0000_A",
                "Date=2024-01-02 10:11:12.250000",
                "Sources=2",
                "Detectors=2",
                "Sampling rate=10.0",
                "",
                "[ExperimentNotes]",
                "experiment_name=seed",
                "experiment_subject=S01",
                "",
                "[DataStructure]",
                "Channel Mask=\"# ",
                "1     0",
                "1     1",
                "#\"",
                "Channel indices=",
                "0-0, 1-0, 1-1",
                "");
    }

    /** {@link #ROWS} lines of {@code columns} values, distinct per wavelength, row and column. */
    static String data(int columns, int wavelength) {
        StringBuilder sb = new StringBuilder();
        for (int r = 0; r < ROWS; r++) {
            for (int c = 0; c < columns; c++) {
                sb.append(c == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.7f",
                        wavelength + 0.1 * r + 0.01 * c));
            }
            sb.append(r % 2 == 0 ? "\r\n" : "\n");
        }
        return sb.toString();
    }

    /**
     * The probe as NIRSite writes it, reduced to what matters: {@code probeInfo.probes} with the channel pairs
     * ({@code index_c}), MNI positions in cm ({@code coords_s3}, {@code coords_d3}), counts, and label cells;
     * {@code probeInfo.headmodel} a string. MFL writes it (compressed with deflate, as MATLAB does, or not).
     */
    static byte[] probe(boolean compressed) {
        return probe(compressed, ByteOrder.LITTLE_ENDIAN);
    }

    /** The probe in the given byte order ("IM" little-endian as MATLAB writes on x86, or "MI" big-endian). */
    static byte[] probe(boolean compressed, ByteOrder order) {
        Struct probes = Mat5.newStruct();
        probes.set("nSource0", Mat5.newScalar(2));
        probes.set("nDetector0", Mat5.newScalar(2));
        probes.set("nChannel0", Mat5.newScalar(3));
        probes.set("index_c", matrix(new double[][] {{1, 1}, {2, 1}, {2, 2}}));
        probes.set("coords_s3", matrix(new double[][] {{-3.5, 4.0, 5.5}, {2.5, 4.5, 6.0}}));
        probes.set("coords_d3", matrix(new double[][] {{-0.5, 5.0, 6.5}, {4.0, 2.0, 5.0}}));
        probes.set("labels_s", labels("S1", "S2"));
        probes.set("labels_d", labels("D1", "D2"));
        Struct info = Mat5.newStruct();
        info.set("headmodel", Mat5.newString("MNI"));
        info.set("probes", probes);
        // A fixed description: MFL's default holds the time of writing, and seeds must not change when rewritten.
        Mat5File mat = new Mat5File(", Platform: neurofusion tests") {
        };
        mat.addArray("probeInfo", info);
        // The deflated writer seeks back to fill in sizes: a buffer sink, then the part written.
        ByteBuffer out = ByteBuffer.allocate(1 << 16).order(order);
        try {
            Mat5.newWriter(Sinks.wrap(out))
                    .setDeflateLevel(compressed ? Deflater.DEFAULT_COMPRESSION : Deflater.NO_COMPRESSION)
                    .writeMat(mat);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private static Matrix matrix(double[][] rows) {
        Matrix m = Mat5.newMatrix(rows.length, rows[0].length);
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                m.setDouble(r, c, rows[r][c]);
            }
        }
        return m;
    }

    private static Cell labels(String... names) {
        Cell c = Mat5.newCell(1, names.length);
        for (int i = 0; i < names.length; i++) {
            c.set(0, i, Mat5.newString(names[i]));
        }
        return c;
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
