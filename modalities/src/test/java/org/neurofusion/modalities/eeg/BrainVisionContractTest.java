package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.ExpectedRecording;
import org.neurofusion.modalities.RecordingContract;

/**
 * The reader contract (see {@link RecordingContract}) for BrainVision, on synthetic files of every orientation
 * and sample format and on the shared real files; plus what only BrainVision shows: the stored values of every
 * variant, and a 3 GiB sparse data file read across its mapping boundaries.
 */
class BrainVisionContractTest implements RecordingContract {
    private static final String[][] VARIANTS = {{"MULTIPLEXED", "INT_16"}, {"MULTIPLEXED", "INT_32"},
        {"MULTIPLEXED", "IEEE_FLOAT_32"}, {"VECTORIZED", "INT_16"}, {"VECTORIZED", "INT_32"},
        {"VECTORIZED", "IEEE_FLOAT_32"}};

    @TempDir
    Path dir;

    @Override
    public List<Path> fixtures(Path into) {
        List<Path> out = new ArrayList<>();
        for (String[] v : VARIANTS) {
            out.add(fixture(v[0], v[1]).write(into, v[0].charAt(0) + v[1]));
        }
        return out;
    }

    private static BrainVisionFixture fixture(String orientation, String format) {
        BrainVisionFixture f = new BrainVisionFixture();
        f.orientation = orientation;
        f.binaryFormat = format;
        f.channels = 5;
        f.samples = 257;
        return f;
    }

    @Override
    public List<String> sharedSamples() {
        return List.of("eeg/mne_brainvision/test.vhdr", "eeg/mne_brainvision/test_old_layout_latin1_software_filter.vhdr");
    }

    @Override
    public List<String> sharedFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("eeg"))) {
            return s.filter(p -> p.toString().endsWith(".vhdr")).map(p -> data.relativize(p).toString()).sorted()
                    .toList();
        }
    }

    /** Channel types as MNE assigns them (misc, eeg, eog: assertMatches checks stim only), and no start if none. */
    @Override
    public void assertAlsoMatches(ExpectedRecording expected, Recording r, String relative) {
        List<JsonNode> chans = expected.channels();
        for (int i = 0; i < chans.size(); i++) {
            assertEquals(chans.get(i).get("type").asText(), r.channels().get(i).type().mneName(),
                    relative + " channel " + r.channels().get(i).name());
        }
        JsonNode date = expected.json().get("meas_date");
        if (date.isNull()) {
            assertTrue(r.start().isEmpty(), relative + ": no start date");
        } else {
            assertEquals(LocalDateTime.parse(date.asText().substring(0, 26)), r.start().orElseThrow(), relative);
        }
    }

    /**
     * Headers cut where they become incomplete, marker files cut inside a marker (an entry without its line end is
     * refused as cut short, since issue 18's truncation sweep), and vectorized data files cut
     * so that channels are lost (a multiplexed file cut short is read as MNE reads it: see the bad-input test).
     */
    @Override
    public List<Truncation> truncations(Path into) throws IOException {
        List<Truncation> out = new ArrayList<>();
        String[][] headerCuts = {{"Version 1.0\r\n", "missing section [Common Infos]"},
            {"[Common In", "expected key=value"},
            {"DataFormat=BINARY\r\nDataOrientation=MULTIPLEXED\r\nNumberOfCh", "expected key=value"},
            {"SamplingInterval=2000\r\n", "missing section [Binary Infos]"},
            {"[Channel Infos]\r\n", "describes 0 channels"}, {"Ch2=E", "ends inside the entry 'Ch2=E'"}};
        String[][] markerCuts = {{"", "does not start with the BrainVision marker signature"},
            {"Brain Vision Data Exchange Mar", "does not start with the BrainVision marker signature"},
            {"[Marker In", "expected key=value"}, {"Mk1=New Segment,,1,1,0,2020", "ends inside the entry"},
            {"Mk2=Stim", "ends inside the entry 'Mk2=Stim'"},
            {"Mk3=Response,R  2,51", "ends inside the entry"}};
        for (int i = 0; i < headerCuts.length; i++) {
            Path vhdr = new BrainVisionFixture().write(into, "cuth" + i);
            out.add(cut(vhdr, vhdr, headerCuts[i]));
        }
        for (int i = 0; i < markerCuts.length; i++) {
            Path vhdr = new BrainVisionFixture().write(into, "cutm" + i);
            out.add(cut(vhdr, into.resolve("cutm" + i + ".vmrk"), markerCuts[i]));
        }
        BrainVisionFixture f = fixture("VECTORIZED", "INT_16");
        Path vhdr = f.write(into, "cutv");
        Path eeg = into.resolve("cutv.eeg");
        Files.write(eeg, Arrays.copyOf(Files.readAllBytes(eeg), 500));
        out.add(new Truncation("vectorized data cut at byte 500", vhdr, eeg, List.of("at byte 500", "does not fit")));
        f.writeDataPoints = false;
        vhdr = f.write(into, "cutw");
        eeg = into.resolve("cutw.eeg");
        Files.write(eeg, Arrays.copyOf(Files.readAllBytes(eeg), 501));
        out.add(new Truncation("vectorized data without DataPoints cut at byte 501", vhdr, eeg,
                List.of("where each channel starts is unknown")));
        return out;
    }

    /** Cuts {@code file} just after the text {@code cut[0]}; the error must say {@code cut[1]}. */
    private static Truncation cut(Path vhdr, Path file, String[] cut) throws IOException {
        byte[] full = Files.readAllBytes(file);
        String text = new String(full, StandardCharsets.ISO_8859_1);
        int at = cut[0].isEmpty() ? 0 : text.indexOf(cut[0]) + cut[0].length();
        assertTrue(at >= cut[0].length(), cut[0] + " in " + file);
        Files.write(file, Arrays.copyOf(full, at));
        return new Truncation(file.getFileName() + " cut after '" + cut[0].replace("\r\n", "\\r\\n") + "'", vhdr,
                file, List.of(cut[1]));
    }

    @Override
    public void rewriteSamples(Path vhdr) throws IOException {
        Path eeg = vhdr.resolveSibling(vhdr.getFileName().toString().replace(".vhdr", ".eeg"));
        byte[] b = Files.readAllBytes(eeg);
        for (int i = 0; i < b.length; i += 7) {
            b[i] = (byte) ~b[i];
        }
        Files.write(eeg, b);
    }

    @ParameterizedTest
    @CsvSource({"MULTIPLEXED,INT_16", "MULTIPLEXED,INT_32", "MULTIPLEXED,IEEE_FLOAT_32", "VECTORIZED,INT_16",
            "VECTORIZED,INT_32", "VECTORIZED,IEEE_FLOAT_32"})
    void storedValuesAreKnown(String orientation, String format) {
        BrainVisionFixture f = fixture(orientation, format);
        try (Recording r = BrainVisionReader.open(f.write(dir, "syn"))) {
            assertEquals(orientation, r.header().get("DataOrientation"));
            assertEquals(500.0, r.channels().get(0).samplingRate());
            for (int c = 0; c < 5; c++) {
                double[] all = r.readAll(c);
                assertEquals(257, all.length);
                for (int s = 0; s < 257; s++) {
                    assertEquals(f.raw(c, s) * 0.5e-6, all[s], "channel " + c + " sample " + s);
                }
            }
        }
    }

    /**
     * A 3 GiB data file (sparse: it costs no disk) opens instantly under the 1 GiB test heap, and windows are
     * read across the 1 GiB mapping boundaries and beyond 2 GiB, in both orientations.
     */
    @ParameterizedTest
    @CsvSource({"MULTIPLEXED", "VECTORIZED"})
    void lazyOpenOfAMultiGigabyteFile(String orientation) throws IOException {
        BrainVisionFixture f = new BrainVisionFixture();
        f.orientation = orientation;
        f.channels = 4;
        f.samples = 1; // header only; the data file is replaced below
        f.writeDataPoints = false;
        f.markerLines = List.of("Mk1=Stimulus,S  9,402653184,1,0");
        Path vhdr = f.write(dir, "big");
        long bytes = 3L << 30;
        long samples = bytes / 8; // 4 channels × 2 bytes
        boolean mux = orientation.equals("MULTIPLEXED");
        long[] marks = {(1L << 30) / 8 - 1, (1L << 30) / 8, (2L << 30) / 8 + 5, samples - 1};
        int ch = 3;
        try (RandomAccessFile raf = new RandomAccessFile(dir.resolve("big.eeg").toFile(), "rw")) {
            raf.setLength(bytes);
            for (int i = 0; i < marks.length; i++) {
                long offset = mux ? (marks[i] * 4 + ch) * 2 : (ch * samples + marks[i]) * 2;
                raf.seek(offset);
                short v = (short) (1000 + i); // little-endian
                raf.write(v & 0xff);
                raf.write(v >> 8);
            }
        }
        long t0 = System.nanoTime();
        try (Recording r = BrainVisionReader.open(vhdr)) {
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "open must not read the data");
            assertEquals(samples, r.channels().get(ch).sampleCount());
            assertEquals(1, r.annotations().size());
            double[] w = new double[8];
            r.read(ch, marks[0] - 3, w, 0, 8); // crosses the first 1 GiB mapping boundary when multiplexed
            double[] expected = new double[8];
            expected[3] = 1000 * 0.5e-6;
            expected[4] = 1001 * 0.5e-6;
            assertArrayEquals(expected, w);
            r.read(ch, marks[2], w, 0, 1);
            assertEquals(1002 * 0.5e-6, w[0]);
            r.read(ch, samples - 2, w, 0, 2);
            assertEquals(0.0, w[0]);
            assertEquals(1003 * 0.5e-6, w[1]);
            r.read(0, samples - 2, w, 0, 2);
            assertEquals(0.0, w[1]);
        }
    }
}
