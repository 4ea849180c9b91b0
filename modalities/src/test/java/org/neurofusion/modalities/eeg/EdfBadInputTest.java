package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.modalities.Recordings;

/** Malformed and hostile EDF/BDF input (truncated files: {@link EdfContractTest}): always a typed error naming file and byte offset. */
class EdfBadInputTest {
    @TempDir
    Path dir;
    private byte[] good;
    private int ns;

    @BeforeEach
    void writeAGoodFile() throws IOException {
        Path p = dir.resolve("good.edf");
        EdfWriter.writeFile(EdfWriterTest.mixed(3), p);
        good = Files.readAllBytes(p);
        ns = Integer.parseInt(new String(good, 252, 4, StandardCharsets.US_ASCII).strip());
        // The good file itself opens and reads.
        assertEquals(4, exercise(p));
    }

    /** Opens, reads every sample and every annotation; returns the channel count. */
    private static int exercise(Path p) {
        try (Recording r = Recordings.open(p)) {
            r.annotations();
            r.segments();
            for (int c = 0; c < r.channels().size(); c++) {
                r.readAll(c);
            }
            return r.channels().size();
        }
    }

    private RecordingException fails(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        RecordingException e = assertThrows(RecordingException.class, () -> exercise(p));
        assertTrue(e.getMessage().startsWith(p.toString()), "message names the file: " + e.getMessage());
        return e;
    }

    private byte[] withField(int offset, int width, String value) {
        byte[] b = good.clone();
        byte[] v = (value + " ".repeat(width)).substring(0, width).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(v, 0, b, offset, width);
        return b;
    }

    private int signalField(int before, int width, int signal) {
        return 256 + before * ns + width * signal;
    }

    @Test
    void corruptedHeaderNumbers() throws IOException {
        assertOffset(fails("ns.edf", withField(252, 4, "ab")), 252, "number of signals");
        assertOffset(fails("ns-huge.edf", withField(252, 4, "9999")), 184, "header bytes");
        assertOffset(fails("hb.edf", withField(184, 8, "12x")), 184, "header bytes");
        assertOffset(fails("records-2^31.edf", withField(236, 8, "2147483648")), 236, "data records");
        assertOffset(fails("records-huge.edf", withField(236, 8, "99999999")), 236, "data records");
        assertOffset(fails("records-neg.edf", withField(236, 8, "-5")), 236, "data records");
        assertOffset(fails("duration-neg.edf", withField(244, 8, "-1")), 244, "duration");
        assertOffset(fails("duration-nan.edf", withField(244, 8, "NaN")), 244, "duration");
        assertOffset(fails("duration-zero.edf", withField(244, 8, "0")), 244, "duration");
        assertOffset(fails("spr-zero.edf", withField(signalField(216, 8, 0), 8, "0")), signalField(216, 8, 0),
                "samples per data record");
        // A huge record size is caught against the file size, before anything is allocated from it.
        assertOffset(fails("spr-huge.edf", withField(signalField(216, 8, 1), 8, "99999999")), 236,
                "data records of 200001076 bytes");
        assertOffset(fails("dmin.edf", withField(signalField(120, 8, 0), 8, "-9999999")), signalField(120, 8, 0),
                "digital minimum");
        assertOffset(fails("dmax-le-dmin.edf", withField(signalField(128, 8, 0), 8, "-32768")),
                signalField(128, 8, 0), "digital maximum");
        assertOffset(fails("pmin-eq-pmax.edf", withField(signalField(104, 8, 0),
                8, new String(good, signalField(112, 8, 0), 8, StandardCharsets.US_ASCII))), signalField(112, 8, 0),
                "physical maximum");
        assertOffset(fails("pmin-text.edf", withField(signalField(104, 8, 2), 8, "1e400")), signalField(104, 8, 2),
                "physical minimum");
        assertOffset(fails("date.edf", withField(168, 8, "32.13.99")), 168, "start date");
        assertOffset(fails("time.edf", withField(176, 8, "25:61:00")), 168, "start date");
    }

    @Test
    void absurdValuesThatParseAsNumbers() throws IOException {
        // A record duration so short that every rate is infinite.
        assertOffset(fails("tiny-duration.edf", withField(244, 8, "1e-320")), 244, "impossible sampling rate");
        // Physical ranges whose span overflows a double.
        byte[] b = withField(signalField(104, 8, 0), 8, "-1.7e308");
        System.arraycopy(withField(signalField(112, 8, 0), 8, "1.7e308"), signalField(112, 8, 0), b,
                signalField(112, 8, 0), 8);
        assertOffset(fails("huge-range.edf", b), signalField(104, 8, 0), "no finite");
        // "yy" years need EDF+'s Startdate with a 4-digit year.
        byte[] yy = withField(168, 8, "01.01.yy");
        System.arraycopy(withField(88, 80, "Startdate X X X X"), 88, yy, 88, 80);
        assertOffset(fails("yy.edf", yy), 168, "yy");
    }

    @Test
    void hostileAnnotationNumbersAndMissingTimeKeeping() throws IOException {
        int hb = 256 * (ns + 1);
        int records = Integer.parseInt(new String(good, 236, 8, StandardCharsets.US_ASCII).strip());
        int recordBytes = (good.length - hb) / records;
        int annBytes = Integer.parseInt(new String(good, signalField(216, 8, ns - 1), 8, StandardCharsets.US_ASCII)
                .strip()) * 2;
        int ann1 = hb + 2 * recordBytes - annBytes; // record 1's annotation signal
        byte[] longNumber = good.clone();
        Arrays.fill(longNumber, ann1, ann1 + annBytes, (byte) 0);
        byte[] tal = ("+" + "9".repeat(30) + "\u0014\u0014\u0000").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(tal, 0, longNumber, ann1, tal.length);
        assertOffset(fails("onset-huge.edf", longNumber), ann1, "1e10");
        byte[] empty = good.clone();
        Arrays.fill(empty, ann1, ann1 + annBytes, (byte) 0);
        assertOffset(fails("no-timekeeping.edf", empty), ann1, "no time-keeping");
    }

    @Test
    void wrongReservedFields() throws IOException {
        assertOffset(fails("reserved-x.edf", withField(192, 44, "EDF+X")), 192, "EDF+C or EDF+D");
        assertOffset(fails("reserved-bdf.edf", withField(192, 44, "BDF+C")), 192, "version field");
        byte[] noAnnotations = withField(signalField(0, 16, ns - 1), 16, "Plain");
        assertOffset(fails("no-annotations.edf", noAnnotations), 256, "Annotations");
    }

    @Test
    void corruptAnnotationSignal() throws IOException {
        byte[] b = good.clone();
        int hb = 256 * (ns + 1);
        int recordBytes = (b.length - hb) / Integer.parseInt(new String(b, 236, 8, StandardCharsets.US_ASCII).strip());
        int annOffset = hb + recordBytes; // record 1 starts; its annotation signal is last in the record
        int annBytes = Integer.parseInt(new String(b, signalField(216, 8, ns - 1), 8, StandardCharsets.US_ASCII)
                .strip()) * 2;
        Arrays.fill(b, annOffset + recordBytes - annBytes, annOffset + recordBytes, (byte) 'x');
        RecordingException e = fails("tal.edf", b);
        assertEquals(annOffset + recordBytes - annBytes, e.offset());
        assertTrue(e.getMessage().contains("annotation list"), e.getMessage());
    }

    @Test
    void randomBytes() throws IOException {
        Random rnd = new Random(7);
        for (int i = 0; i < 20; i++) {
            byte[] b = new byte[rnd.nextInt(5000)];
            rnd.nextBytes(b);
            RecordingException e = fails("random" + i + ".edf", b);
            assertInstanceOf(UnsupportedFormatException.class, e, e.getMessage());
            // Random bytes behind a valid signature: corrupt, never an unchecked exception.
            if (b.length > 8) {
                System.arraycopy("0       ".getBytes(StandardCharsets.US_ASCII), 0, b, 0, 8);
                fails("random-signed" + i + ".edf", b);
            }
        }
        // Random bytes in every header field of a good file, one field at a time.
        for (int i = 0; i < 200; i++) {
            byte[] b = good.clone();
            int off = 8 + rnd.nextInt(256 * (ns + 1) - 8);
            b[off] = (byte) rnd.nextInt(256);
            Path p = dir.resolve("mutant" + i + ".edf");
            Files.write(p, b);
            try {
                exercise(p);
            } catch (RecordingException e) {
                assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
            }
        }
    }

    @Test
    void notAFileAtAll() throws IOException {
        RecordingException e = assertThrows(RecordingException.class, () -> Recordings.open(dir.resolve("none.edf")));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        fails("empty.edf", new byte[0]); // other cuts: EdfContractTest.truncations
    }

    private static void assertOffset(RecordingException e, long offset, String words) {
        assertEquals(offset, e.offset(), e.getMessage());
        assertTrue(e.getMessage().contains(words), "message should mention '" + words + "': " + e.getMessage());
    }
}
