package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
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

/**
 * Damaged copies of real folders: each raises a typed error naming the file and the line or field (cut data
 * files: {@link NirxContractTest}).
 */
class NirxBadInputTest {
    @TempDir
    Path dir;

    /** Opens and reads everything; the error may come from either, as long as it is typed and precise. */
    private static <T extends RecordingException> T fails(Class<T> type, Path folder, String... fragments) {
        RecordingException e = assertThrows(RecordingException.class, () -> {
            try (Recording r = NirxReader.open(folder)) {
                for (int c = 0; c < r.channels().size(); c++) {
                    r.readAll(c);
                }
            }
        });
        assertInstanceOf(type, e, e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        return type.cast(e);
    }

    @ParameterizedTest
    @CsvSource({".hdr,Unsupported", ".wl1,Corrupt", ".wl2,Corrupt", "_probeInfo.mat,Corrupt", "_config.txt,Corrupt"})
    void aMissingFileIsNamedWithItsFolder(String suffix, String type) throws IOException {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        Files.delete(NirxFixture.file(folder, suffix));
        String pattern = suffix.startsWith("_") ? suffix.substring(1) : suffix;
        Class<? extends RecordingException> expected = type.equals("Corrupt") ? CorruptRecordingException.class
                : UnsupportedFormatException.class;
        fails(expected, folder, folder.toString(), "missing", "*" + pattern);
    }

    @Test
    void aFolderWithoutHeaderIsNoRecordingForRecordingsOpen() throws IOException {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        Files.delete(NirxFixture.file(folder, ".hdr"));
        assertThrows(UnsupportedFormatException.class, () -> Recordings.open(folder));
    }

    @Test
    void aWl2WithAColumnCutIsNamedWithTheLine() {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        NirxFixture.edit(folder, ".wl2", s -> {
            String[] lines = s.split("\n", -1);
            lines[6] = lines[6].strip().replaceAll(" \\S+$", "");
            return String.join("\n", lines);
        });
        fails(CorruptRecordingException.class, folder, ".wl2", "line 7 has 79 values", "80");
    }

    @Test
    void aWl1WithAnExtraColumnIsNamedWithTheLine() {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        NirxFixture.edit(folder, ".wl1", s -> s.replaceFirst("\n", " 0.5\n"));
        fails(CorruptRecordingException.class, folder, ".wl1", "line 1 has more than the 80 values");
    }

    @ParameterizedTest
    @CsvSource({"abc", "1.2.3", "0x", "--1"})
    void aNonNumericValueIsNamedWithLineAndColumn(String garbage) {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        // Column 9 of line 3 is S1_D9, a channel the probe selects.
        NirxFixture.edit(folder, ".wl2", s -> NirxFixture.replaceValue(s, 3, 9, garbage));
        fails(CorruptRecordingException.class, folder, ".wl2", "line 3, column 9", "'" + garbage + "'");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Sources=5|Sources=2147483647|Sources=2147483647 is outside",
        "Sources=5|Sources=-1|Sources=-1 is outside",
        "Detectors=16|Detectors=99999999999999999999|is not an integer",
        "Sources=5|Sources=6|S-D-Key lists 80 source-detector combinations, but Sources=6",
        "SamplingRate=12.500000|SamplingRate=abc|SamplingRate='abc' is not a number",
        "SamplingRate=12.500000|SamplingRate=0|SamplingRate=0 is not a positive",
        "SamplingRate=12.500000|SamplingRate=NaN|SamplingRate=NaN is not a positive",
        "1-1:1,|17-1:1,|S-D-Key names optode 17, outside the Sources=5",
        "Wavelengths=\"760\t850\"|Wavelengths=\"760\tabc\"|wavelength 'abc'",
    })
    void absurdHeaderFieldsAreNamed(String from, String to, String fragment) {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        NirxFixture.edit(folder, ".hdr", s -> {
            assertTrue(s.contains(from), from);
            return s.replace(from, to);
        });
        fails(CorruptRecordingException.class, folder, ".hdr", fragment);
    }

    @Test
    void anUnclosedQuoteInTheHeaderIsNamedWithItsLine() {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        NirxFixture.edit(folder, ".hdr", s -> s + "\n[Extra]\nBroken=\"never closed\n");
        fails(CorruptRecordingException.class, folder, ".hdr", "quoted value of 'broken' is never closed");
    }

    @Test
    void moreThanTwoWavelengthsAreUnsupported() {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        NirxFixture.edit(folder, ".hdr", s -> s.replace("Wavelengths=\"760\t850\"", "Wavelengths=\"760\t805\t850\""));
        fails(UnsupportedFormatException.class, folder, ".hdr", "3 wavelengths");
    }

    @Test
    void aHeaderCountTheDataCannotHoldIsRefusedBeforeAllocating() {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        // 145 lines of 80 values cannot fit in a 600-byte file that still has 145 lines.
        NirxFixture.edit(folder, ".wl1", s -> "1\n".repeat(145));
        fails(CorruptRecordingException.class, folder, ".wl1", "cannot hold 145 lines of the 80 values");
    }

    @Test
    void aCorruptProbeFileIsNamed() throws IOException {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        Path mat = NirxFixture.file(folder, "_probeInfo.mat");
        byte[] b = Files.readAllBytes(mat);
        Files.write(mat, Arrays.copyOf(b, b.length / 2));
        fails(CorruptRecordingException.class, folder, "_probeInfo.mat");
        byte[] garbage = new byte[b.length];
        new Random(3).nextBytes(garbage);
        System.arraycopy(b, 0, garbage, 0, 128);
        Files.write(mat, garbage);
        fails(CorruptRecordingException.class, folder, "_probeInfo.mat");
        Files.writeString(mat, "not a MATLAB file at all");
        fails(CorruptRecordingException.class, folder, "_probeInfo.mat");
    }

    @Test
    void aProbeFromAnotherMontageIsNamed() throws IOException {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        Path other = NirxFixture.file(NirxFixture.copy(NirxFixture.AURORA, dir.resolve("other")), "_probeInfo.mat");
        Files.copy(other, NirxFixture.file(folder, "_probeInfo.mat"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        fails(CorruptRecordingException.class, folder, "_probeInfo.mat", "S6_D3 is not among");
    }

    @Test
    void aBadEventLineIsNamed() {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        NirxFixture.edit(folder, ".evt", s -> s.replaceFirst("59\t0\t1", "59\t0\t2"));
        fails(CorruptRecordingException.class, folder, ".evt", "line 2, column 3", "not 0 or 1");
    }

    /**
     * The shared NIRScout file's events are {@code 33 1 0 0 0 0 0 0 0}, {@code 59 0 1 0 ...}, ... (eight trigger
     * inputs). A file cut inside a line, or a line that lost bits, would read its missing bits as 0: another trigger
     * value, a silent wrong event (MNE reads it so). Both are refused, naming the line.
     */
    @Test
    void anEventFileCutInsideALineIsRefusedNotReadAsAnotherTrigger() throws IOException {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        Path evt = NirxFixture.file(folder, ".evt");
        String whole = Files.readString(evt, java.nio.charset.StandardCharsets.ISO_8859_1);
        String[] lines = whole.split("\r\n");
        // cut after the second line's frame and first bit: "59\t0"
        Files.writeString(evt, lines[0] + "\r\n" + lines[1].substring(0, lines[1].indexOf('\t', 3)),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        fails(CorruptRecordingException.class, folder, ".evt", "line 2", "1 trigger bits, but line 1 has 8");
        // the first line alone, cut after its fourth bit and without a line end
        Files.writeString(evt, lines[0].substring(0, 8), java.nio.charset.StandardCharsets.ISO_8859_1);
        fails(CorruptRecordingException.class, folder, ".evt", "line 1", "without a line end");
        // whole lines without the last line end are a cut too: the last bit may have been a longer number
        Files.writeString(evt, whole.strip(), java.nio.charset.StandardCharsets.ISO_8859_1);
        fails(CorruptRecordingException.class, folder, ".evt", "line " + lines.length, "without a line end");
        // a file of whole lines, each ended, is a file of fewer events
        Files.writeString(evt, lines[0] + "\r\n", java.nio.charset.StandardCharsets.ISO_8859_1);
        try (var r = NirxReader.open(folder)) {
            assertEquals(1, r.annotations().size());
            assertEquals("3.0", r.annotations().get(0).description(), "bits 1 1 0 ...: trigger 3");
        }
    }

    /** Aurora's trigger file cut inside its last line's trigger value would read another value: refused. */
    @Test
    void aTriggerFileCutInsideItsLastLineIsRefused() throws IOException {
        Path folder = NirxFixture.copy(NirxFixture.AURORA, dir);
        Path tri = NirxFixture.file(folder, ".tri");
        String whole = Files.readString(tri, java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.writeString(tri, whole.strip(), java.nio.charset.StandardCharsets.ISO_8859_1);
        long lines = whole.strip().lines().count();
        fails(CorruptRecordingException.class, folder, ".tri", "line " + lines, "without a line end");
    }

    @Test
    void aBadTriggerLineIsNamed() {
        Path folder = NirxFixture.copy(NirxFixture.AURORA, dir);
        NirxFixture.edit(folder, ".tri", s -> s.replaceFirst(";434;2", ";434"));
        fails(CorruptRecordingException.class, folder, ".tri", "line 2");
    }

    @Test
    void twoDataFilesOfOneWavelengthAreNamed() throws IOException {
        Path folder = NirxFixture.copy(NirxFixture.W_SHORT, dir);
        Path wl1 = NirxFixture.file(folder, ".wl1");
        Files.copy(wl1, folder.resolve("nosatflags_" + wl1.getFileName()));
        fails(CorruptRecordingException.class, folder, "2 wavelength-1 data files", "nosatflags_");
    }

    @Test
    void anAuroraChannelListOutsideTheOptodeCountIsNamed() {
        Path folder = NirxFixture.copy(NirxFixture.AURORA, dir);
        NirxFixture.edit(folder, ".hdr", s -> s.replace("7-4, 7-6", "7-4, 9-6"));
        fails(CorruptRecordingException.class, folder, "_config.hdr", "Channel indices names optode 9");
    }

    @Test
    void aPathThatDoesNotExistIsNamed() {
        Path missing = dir.resolve("nowhere").resolve("x.hdr");
        RecordingException e = assertThrows(RecordingException.class, () -> NirxReader.open(missing));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
