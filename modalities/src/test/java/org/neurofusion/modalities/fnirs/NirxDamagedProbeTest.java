package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.Recordings;

/**
 * The probe files of the NIRx fuzz findings (issue 18), beside an otherwise valid recording of {@link NirxFiles}:
 * MFL reserved what a damaged tag inside the compressed variable claimed (an OutOfMemoryError under a 256 MB heap);
 * the sizes are now checked against the data first and the error names the probe file, the byte and the claim.
 * Both inputs are our own probe with one tag changed; the fuzzer found the first kind in a shared probe file.
 */
class NirxDamagedProbeTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({
        "regression-field-names-claim-336-MB, inflated byte 72 of the compressed variable: an element of data type 1"
            + " claims 336860180 bytes",
        "regression-matrix-data-claim-660-MB, inflated byte 552 of the compressed variable: an element of data type 9"
            + " claims 692060160 bytes",
    })
    void aProbeWhoseTagClaimsHundredsOfMegabytesIsRefusedBeforeMflReservesThem(String input, String problem)
            throws IOException {
        for (Map.Entry<String, byte[]> f : NirxFiles.nirStar().entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
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
