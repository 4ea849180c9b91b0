package org.neurofusion.modalities.meg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.ExpectedRecording;
import org.neurofusion.modalities.RecordingContract;

/**
 * The reader contract (see {@link RecordingContract}) for raw FIF, on synthetic files of every sample type (with and
 * without a tag directory, with acquisition skips) and on every raw FIF file in the shared data; plus the stored
 * values of every type.
 */
class FifContractTest implements RecordingContract {
    @TempDir
    Path dir;

    /** The synthetic files: fixture {@code i} of {@link #fixture(int)}. */
    static final int FIXTURES = 5;

    static FifFixture fixture(int i) {
        FifFixture f = new FifFixture();
        switch (i) {
            case 0 -> f.dataType = FifConstants.T_FLOAT;
            case 1 -> {
                f.dataType = FifConstants.T_SHORT;
                f.directory = false;
                f.firstSample = 1000;
            }
            case 2 -> {
                f.dataType = FifConstants.T_INT;
                f.skipsBefore.put(1, 2);
                f.bufferSamples = new int[] {64, 64, 64, 10};
            }
            case 3 -> {
                f.dataType = FifConstants.T_DOUBLE;
                f.directory = false;
                f.devHeadT = false;
            }
            default -> {
                f.dataType = FifConstants.T_DAU_PACK16;
                f.bads = List.of("EEG 001");
                f.projector = true;
                f.annotations.add(new double[] {0.5, 0.25});
                f.descriptions.add("stim: left");
            }
        }
        return f;
    }

    @Override
    public List<Path> fixtures(Path into) {
        List<Path> out = new ArrayList<>();
        for (int i = 0; i < FIXTURES; i++) {
            out.add(fixture(i).write(into, "syn" + i + "_raw.fif"));
        }
        return out;
    }

    @Override
    public List<String> sharedSamples() {
        return List.of("meg/mne_testing_data/misc/test_elekta_3ch_raw.fif",
                "meg/mne_testing_data/CTF/testdata_ctf_short_discontinuous.ds_raw.fif",
                "eeg/mne_brainvision/test_bin_raw.fif");
    }

    /** Every raw FIF file: {@code *.fif} except MNE event lists ({@code -eve.fif}). */
    @Override
    public List<String> sharedFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(p -> !data.relativize(p).startsWith("expected")).map(p -> data.relativize(p).toString())
                    .filter(n -> n.endsWith(".fif") && !n.endsWith("-eve.fif")).sorted().toList();
        }
    }

    /** MNE's view: its start is the measurement date, ours the time of the first sample. */
    @Override
    public Recording asOracleSees(Recording r, String relative) {
        Optional<LocalDateTime> measDate = ((FifRecording) r).measurementDate().map(d -> LocalDateTime.ofInstant(d,
                ZoneOffset.UTC));
        return new ForwardingRecording(r) {
            @Override
            public Optional<LocalDateTime> start() {
                return measDate;
            }
        };
    }

    /** Every channel's MNE type (assertMatches checks stim only), the channel count and the unit family. */
    @Override
    public void assertAlsoMatches(ExpectedRecording expected, Recording r, String relative) {
        List<JsonNode> chans = expected.channels();
        assertEquals(expected.json().get("n_channels").asInt(), r.channels().size(), relative);
        for (int i = 0; i < chans.size(); i++) {
            String type = chans.get(i).get("type").asText();
            assertEquals(type, r.channels().get(i).attributes().get("mne_type"), relative + " "
                    + r.channels().get(i).name());
            String unit = switch (type) {
                case "mag", "ref_meg" -> "T";
                case "grad" -> "T/m";
                case "eeg", "eog", "ecg", "emg" -> "V";
                default -> null;
            };
            if (unit != null) {
                assertEquals(unit, r.channels().get(i).unit(), relative + " " + r.channels().get(i).name());
            }
        }
    }

    /**
     * Files cut inside the first tag, inside a data buffer (with a directory, whose pointer then points past the
     * end; without one, whose buffer then runs past it) and exactly between two tags (a block left open).
     */
    @Override
    public List<Truncation> truncations(Path into) throws IOException {
        List<Truncation> out = new ArrayList<>();
        Path a = fixture(0).write(into, "cut_id_raw.fif");
        Files.write(a, Arrays.copyOf(Files.readAllBytes(a), 9));
        out.add(new Truncation("cut inside the file id", a, a, List.of("at byte 9", "inside its first tag header")));
        FifFixture withDir = fixture(0);
        Path b = withDir.write(into, "cut_dir_raw.fif");
        long[] buffer = firstBuffer(withDir.bytes());
        int cut = (int) buffer[3] + 40;
        Files.write(b, Arrays.copyOf(Files.readAllBytes(b), cut));
        out.add(new Truncation("directory file cut inside a data buffer", b, b, List.of("FIFF_DIR_POINTER",
                "truncated")));
        FifFixture noDir = fixture(1);
        Path c = noDir.write(into, "cut_walk_raw.fif");
        buffer = firstBuffer(noDir.bytes());
        cut = (int) buffer[3] + 40;
        Files.write(c, Arrays.copyOf(Files.readAllBytes(c), cut));
        out.add(new Truncation("sequential file cut inside a data buffer", c, c, List.of("at byte " + (buffer[3] + 8),
                "FIFF_DATA_BUFFER", "running past the end")));
        Path d = noDir.write(into, "cut_between_raw.fif");
        Files.write(d, Arrays.copyOf(Files.readAllBytes(d), (int) buffer[3]));
        out.add(new Truncation("sequential file cut between two tags", d, d, List.of("FIFFB_RAW_DATA",
                "never closed")));
        return out;
    }

    private static long[] firstBuffer(FifBytes b) {
        return b.tags.stream().filter(t -> t[0] == FifConstants.DATA_BUFFER).findFirst().orElseThrow();
    }

    /** Adds 1 to every float stored in the data buffers of fixture 0, in place. */
    @Override
    public void rewriteSamples(Path fixture) throws IOException {
        byte[] all = Files.readAllBytes(fixture);
        ByteBuffer b = ByteBuffer.wrap(all);
        for (long[] t : fixture(0).bytes().tags) {
            if (t[0] == FifConstants.DATA_BUFFER) {
                for (int p = (int) t[3] + 16; p < t[3] + 16 + t[2]; p += 4) {
                    b.putFloat(p, b.getFloat(p) + 1f);
                }
            }
        }
        Files.write(fixture, all);
    }

    /** The values a fixture must read as: stored value × range × cal, zeros where acquisition skipped. */
    static double[] expected(FifFixture f, int ch) {
        List<Double> out = new ArrayList<>();
        long stored = 0;
        for (int i = 0; i < f.bufferSamples.length; i++) {
            Integer skip = f.skipsBefore.get(i);
            if (skip != null && i > 0) {
                for (long k = 0; k < (long) skip * f.bufferSamples[i]; k++) {
                    out.add(0.0);
                }
            }
            for (int t = 0; t < f.bufferSamples[i]; t++) {
                out.add(f.raw(ch, stored + t) * f.scale(ch));
            }
            stored += f.bufferSamples[i];
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void storedValuesAreKnown(int i) {
        FifFixture f = fixture(i);
        try (FifRecording r = FifReader.open(f.write(dir, "values_raw.fif"))) {
            assertEquals(f.channels(), r.channels().size());
            for (int c = 0; c < f.channels(); c++) {
                double[] want = expected(f, c);
                assertEquals(want.length, r.channels().get(c).sampleCount(), "channel " + c);
                assertArrayEquals(want, r.readAll(c), Math.abs(f.scale(c)) * 1e-9, "fixture " + i + " channel " + c);
            }
            assertEquals(f.firstSample, r.firstSample());
            assertTrue(r.header().get("data_type").startsWith("FIFFT_"), r.header().toString());
        }
    }

    /**
     * A 1.5 GiB file of 1536 one-MiB float buffers whose data are a hole (a sparse file: it costs no disk) opens at
     * once under the 1 GiB test heap, and a window across the boundary between the last two buffers reads the
     * values planted there: only the tags' headers and the touched pages are read.
     */
    @Test
    void aLargeFileOpensLazily() throws IOException {
        FifFixture f = fixture(0);
        int perBuffer = 65_536;
        int buffers = 1536;
        int size = perBuffer * f.channels() * 4;
        FifBytes head = new FifBytes();
        head.start(FifConstants.B_MEAS);
        head.start(FifConstants.B_MEAS_INFO);
        head.ints(FifConstants.NCHAN, f.channels());
        head.floats(FifConstants.SFREQ, 1000f);
        for (int c = 0; c < f.channels(); c++) {
            head.channel(c + 1, f.kind(c), 1f, 1f, 0, new float[12], 107, f.names[c]);
        }
        head.end(FifConstants.B_MEAS_INFO);
        head.start(FifConstants.B_RAW_DATA);
        byte[] prefix = head.finish(false);
        ByteBuffer.wrap(prefix).putInt((int) head.tags.get(head.tags.size() - 1)[3] + 12, 0); // not the last tag
        Path p = dir.resolve("large_raw.fif");
        long end = prefix.length + (long) buffers * (16 + size);
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(p.toFile(), "rw")) {
            raf.write(prefix);
            for (int b = 0; b < buffers; b++) {
                raf.seek(prefix.length + (long) b * (16 + size));
                raf.writeInt(FifConstants.DATA_BUFFER);
                raf.writeInt(FifConstants.T_FLOAT);
                raf.writeInt(size);
                raf.writeInt(0);
            }
            long lastBuffer = prefix.length + (long) (buffers - 1) * (16 + size) + 16;
            raf.seek(lastBuffer - 16 - (long) f.channels() * 4 + 2 * 4); // channel 2, last sample of the one before
            raf.writeFloat(1.25f);
            raf.seek(lastBuffer + 2 * 4); // channel 2, first sample of the last buffer
            raf.writeFloat(-2.5f);
            raf.seek(end);
            raf.writeInt(FifConstants.BLOCK_END);
            raf.writeInt(FifConstants.T_INT);
            raf.writeInt(4);
            raf.writeInt(0);
            raf.writeInt(FifConstants.B_RAW_DATA);
            raf.writeInt(FifConstants.BLOCK_END);
            raf.writeInt(FifConstants.T_INT);
            raf.writeInt(4);
            raf.writeInt(-1);
            raf.writeInt(FifConstants.B_MEAS);
        }
        assertTrue(Files.size(p) > (3L << 29));
        long t0 = System.nanoTime();
        try (FifRecording r = FifReader.open(p)) {
            assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "open must not read the data");
            long n = (long) perBuffer * buffers;
            assertEquals(n, r.channels().get(2).sampleCount());
            double[] w = new double[4];
            r.read(2, n - perBuffer - 2, w, 0, 4);
            assertArrayEquals(new double[] {0, 1.25, -2.5, 0}, w); // range 1 × cal 1
        }
    }
}
