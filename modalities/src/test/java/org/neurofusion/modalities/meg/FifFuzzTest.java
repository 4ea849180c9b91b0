package org.neurofusion.modalities.meg;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neurofusion.modalities.FuzzRules;

/** Fuzz target for raw FIF (tags, directory, measurement info, data buffers) through {@code Recordings.open}. */
class FifFuzzTest {
    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "fif.dict")
    void fuzzFif(byte[] data) {
        FifFuzzTest.check(data);
    }

    static void check(byte[] data) {
        FuzzRules.recording("input_raw.fif", data);
    }

    /**
     * Small raw files of {@link FifFixture}: float buffers with a directory; short buffers without one, with a
     * skip, annotations, a projector and a bad channel.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds() {
        FifFixture f = new FifFixture();
        f.bufferSamples = new int[] {20, 20, 7};
        FuzzRules.writeSeed(FifFuzzTest.class, "fuzzFif", "seed-float-directory", f.bytes().finish(true));
        f = new FifFixture();
        f.bufferSamples = new int[] {16, 16};
        f.dataType = FifConstants.T_SHORT;
        f.directory = false;
        f.skipsBefore.put(1, 1);
        f.annotations.add(new double[] {0.01, 0.02});
        f.descriptions.add("BAD blink");
        f.projector = true;
        f.bads = List.of("EEG 001");
        FuzzRules.writeSeed(FifFuzzTest.class, "fuzzFif", "seed-short-skip-annotations", f.bytes().finish(false));
    }
}
