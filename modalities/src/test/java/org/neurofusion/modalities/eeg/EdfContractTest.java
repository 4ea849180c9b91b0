package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurofusion.core.SharedData;
import org.neurofusion.core.SignalBlock;

/** The reader contract: a window equals the slice of a full read, and opening reads no sample data. */
class EdfContractTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"eeg/pyedflib/test_generator_datarec_generator_2.bdf", "eeg/mne_edf/test_uneven_samp.edf",
        "eeg/physionet_eegmmidb/S001R04.edf", "eeg/mne_testing_data/test_reduced.edf"})
    void windowsEqualSlicesOfTheFullRead(String file) {
        Random rnd = new Random(42);
        try (EdfRecording r = EdfReader.open(SharedData.require(file))) {
            for (int c = 0; c < r.channels().size(); c++) {
                double[] all = r.readAll(c);
                float[] allF = new float[all.length];
                r.read(c, 0, allF, 0, all.length);
                for (int k = 0; k < 20; k++) {
                    int start = rnd.nextInt(all.length);
                    int n = rnd.nextInt(all.length - start + 1);
                    double[] w = new double[n + 3];
                    r.read(c, start, w, 3, n);
                    assertArrayEquals(Arrays.copyOfRange(all, start, start + n), Arrays.copyOfRange(w, 3, n + 3), 0.0,
                            file + " channel " + c + " window " + start + "+" + n);
                    float[] wf = new float[n];
                    r.read(c, start, wf, 0, n);
                    assertArrayEquals(Arrays.copyOfRange(allF, start, start + n), wf);
                }
                assertThrows(IndexOutOfBoundsException.class, () -> r.read(0, 1, new double[1], 0,
                        (int) r.channels().get(0).sampleCount()));
            }
        }
    }

    @Test
    void blocksOfSameRateChannels() {
        try (EdfRecording r = EdfReader.open(SharedData.require("eeg/physionet_eegmmidb/S001R04.edf"))) {
            SignalBlock b = r.read(new int[] {5, 2, 63}, 320, 160);
            double[] c2 = r.readAll(2);
            for (int t = 0; t < 160; t++) {
                assertEquals((float) c2[320 + t], b.get(1, t));
            }
            assertEquals(2.0, b.startSeconds());
        }
    }

    /**
     * A header for a 100-channel × 2 kHz × 10 h EDF whose data region is a hole (a sparse file): opening must
     * read only the header, and a window read only its pages.
     */
    @Test
    void openingAHugeFileReadsOnlyTheHeader() throws IOException {
        int ns = 100;
        long records = 36_000;
        Path f = dir.resolve("huge.edf");
        StringBuilder h = new StringBuilder();
        pad(h, "0", 8);
        pad(h, "X X X X", 80);
        pad(h, "Startdate X X X X", 80);
        pad(h, "01.02.03", 8);
        pad(h, "04.05.06", 8);
        pad(h, Integer.toString(256 * (ns + 1)), 8);
        pad(h, "", 44);
        pad(h, Long.toString(records), 8);
        pad(h, "1", 8);
        pad(h, Integer.toString(ns), 4);
        String[][] fields = {{"16", "C"}, {"80", ""}, {"8", "uV"}, {"8", "-3276.8"}, {"8", "3276.7"}, {"8", "-32768"},
            {"8", "32767"}, {"80", ""}, {"8", "2000"}, {"32", ""}};
        for (String[] fd : fields) {
            for (int i = 0; i < ns; i++) {
                pad(h, fd[1].equals("C") ? "C" + i : fd[1], Integer.parseInt(fd[0]));
            }
        }
        long size = 256L * (ns + 1) + records * ns * 2000 * 2;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(h.toString().getBytes(StandardCharsets.US_ASCII));
            raf.setLength(size);
            // One known sample deep inside: channel 99, sample 71 990 000 (record 35 995), digital 1234.
            raf.seek(256L * (ns + 1) + 35_995L * ns * 4000 + 99 * 4000);
            raf.write(new byte[] {(byte) 0xD2, 0x04});
        }
        assertEquals(14_400_025_856L, Files.size(f));
        try (EdfRecording r = EdfReader.open(f)) {
            assertEquals(72_000_000L, r.channels().get(99).sampleCount());
            double[] w = new double[4000];
            r.read(99, 71_990_000L, w, 0, 4000);
            assertEquals(123.4e-6, w[0], 1e-15); // gain 0.1 µV, offset 0
            assertEquals(0.0, w[1], 1e-15);
        }
    }

    private static void pad(StringBuilder sb, String s, int width) {
        sb.append(s);
        sb.append(" ".repeat(width - s.length()));
    }
}
