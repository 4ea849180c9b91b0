package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.Recordings;

/**
 * The NIRx fuzz findings (issue 18), each a damaged file beside an otherwise valid recording of {@link NirxFiles}.
 * Probe files: MFL reserved what a damaged tag inside the compressed variable claimed (an OutOfMemoryError under a
 * 256 MB heap); the sizes are now checked against the data first and the error names the probe file, the byte and
 * the claim. Both probe inputs are our own probe with one tag changed; the fuzzer found the first kind in a shared
 * probe file. A sampling rate so small that the recording's times overflow made the recording's segment (or an
 * event's onset) infinite, which the core types refuse with an untyped IllegalArgumentException.
 */
class NirxDamagedFilesTest {
    @TempDir
    Path dir;

    private Path write(Map<String, byte[]> files) throws IOException {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
        return dir.resolve(files.keySet().iterator().next());
    }

    private static CorruptRecordingException refused(Path header) {
        return assertThrows(CorruptRecordingException.class, () -> {
            try (Recording r = Recordings.open(header)) {
                r.segments();
                r.readAll(0);
            }
        });
    }

    @Test
    void aSamplingRateAtWhichTheRecordingLastsForeverIsRefused() throws IOException {
        Map<String, byte[]> files = NirxFiles.nirStar();
        files.put(NirxFiles.HDR, NirxFiles.latin1(NirxFiles.nirStarHeader().replace("SamplingRate=7.812500",
                "SamplingRate=1e-320")));
        Path header = write(files);
        CorruptRecordingException e = refused(header);
        assertEquals(header, e.file());
        assertTrue(e.getMessage().contains("gives the 6 samples of " + NirxFiles.WL1 + " a duration of Infinity s"),
                e.getMessage());
    }

    @Test
    void anEventFrameThatIsNoFiniteTimeAtTheSamplingRateIsRefused() throws IOException {
        Map<String, byte[]> files = NirxFiles.nirStar();
        files.put(NirxFiles.HDR, NirxFiles.latin1(NirxFiles.nirStarHeader().replace("SamplingRate=7.812500",
                "SamplingRate=1e-307")));
        files.put(NirxFiles.EVT, NirxFiles.latin1("2\t1\t0\n999999999999999\t0\t1\n"));
        CorruptRecordingException e = refused(write(files));
        assertEquals(dir.resolve(NirxFiles.EVT), e.file());
        assertTrue(e.getMessage().contains("line 2: frame 999999999999999 at the header's sampling rate of 1.0E-307 Hz"
                + " is not a finite time"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({
        "regression-field-names-claim-336-MB, inflated byte 72 of the compressed variable: an element of data type 1"
            + " claims 336860180 bytes",
        "regression-matrix-data-claim-660-MB, inflated byte 552 of the compressed variable: an element of data type 9"
            + " claims 692060160 bytes",
    })
    void aProbeWhoseTagClaimsHundredsOfMegabytesIsRefusedBeforeMflReservesThem(String input, String problem)
            throws IOException {
        write(NirxFiles.nirStar());
        Path probe = dir.resolve(NirxFiles.PROBE);
        try (InputStream in = getClass().getResourceAsStream("NirxFuzzTestInputs/fuzzProbe/" + input)) {
            Files.write(probe, in.readAllBytes());
        }
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> {
            try (Recording r = Recordings.open(dir.resolve(NirxFiles.HDR))) {
                r.readAll(0);
            }
        });
        assertEquals(probe, e.file());
        assertEquals(128, e.offset());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
