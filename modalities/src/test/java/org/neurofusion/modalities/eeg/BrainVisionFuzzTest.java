package org.neurofusion.modalities.eeg;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz targets for BrainVision: a recording is three files, so each target fuzzes one of them (header, markers,
 * binary data) against valid others written by {@link BrainVisionFixture} (3 INT_16 channels, 100 samples,
 * multiplexed), and opens the header through {@code Recordings.open} under {@link FuzzRules}.
 */
class BrainVisionFuzzTest {
    private static final String BASE = "f";
    private static final BrainVisionFixture VALID = new BrainVisionFixture();
    private static final byte[] HEADER = VALID.header(BASE).getBytes(StandardCharsets.UTF_8);
    private static final byte[] MARKERS = VALID.markers(BASE).getBytes(StandardCharsets.UTF_8);
    private static final byte[] DATA = VALID.data();

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "brainvision.dict")
    void fuzzHeader(byte[] vhdr) {
        check(vhdr, MARKERS, DATA);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "brainvision.dict")
    void fuzzMarkers(byte[] vmrk) {
        check(HEADER, vmrk, DATA);
    }

    @FuzzTest(maxDuration = "5m")
    void fuzzData(byte[] eeg) {
        check(HEADER, MARKERS, eeg);
    }

    private static void check(byte[] vhdr, byte[] vmrk, byte[] eeg) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(BASE + ".vhdr", vhdr);
        files.put(BASE + ".vmrk", vmrk);
        files.put(BASE + ".eeg", eeg);
        FuzzRules.recording(files, BASE + ".vhdr");
    }

    /** The valid parts, and for the header also vectorized IEEE_FLOAT_32 big-endian and INT_32 variants. */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds() {
        FuzzRules.writeSeed(BrainVisionFuzzTest.class, "fuzzHeader", "seed-int16-multiplexed", HEADER);
        BrainVisionFixture v = new BrainVisionFixture();
        v.orientation = "VECTORIZED";
        v.binaryFormat = "IEEE_FLOAT_32";
        v.bigEndian = true;
        v.coordinateLines = List.of("Ch1=1,0,0", "Ch2=1,90,90", "Ch3=1,45,45");
        FuzzRules.writeSeed(BrainVisionFuzzTest.class, "fuzzHeader", "seed-float32-vectorized-be",
                v.header(BASE).getBytes(StandardCharsets.UTF_8));
        v = new BrainVisionFixture();
        v.binaryFormat = "INT_32";
        v.writeDataPoints = false;
        FuzzRules.writeSeed(BrainVisionFuzzTest.class, "fuzzHeader", "seed-int32",
                v.header(BASE).getBytes(StandardCharsets.UTF_8));
        FuzzRules.writeSeed(BrainVisionFuzzTest.class, "fuzzMarkers", "seed-markers", MARKERS);
        FuzzRules.writeSeed(BrainVisionFuzzTest.class, "fuzzData", "seed-int16", DATA);
    }
}
