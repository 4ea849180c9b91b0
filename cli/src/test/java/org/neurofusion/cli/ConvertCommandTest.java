package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.io.NpyReader;

class ConvertCommandTest {
    @TempDir
    Path dir;

    private CliRun convert(Recording r, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "convert";
        System.arraycopy(args, 0, all, 1, args.length);
        return CliRun.run(TestRecordings.opening(r), all);
    }

    /** Asserts that row {@code row} of the array holds channel {@code channel} from sample {@code first}. */
    private static void assertRow(NpyReader npy, int row, int channel, long first) {
        double[] v = npy.readRow(row);
        for (int t = 0; t < v.length; t++) {
            assertEquals(TestRecordings.value(channel, first + t), v[t], "row " + row + ", column " + t);
        }
    }

    @Test
    void allChannelsOfOneRate() {
        Path out = dir.resolve("all.npy");
        CliRun r = convert(TestRecordings.oneRate(), "in.vhdr", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("", r.err());
        assertEquals("wrote " + out + ": 2 channels × 2500 samples at 250 Hz, 0.000 to 10.000 s", r.out().strip());
        try (NpyReader npy = NpyReader.open(out)) {
            assertEquals(2, npy.rows());
            assertEquals(2500, npy.columns());
            assertRow(npy, 0, 0, 0);
            assertRow(npy, 1, 1, 0);
        }
    }

    @Test
    void channelsInTheOrderGivenOverATimeRange() {
        Path out = dir.resolve("part.npy");
        CliRun r = convert(TestRecordings.mixedRates(), "in.edf", out.toString(), "--channels", "Cz,Fp1",
                "--start", "1.5", "--duration", "2");
        assertEquals(0, r.exitCode(), r.err());
        try (NpyReader npy = NpyReader.open(out)) {
            assertEquals(2, npy.rows());
            assertEquals(200, npy.columns());
            assertRow(npy, 0, 2, 150);
            assertRow(npy, 1, 0, 150);
        }
    }

    @Test
    void startAndDurationRoundToTheNearestSample() {
        Path out = dir.resolve("round.npy");
        // 0.014 s at 100 Hz is sample 1.4 -> 1; 0.056 s is 5.6 samples -> 6.
        CliRun r = convert(TestRecordings.mixedRates(), "in.edf", out.toString(), "--channels=Fp2", "--start=0.014",
                "--duration=0.056");
        assertEquals(0, r.exitCode(), r.err());
        try (NpyReader npy = NpyReader.open(out)) {
            assertEquals(6, npy.columns());
            assertRow(npy, 0, 1, 1);
        }
        // 9.996 s is sample 999.6 -> 1000, the end of the data.
        CliRun past = convert(TestRecordings.mixedRates(), "in.edf", dir.resolve("p.npy").toString(), "--channels",
                "Fp2", "--start", "9.996");
        assertEquals(2, past.exitCode());
        assertTrue(past.err().contains("beyond the end of the data (10.000 s at 100 Hz)"), past.err());
    }

    @Test
    void aChannelOfAnotherRateAlone() {
        Path out = dir.resolve("ecg.npy");
        CliRun r = convert(TestRecordings.mixedRates(), "in.edf", out.toString(), "--channels", "ECG", "--start", "9");
        assertEquals(0, r.exitCode(), r.err());
        try (NpyReader npy = NpyReader.open(out)) {
            assertEquals(50, npy.columns());
            assertRow(npy, 0, 3, 450);
        }
    }

    @Test
    void mixedRatesAreRefusedNamingEachChannelsRate() {
        Path out = dir.resolve("mixed.npy");
        CliRun all = convert(TestRecordings.mixedRates(), "in.edf", out.toString());
        assertEquals(2, all.exitCode());
        assertEquals(1, all.errLines().length, all.err());
        assertTrue(all.err().contains("different sampling rates (100 Hz: Fp1, Fp2, Cz; 50 Hz: ECG)"), all.err());
        CliRun some = convert(TestRecordings.mixedRates(), "in.edf", out.toString(), "--channels", "ECG,Cz");
        assertEquals(2, some.exitCode());
        assertTrue(some.err().contains("(50 Hz: ECG; 100 Hz: Cz)"), some.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownChannelsAreNamedWithTheClosestNames() {
        CliRun r = convert(TestRecordings.mixedRates(), "in.edf", dir.resolve("u.npy").toString(), "--channels",
                "Fp1,fp3,Oz");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("no channel named 'fp3' (closest: Fp1, Fp2)"), r.err());
        assertTrue(r.err().contains("no channel named 'Oz' (closest: Cz)"), r.err());
        assertTrue(r.err().contains("in /data/sub-01.edf, which has 4 channels"), r.err());
    }

    @Test
    void spacesAfterCommasAreForgiven() {
        Path out = dir.resolve("spaces.npy");
        CliRun r = convert(TestRecordings.mixedRates(), "in.edf", out.toString(), "--channels", "Fp1, Fp2");
        assertEquals(0, r.exitCode(), r.err());
    }

    @Test
    void rangesOutsideTheDataAreRefused() {
        String out = dir.resolve("r.npy").toString();
        String[][] cases = {
            {"--start", "-1"}, {"--start", "10"}, {"--start", "NaN"}, {"--duration", "0"}, {"--duration", "-2"},
            {"--duration", "0.001"}, {"--start", "8", "--duration", "2.5"}, {"--duration", "Infinity"}};
        for (String[] c : cases) {
            String[] args = Stream.concat(Stream.of("in.vhdr", out), Stream.of(c)).toArray(String[]::new);
            CliRun r = convert(TestRecordings.oneRate(), args);
            assertEquals(2, r.exitCode(), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.errLines().length, r.err());
        }
        CliRun late = convert(TestRecordings.oneRate(), "in.vhdr", out, "--start", "8", "--duration", "2.5");
        assertTrue(late.err().contains("ends at 10.500 s, beyond the end of the data at 10.000 s"), late.err());
        assertFalse(Files.exists(Path.of(out)));
        CliRun exact = convert(TestRecordings.oneRate(), "in.vhdr", out, "--start", "8", "--duration", "2");
        assertEquals(0, exact.exitCode(), exact.err());
    }

    @Test
    void outputMustEndInNpy() {
        boolean[] opened = {false};
        CliRun r = CliRun.run(p -> {
            opened[0] = true;
            return TestRecordings.oneRate();
        }, "convert", "in.vhdr", dir.resolve("out.csv").toString());
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("OUT must end in .npy"), r.err());
        assertFalse(opened[0], "the input is not opened when the output cannot be written");
        assertEquals(2, convert(TestRecordings.oneRate(), "in", dir.resolve(".npy").toString()).exitCode());
        assertEquals(0, convert(TestRecordings.oneRate(), "in", dir.resolve("UPPER.NPY").toString()).exitCode());
    }

    @Test
    void samplesAreReadInBoundedChunks() {
        int n = 200_000;
        org.neurofusion.core.InMemoryRecording big = org.neurofusion.core.InMemoryRecording.builder()
                .addChannel(new org.neurofusion.core.Channel("A", org.neurofusion.core.ChannelType.EEG, "V", 1000, n),
                        TestRecordings.samples(0, n))
                .build();
        int[] largest = {0};
        Recording watched = new ForwardingRecording(big) {
            @Override
            public void read(int channel, long first, double[] dst, int offset, int count) {
                largest[0] = Math.max(largest[0], count);
                super.read(channel, first, dst, offset, count);
            }
        };
        Path out = dir.resolve("big.npy");
        CliRun r = convert(watched, "in", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(largest[0] <= 1 << 16, "largest read: " + largest[0]);
        try (NpyReader npy = NpyReader.open(out)) {
            assertRow(npy, 0, 0, 0);
        }
    }

    @Test
    void aReadFailureLeavesNoOutputAndNoTemporaryFile() throws IOException {
        Recording broken = new ForwardingRecording(TestRecordings.oneRate()) {
            @Override
            public void read(int channel, long first, double[] dst, int offset, int count) {
                if (channel == 1) {
                    throw new CorruptRecordingException(Path.of("in.vhdr"), 4096, "file ends inside a sample");
                }
                super.read(channel, first, dst, offset, count);
            }
        };
        Path out = dir.resolve("broken.npy");
        CliRun r = convert(broken, "in.vhdr", out.toString());
        assertEquals(1, r.exitCode());
        assertEquals("in.vhdr at byte 4096: file ends inside a sample", r.err().strip());
        assertEquals("", r.out());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void aFolderNamedLikeAnOutputIsNotReplaced() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("looks-like.npy"));
        CliRun r = convert(TestRecordings.oneRate(), "in", folder.toString());
        assertEquals(2, r.exitCode());
        assertTrue(r.err().contains("is a folder"), r.err());
        assertTrue(Files.isDirectory(folder));
    }

    @Test
    void anUnwritableFolderIsReported() {
        CliRun r = convert(TestRecordings.oneRate(), "in", dir.resolve("missing/out.npy").toString());
        assertEquals(1, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("does not exist"), r.err());
    }
}
