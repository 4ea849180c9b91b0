package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.core.Segment;

/**
 * {@link EdfRecording} on small files written byte by byte: physical dimensions scaled to volts, repeated labels
 * named as MNE names them, start dates with two- and four-digit years, files of no record, reads across mapped
 * chunks, and a closed recording.
 */
class EdfRecordingTest {
    @TempDir
    Path dir;

    /**
     * An EDF(+) file of 1-s records: each data signal holds 4 samples per record (physical ±3276.8 over digital
     * ±32768, so gain 0.1 and offset 0), sample j of record r of signal k digital 100k + 10r + j + 1; then an
     * annotation signal with the record's time-keeping annotation, and "go" at 1.5 s (0.25 s long) in record 1.
     */
    private static final class TinyEdf {
        String reserved = "EDF+C";
        String recording = "Startdate 01-FEB-2003 X X X";
        String date = "01.02.03";
        List<String> labels = List.of("C1");
        List<String> dims = List.of("uV");
        int records = 3;

        Path write(Path file) throws IOException {
            int ns = labels.size() + 1;
            StringBuilder h = new StringBuilder();
            pad(h, "0", 8);
            pad(h, "X X X X", 80);
            pad(h, recording, 80);
            pad(h, date, 8);
            pad(h, "04.05.06", 8);
            pad(h, Integer.toString(256 * (ns + 1)), 8);
            pad(h, reserved, 44);
            pad(h, Integer.toString(records), 8);
            pad(h, "1", 8);
            pad(h, Integer.toString(ns), 4);
            List<String> all = new ArrayList<>(labels);
            all.add("EDF Annotations");
            for (String l : all) {
                pad(h, l, 16);
            }
            field(h, ns, "", 80);
            for (int k = 0; k < ns; k++) {
                pad(h, k < labels.size() ? dims.get(k) : "", 8);
            }
            for (int k = 0; k < ns; k++) {
                pad(h, k < labels.size() ? "-3276.8" : "-1", 8);
            }
            for (int k = 0; k < ns; k++) {
                pad(h, k < labels.size() ? "3276.7" : "1", 8);
            }
            field(h, ns, "-32768", 8);
            field(h, ns, "32767", 8);
            field(h, ns, "", 80);
            for (int k = 0; k < ns; k++) {
                pad(h, k < labels.size() ? "4" : "30", 8);
            }
            field(h, ns, "", 32);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes(h.toString().getBytes(StandardCharsets.ISO_8859_1));
            for (int r = 0; r < records; r++) {
                for (int k = 0; k < labels.size(); k++) {
                    for (int j = 0; j < 4; j++) {
                        int v = 100 * k + 10 * r + j + 1;
                        out.write(v & 0xff);
                        out.write(v >> 8 & 0xff);
                    }
                }
                byte[] tal = new byte[60];
                byte[] text = ("+" + r + "\u0014\u0014\u0000" + (r == 1 ? "+1.5\u00150.25\u0014go\u0014\u0000" : ""))
                        .getBytes(StandardCharsets.UTF_8);
                System.arraycopy(text, 0, tal, 0, text.length);
                out.writeBytes(tal);
            }
            return Files.write(file, out.toByteArray());
        }

        private static void field(StringBuilder h, int ns, String value, int width) {
            for (int k = 0; k < ns; k++) {
                pad(h, value, width);
            }
        }

        private static void pad(StringBuilder sb, String s, int width) {
            sb.append(s);
            sb.append(" ".repeat(width - s.length()));
        }
    }

    private static double digital(int k, int r, int j) {
        return 100 * k + 10 * r + j + 1;
    }

    @Test
    void physicalDimensionsAreScaledToVolts() throws IOException {
        TinyEdf f = new TinyEdf();
        f.labels = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i");
        // µ as latin-1 0xB5, as some writers put it although EDF asks for ASCII; Shift-JIS's mu (0x83 0xCA), as MNE
        // accepts it
        f.dims = List.of("uV", "\u00b5V", "microV", "mV", "nV", "V", "degC", "", "\u0083\u00caV");
        double[] scale = {1e-6, 1e-6, 1e-6, 1e-3, 1e-9, 1, 1, 1, 1e-6};
        List<String> units = List.of("V", "V", "V", "V", "V", "V", "degC", "AU", "V");
        try (EdfRecording r = EdfReader.open(f.write(dir.resolve("units.edf")))) {
            for (int k = 0; k < 9; k++) {
                Channel c = r.channels().get(k);
                assertEquals(units.get(k), c.unit(), c.name());
                assertEquals(f.dims.get(k), c.attributes().get("physical_dimension"));
                double[] v = r.readAll(k);
                float[] w = new float[12];
                r.read(k, 0, w, 0, 12);
                for (int t = 0; t < 12; t++) {
                    double want = digital(k, t / 4, t % 4) * 0.1 * scale[k];
                    assertEquals(want, v[t], Math.abs(want) * 1e-9, c.name() + " sample " + t);
                    assertEquals((float) want, w[t], 2 * Math.ulp((float) want), c.name() + " sample " + t);
                }
            }
        }
    }

    @Test
    void repeatedLabelsAreNamedAsMneNamesThem() throws IOException {
        // MNE 1.x (_unique_channel_names): the i-th of a repeated label L is L-i, or L-a, L-b, ... when L-i is taken.
        assertEquals(List.of("EEG-a", "EEG-1", "EEG-0"), EdfRecording.uniqueNames(List.of("EEG", "EEG", "EEG-0")));
        assertEquals(List.of("EEG-0", "EEG-b", "EEG-1", "EEG-a", "EEG-2"),
                EdfRecording.uniqueNames(List.of("EEG", "EEG", "EEG-1", "EEG-a", "EEG")));
        assertEquals(List.of("Fz", "Cz-0", "Pz", "Cz-1"), EdfRecording.uniqueNames(List.of("Fz", "Cz", "Pz", "Cz")));
        // Letters run to z; past them (where MNE gives up) numbering goes on from i + 1.
        List<String> taken = new ArrayList<>(List.of("L", "L-0"));
        for (char c = 'a'; c < 'z'; c++) {
            taken.add("L-" + c);
        }
        taken.add("L");
        List<String> names = EdfRecording.uniqueNames(taken);
        assertEquals(List.of("L-z", "L-1"), List.of(names.get(0), names.get(names.size() - 1)));
        taken.add(2, "L-z");
        names = EdfRecording.uniqueNames(taken);
        assertEquals(List.of("L-1", "L-2"), List.of(names.get(0), names.get(names.size() - 1)));
        taken.add(3, "L-1");
        names = EdfRecording.uniqueNames(taken);
        assertEquals(List.of("L-2", "L-3"), List.of(names.get(0), names.get(names.size() - 1)));
        TinyEdf f = new TinyEdf();
        f.labels = List.of("EEG", "EEG", "EEG-0");
        f.dims = List.of("uV", "uV", "uV");
        try (EdfRecording r = EdfReader.open(f.write(dir.resolve("labels.edf")))) {
            assertEquals(List.of("EEG-a", "EEG-1", "EEG-0"), r.channels().stream().map(Channel::name).toList());
            assertEquals("EEG", r.channels().get(0).attributes().get("label"));
            assertEquals(digital(2, 0, 0) * 1e-7, r.readAll(r.channelIndex("EEG-0"))[0], 1e-18);
        }
    }

    @Test
    void twoDigitYearsFollowTheClippingDateAndEdfPlusGivesAllFour() throws IOException {
        TinyEdf f = new TinyEdf();
        f.reserved = "";
        f.recording = "X";
        for (String[] c : new String[][] {{"01.02.85", "1985"}, {"01.02.84", "2084"}, {"01.02.99", "1999"},
            {"01.02.00", "2000"}}) {
            f.date = c[0];
            try (EdfRecording r = EdfReader.open(f.write(dir.resolve("plain.edf")))) {
                assertEquals(LocalDateTime.of(Integer.parseInt(c[1]), 2, 1, 4, 5, 6), r.start().orElseThrow(), c[0]);
            }
        }
        f.date = "01.02.yy";
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class,
                () -> EdfReader.open(f.write(dir.resolve("yy.edf"))));
        assertEquals(168, e.offset());
        assertTrue(e.getMessage().contains("gives the year as yy, but the file is not EDF+"), e.getMessage());

        // EDF+: the recording field's Startdate gives the century when its last two digits agree with the date's.
        f.reserved = "EDF+C";
        for (String[] c : new String[][] {{"Startdate 01-FEB-1984 X X X", "01.02.84", "1984"},
            {"Startdate 01-FEB-2090 X X X", "01.02.90", "2090"}, {"Startdate 01-FEB-1999 X X X", "01.02.84", "2084"},
            {"Startdate 01-FEB-2090 X X X", "01.02.yy", "2090"}, {"Startdate 01-FEB-2090", "01.02.yy", "2090"},
            {"Startdate X X X X", "01.02.85", "1985"}}) {
            f.recording = c[0];
            f.date = c[1];
            try (EdfRecording r = EdfReader.open(f.write(dir.resolve("plus.edf")))) {
                assertEquals(LocalDateTime.of(Integer.parseInt(c[2]), 2, 1, 4, 5, 6), r.start().orElseThrow(),
                        c[0] + " / " + c[1]);
            }
        }
        f.date = "01.02.yy";
        for (String recording : new String[] {"Startdate X X X X", "Startdate 01-FEB-20X0 X X X"}) {
            f.recording = recording;
            e = assertThrows(CorruptRecordingException.class, () -> EdfReader.open(f.write(dir.resolve("yy2.edf"))));
            assertEquals(168, e.offset());
            assertTrue(e.getMessage().contains("the recording field has no Startdate with a 4-digit year"),
                    e.getMessage());
        }
    }

    @Test
    void aFileOfNoRecordOpensEmpty() throws IOException {
        TinyEdf f = new TinyEdf();
        f.records = 0;
        try (EdfRecording r = EdfReader.open(f.write(dir.resolve("none.edf")))) {
            assertEquals(0, r.channels().get(0).sampleCount());
            assertEquals(0.0, r.durationSeconds());
            assertEquals(LocalDateTime.of(2003, 2, 1, 4, 5, 6), r.start().orElseThrow());
            assertEquals(List.of(), r.annotations());
        }
    }

    /**
     * Fuzzing finding (issue 18's campaign, BDF, after 1.44 million executions): a BDF+ header of three signals, one
     * of them "BDF Annotations", each claiming 99,999,999 samples per record, with a record count of -1 over the 116
     * bytes after its 1024-byte header: no whole record, so no record. Reading its annotations made a buffer of one
     * record's annotation signal first, 299,999,997 bytes for nothing to read (an OutOfMemoryError under the fuzzing
     * heap of 256 MB). Now the buffer is made when a record is read, and the file opens as an empty recording.
     */
    @Test
    void aFileOfNoRecordDoesNotAllocateForTheRecordItsHeaderDescribes() throws IOException {
        Path p = dir.resolve("input.bdf");
        try (java.io.InputStream in = getClass().getResourceAsStream(
                "EdfFuzzTestInputs/fuzzBdf/regression-no-record-annotation-buffer-300-MB")) {
            Files.write(p, in.readAllBytes());
        }
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (Recording r = EdfReader.open(p)) {
            r.channels();
            long before = threads.getCurrentThreadAllocatedBytes();
            assertEquals(List.of(), r.annotations());
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < 10_000_000, "reading no annotation allocated " + allocated + " bytes");
            assertEquals(2, r.channels().size());
            assertEquals(0, r.channels().get(0).sampleCount());
        }
    }

    @Test
    void readsAcrossMappedChunksEqualReadsFromOne() throws IOException {
        TinyEdf f = new TinyEdf();
        f.labels = List.of("C1", "C2");
        f.dims = List.of("uV", "mV");
        f.records = 7;
        Path p = f.write(dir.resolve("chunks.edf"));
        try (EdfRecording whole = EdfReader.open(p)) {
            // a record is 2 × 8 + 60 bytes: chunks of 1 and of 3 records (the last one short)
            for (long target : new long[] {1, 3 * 76 + 5}) {
                try (EdfRecording r = EdfReader.open(p, target)) {
                    assertEquals(whole.annotations(), r.annotations());
                    assertEquals(new Annotation(1.5, 0.25, "go"), r.annotations().get(0));
                    for (int c = 0; c < 2; c++) {
                        assertArrayEquals(whole.readAll(c), r.readAll(c), 0);
                        double[] mid = new double[9];
                        r.read(c, 10, mid, 0, 9);
                        for (int t = 0; t < 9; t++) {
                            assertEquals(whole.readAll(c)[10 + t], mid[t], 0);
                        }
                    }
                }
            }
        }
    }

    /**
     * Data records are mapped chunk by chunk as they are first read. A thread whose interrupt flag is set (a
     * cancelled loading task) used to make {@code FileChannel.map} close the recording's channel, failing every
     * later read of every thread; now it reads, and the recording stays usable.
     */
    @Test
    void anInterruptedReaderNeitherFailsNorClosesTheRecordingForOthers() throws IOException {
        TinyEdf f = new TinyEdf();
        f.records = 7;
        Path p = f.write(dir.resolve("interrupted.edf"));
        try (EdfRecording whole = EdfReader.open(p); EdfRecording r = EdfReader.open(p, 1)) {
            double[] got = new double[4];
            Thread.currentThread().interrupt();
            try {
                r.read(0, 5, got, 0, 4); // maps a chunk not mapped before
            } finally {
                assertTrue(Thread.interrupted(), "the interrupt is left for the caller");
            }
            double[] want = whole.readAll(0);
            for (int t = 0; t < 4; t++) {
                assertEquals(want[5 + t], got[t], 0);
            }
            assertArrayEquals(want, r.readAll(0), 0, "every other chunk still maps");
        }
    }

    @Test
    void aContinuousFileIsOneSegmentAndAClosedOneRefusesReads() throws IOException {
        Path p = new TinyEdf().write(dir.resolve("closed.edf"));
        EdfRecording r = EdfReader.open(p);
        assertEquals(List.of(new Segment(0, 0, 3)), r.segments());
        assertEquals(1, openUnder(dir));
        r.close();
        assertEquals(0, openUnder(dir), "closing releases the file");
        assertThrows(IllegalStateException.class, r::annotations);
        assertThrows(IllegalStateException.class, () -> r.readAll(0));
    }

    /** How many descriptors this process holds on files under {@code folder} (Linux: /proc/self/fd). */
    private static long openUnder(Path folder) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        Path real = folder.toRealPath();
        try (Stream<Path> s = Files.list(fds)) {
            return s.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).startsWith(real);
                } catch (IOException e) {
                    return false;
                }
            }).count();
        }
    }
}
