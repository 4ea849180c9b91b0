package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.modalities.RecordingContract;

/**
 * The reader contract (see {@link RecordingContract}) for EDF and EDF+ (BDF: {@link BdfContractTest}); plus what
 * only EDF shows: a 14 GB sparse file opens and reads where it is asked.
 */
class EdfContractTest extends EdfFamilyContract {
    @TempDir
    Path dir;

    EdfContractTest() {
        super(".edf");
    }

    @Override
    public List<String> sharedSamples() {
        return List.of("eeg/mne_edf/test_uneven_samp.edf", "eeg/physionet_eegmmidb/S001R04.edf",
                "eeg/mne_testing_data/test_reduced.edf");
    }

    @Override
    public Set<String> withoutOracle() {
        return Set.of("eeg/mne_testing_data/SC4001EC-Hypnogram.edf"); // MNE cannot read it: no data signals
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
