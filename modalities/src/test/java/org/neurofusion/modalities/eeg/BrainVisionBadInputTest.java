package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

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
import org.junit.jupiter.params.provider.CsvSource;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.modalities.Recordings;

/** Malformed, hostile and surprising files (truncated ones: {@link BrainVisionContractTest}): each raises a typed error naming the file and place. */
class BrainVisionBadInputTest {
    @TempDir
    Path dir;

    private static <T extends RecordingException> T fails(Class<T> type, Path file, String... fragments) {
        RecordingException e = assertThrows(RecordingException.class, () -> BrainVisionReader.open(file).close());
        assertInstanceOf(type, e, e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        return type.cast(e);
    }

    private Path withHeaderLine(String from, String to) throws IOException {
        Path vhdr = new BrainVisionFixture().write(dir, "bad");
        String h = Files.readString(vhdr);
        assertTrue(h.contains(from), from);
        Files.writeString(vhdr, h.replace(from, to.replace("<NL>", "\r\n")));
        return vhdr;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "NumberOfChannels=3|NumberOfChannels=abc|Corrupt|line 10: NumberOfChannels='abc' is not an integer",
        "NumberOfChannels=3|NumberOfChannels=2147483647|Corrupt|NumberOfChannels=2147483647 but section [Channel Infos]",
        "NumberOfChannels=3|NumberOfChannels=-3|Corrupt|NumberOfChannels=-3 is outside",
        "NumberOfChannels=3|NumberOfChannels=0|Corrupt|NumberOfChannels=0 is outside",
        "SamplingInterval=2000|SamplingInterval=-1000|Corrupt|positive, finite sampling rate",
        "SamplingInterval=2000|SamplingInterval=0|Corrupt|positive, finite sampling rate",
        "SamplingInterval=2000|SamplingInterval=1e-320|Corrupt|positive, finite sampling rate",
        "SamplingInterval=2000|SamplingInterval=NaN|Corrupt|SamplingInterval='NaN' is not a number",
        "DataPoints=100|DataPoints=-5|Corrupt|DataPoints=-5 is outside",
        "DataPoints=100|DataPoints=99999999999999999999|Corrupt|is not an integer",
        "Ch2=E2,,0.5,µV|Ch2=E2,,abc,µV|Corrupt|channel 2 resolution 'abc' is not a number",
        "Ch2=E2,,0.5,µV|Ch2=E2,,1e999,µV|Corrupt|channel 2 resolution 1e999 is not finite",
        "Ch2=E2,,0.5,µV|Ch7=E2,,0.5,µV|Corrupt|Ch7 in section [Channel Infos] is outside 1..3",
        "Ch2=E2,,0.5,µV|Ch1=E2,,0.5,µV|Corrupt|key Ch1 appears twice",
        "Ch2=E2,,0.5,µV|Ch01=E2,,0.5,µV|Corrupt|channel 1 described twice",
        "Ch2=E2,,0.5,µV|Zz2=E2,,0.5,µV|Corrupt|expected Ch<number>",
        "Ch2=E2,,0.5,µV|Ch2 E2 0.5|Corrupt|expected key=value",
        "BinaryFormat=INT_16|BinaryFormat=INT_64|Unsupported|BinaryFormat='INT_64' is not supported",
        "DataFormat=BINARY|DataFormat=ASCII|Unsupported|DataFormat=ASCII",
        "DataOrientation=MULTIPLEXED|DataOrientation=DIAGONAL|Unsupported|DataOrientation='DIAGONAL'",
        "Codepage=UTF-8|Codepage=NO-SUCH-PAGE|Unsupported|unknown Codepage='NO-SUCH-PAGE'",
        "[Binary Infos]|[Binary Info]|Corrupt|missing section [Binary Infos]",
        "DataFile=bad.eeg|DataFile=bad.eeg<NL>DataFile=bad.eeg|Corrupt|key DataFile appears twice",
        "DataFile=bad.eeg|DataFile=nothere.eeg|Recording|data file 'nothere.eeg' named by DataFile= does not exist",
        "MarkerFile=bad.vmrk|MarkerFile=nothere.vmrk|Recording|marker file 'nothere.vmrk'",
        "Brain Vision Data Exchange Header File Version 1.0|Brain Vision Data Exchange Header File Version 3.0"
                + "|Unsupported|version 3.0 is not supported",
        "[Channel Infos]|[Common Infos]|Corrupt|section [Common Infos] appears twice",
    })
    void corruptedHeaderFields(String from, String to, String kind, String fragment) throws IOException {
        Path vhdr = withHeaderLine(from, to);
        Class<? extends RecordingException> type = switch (kind) {
            case "Corrupt" -> CorruptRecordingException.class;
            case "Unsupported" -> UnsupportedFormatException.class;
            default -> RecordingException.class;
        };
        fails(type, vhdr, "bad.vhdr", fragment);
    }

    @Test
    void corruptedCoordinates() {
        BrainVisionFixture f = new BrainVisionFixture();
        f.coordinateLines = java.util.List.of("Ch1=1,abc,3");
        fails(CorruptRecordingException.class, f.write(dir, "co"), "co.vhdr", "coordinates of channel 1: 'abc'");
        f.coordinateLines = java.util.List.of("Ch1=1,3");
        fails(CorruptRecordingException.class, f.write(dir, "co"), "co.vhdr", "expected radius,theta,phi");
        f.coordinateLines = java.util.List.of("Ch9=1,3,4");
        fails(CorruptRecordingException.class, f.write(dir, "co"), "co.vhdr", "Ch9 in section [Coordinates]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Mk2=Stimulus,S  1,abc,1,0|line 9: Mk2 position 'abc' is not an integer",
        "Mk2=Stimulus,S  1,99999999999999999999,1,0|is not an integer",
        "Mk2=Stimulus,S  1,5,-1,0|Mk2 length -1 is negative",
        "Mk2=Stimulus,S  1,5,1,99|Mk2 refers to channel 99 but the recording has 3 channels",
        "Mk2=Stimulus,S  1,5|Mk2 has 3 fields",
        "Mk2=New Segment,,5,1,0,20131399161403794232|not a valid date and time",
        "Mk2=New Segment,,5,1,0,2013111316|is not YYYYMMDDhhmmssuuuuuu",
        "Xx2=Stimulus,S  1,5,1,0|expected Mk<number>",
    })
    void corruptedMarkers(String line, String fragment) {
        BrainVisionFixture f = new BrainVisionFixture();
        f.markerLines = java.util.List.of("Mk1=New Segment,,1,1,0,20200102030405123456", line);
        fails(CorruptRecordingException.class, f.write(dir, "mk"), "mk.vmrk", fragment);
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        Path vhdr = new BrainVisionFixture().write(dir, "gone");
        Files.delete(dir.resolve("gone.eeg"));
        fails(RecordingException.class, vhdr, "gone.vhdr", "'gone.eeg'", "does not exist");
        vhdr = new BrainVisionFixture().write(dir, "nomk");
        Files.delete(dir.resolve("nomk.vmrk"));
        fails(RecordingException.class, vhdr, "nomk.vhdr", "'nomk.vmrk'", "does not exist");
        fails(RecordingException.class, dir.resolve("absent.vhdr"), "absent.vhdr", "does not exist");
    }

    /** A header cut inside its signature is no BrainVision header (cuts that leave it incomplete: the contract). */
    @Test
    void headerCutInsideTheSignature() throws IOException {
        Path vhdr = new BrainVisionFixture().write(dir, "cut");
        byte[] full = Files.readAllBytes(vhdr);
        for (int at : new int[] {0, "Brain Vision Data".length()}) {
            Files.write(vhdr, Arrays.copyOf(full, at));
            fails(UnsupportedFormatException.class, vhdr, "cut.vhdr", "not a BrainVision header");
        }
    }

    /**
     * A multiplexed data file with a partial frame, shorter than DataPoints says, is read as MNE reads it, with
     * warnings (vectorized files cut short lose channels: {@link BrainVisionContractTest#truncations}).
     */
    @Test
    void multiplexedDataCutShortIsReadWithWarnings() throws IOException {
        BrainVisionFixture f = new BrainVisionFixture();
        Path vhdr = f.write(dir, "cutd");
        Path eeg = dir.resolve("cutd.eeg");
        byte[] full = Files.readAllBytes(eeg);
        Files.write(eeg, Arrays.copyOf(full, 6 * 40 + 3));
        try (Recording r = BrainVisionReader.open(vhdr)) {
            assertEquals(40, r.channels().get(0).sampleCount());
            assertEquals(f.raw(2, 39) * 0.5e-6, r.readAll(2)[39]);
            String w = r.header().get("Warnings");
            assertTrue(w.contains("the last 3 bytes are ignored"), w);
            assertTrue(w.contains("DataPoints=100 but cutd.eeg holds only 40 samples"), w);
        }
    }

    @Test
    void notBrainVision() throws IOException {
        Path random = dir.resolve("random.vhdr");
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        noise[0] = 'x'; // not by chance a BOM or signature
        Files.write(random, noise);
        fails(UnsupportedFormatException.class, random, "random.vhdr", "not a BrainVision header");
        RecordingException e = assertThrows(RecordingException.class, () -> Recordings.open(random));
        assertTrue(e.getMessage().contains("random.vhdr"), e.getMessage());
        Path text = dir.resolve("notes.vhdr");
        Files.writeString(text, "[Common Infos]\nDataFile=x.eeg\n");
        fails(UnsupportedFormatException.class, text, "notes.vhdr", "'[Common Infos]'");
        // The signature followed by binary garbage.
        Path garbage = dir.resolve("garbage.vhdr");
        byte[] sig = "Brain Vision Data Exchange Header File Version 1.0\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] both = Arrays.copyOf(sig, sig.length + noise.length);
        System.arraycopy(noise, 0, both, sig.length, noise.length);
        Files.write(garbage, both);
        fails(CorruptRecordingException.class, garbage, "garbage.vhdr", "line ");
    }

    @Test
    void hugeHeaderIsRefusedBeforeReading() throws IOException {
        Path huge = dir.resolve("huge.vhdr");
        try (RandomAccessFile raf = new RandomAccessFile(huge.toFile(), "rw")) {
            raf.write("Brain Vision Data Exchange Header File Version 1.0\r\n".getBytes(StandardCharsets.US_ASCII));
            raf.setLength(200L << 20);
        }
        fails(CorruptRecordingException.class, huge, "huge.vhdr", "209715200 bytes");
    }

    /** Random damage to header and markers: opening and reading either works or raises a RecordingException. */
    @Test
    void mutationsGiveTypedErrorsOnly() throws IOException {
        BrainVisionFixture f = new BrainVisionFixture();
        f.coordinateLines = java.util.List.of("Ch1=1,90,0", "Ch2=1,45,45", "Ch3=0,0,0");
        Path vhdr = f.write(dir, "fz");
        Path vmrk = dir.resolve("fz.vmrk");
        byte[] header = Files.readAllBytes(vhdr);
        byte[] markers = Files.readAllBytes(vmrk);
        Random rnd = new Random(42);
        byte[] alphabet = "0123456789-,.=[]\r\n;eE+ \\1aZ\u00ff".getBytes(StandardCharsets.ISO_8859_1);
        int opened = 0;
        for (int k = 0; k < 400; k++) {
            boolean inHeader = rnd.nextBoolean();
            byte[] b = (inHeader ? header : markers).clone();
            int edits = 1 + rnd.nextInt(3);
            for (int i = 0; i < edits; i++) {
                int at = rnd.nextInt(b.length);
                b[at] = rnd.nextInt(4) == 0 ? (byte) rnd.nextInt(256) : alphabet[rnd.nextInt(alphabet.length)];
            }
            if (rnd.nextInt(5) == 0) {
                b = Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            Files.write(inHeader ? vhdr : vmrk, b);
            Files.write(inHeader ? vmrk : vhdr, inHeader ? markers : header);
            try (Recording r = BrainVisionReader.open(vhdr)) {
                for (int c = 0; c < r.channels().size(); c++) {
                    r.readAll(c);
                }
                opened++;
            } catch (RecordingException e) {
                String name = inHeader ? "fz.vhdr" : "fz.vmrk";
                assertTrue(e.getMessage().contains("fz."), "mutation " + k + ": " + e.getMessage());
                assertTrue(e.getMessage().contains(name) || e.getMessage().contains("fz.eeg"),
                        "mutation " + k + " of " + name + ": " + e.getMessage());
            } catch (RuntimeException e) {
                fail("mutation " + k + " of " + (inHeader ? "header" : "markers") + " raised " + e, e);
            }
        }
        assertTrue(opened > 0 && opened < 400, "mutations both pass and fail: " + opened);
    }
    /**
     * Found by the truncation sweep (issue 18): test.vhdr cut inside its last channel line ("Ch32=ReRef,,0.5,C" lost
     * its unit) opened, and read that channel in microvolts instead of its own unit. A header that ends inside an
     * entry is now refused; the same cut is replayed by {@code BrainVisionFuzzTest}'s
     * {@code fuzzHeader/regression-cut-inside-channel-line}.
     */
    @Test
    void aHeaderCutInsideAnEntryIsRefused() throws IOException {
        BrainVisionFixture f = new BrainVisionFixture();
        f.channelLines = java.util.List.of("Ch1=E1,,0.5,µV", "Ch2=E2,,0.5,µV", "Ch3=T,,0.5,C");
        Path vhdr = f.write(dir, "cut");
        String h = Files.readString(vhdr);
        String cut = h.substring(0, h.indexOf("Ch3=T,,0.5,") + "Ch3=T,,0.5,".length());
        Files.writeString(vhdr, cut);
        fails(CorruptRecordingException.class, vhdr, vhdr.toString(), "line " + cut.split("\r\n", -1).length,
                "Ch3=T,,0.5,", "cut short");
        // With its line end, the same entry is a channel whose unit is left out, read as microvolts.
        Files.writeString(vhdr, cut + "\r\n");
        try (Recording r = BrainVisionReader.open(vhdr)) {
            assertEquals("V", r.channels().get(2).unit());
        }
    }
    /**
     * A sampling interval so long that the recording's duration overflows to Infinity: the rate itself (about
     * 6e-303 Hz) is positive and finite, but 1.2 million samples at it last longer than any double. Before the
     * check the reader let core's Segment refuse the duration with an untyped IllegalArgumentException.
     */
    @Test
    void aSamplingIntervalWhoseDurationOverflowsIsRefused() throws IOException {
        BrainVisionFixture f = new BrainVisionFixture();
        f.samples = 1_200_000;
        Path vhdr = f.write(dir, "long");
        String h = Files.readString(vhdr);
        Files.writeString(vhdr, h.replace("SamplingInterval=2000", "SamplingInterval=1.7e308"));
        fails(CorruptRecordingException.class, vhdr, "long.vhdr", "SamplingInterval=1.7e308", "1200000 samples",
                "duration");
        // The same interval with 100 samples lasts 1.7e304 s: absurd but finite, so it opens.
        f.samples = 100;
        Path shortOne = f.write(dir, "short");
        Files.writeString(shortOne, Files.readString(shortOne).replace("SamplingInterval=2000",
                "SamplingInterval=1.7e308"));
        try (Recording r = BrainVisionReader.open(shortOne)) {
            assertEquals(1.7e304, r.segments().get(0).duration(), 1e290);
        }
    }
}
