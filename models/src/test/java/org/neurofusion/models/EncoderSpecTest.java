package org.neurofusion.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EncoderSpecTest {
    private static final EncoderSpec EEG = EncoderSpec.tiny("eeg", 400, 100);

    @Test
    void presetsChooseWholePatches() {
        assertEquals(50, EEG.patchSamples());
        assertEquals(8, EEG.patches());
        EncoderSpec fnirs = EncoderSpec.tiny("fnirs", 100, 10);
        assertEquals(20, fnirs.patchSamples());
        assertEquals(5, fnirs.patches());
        assertEquals(10.0, fnirs.windowSeconds());
        assertEquals(125, EncoderSpec.patchFor(1000, 8));
        assertEquals(1, EncoderSpec.patchFor(7, 8)); // shorter than the patch count: one sample per patch
        assertEquals(101, EncoderSpec.patchFor(101, 8)); // a prime: one patch
        assertEquals(100, EncoderSpec.base("eeg", 1000, 250).patchSamples()); // 10 patches: 63..99 do not divide
    }

    @Test
    void jsonRoundTripKeepsEveryField() {
        EncoderSpec spec = new EncoderSpec("fnirs", 150, 7.8125, 15, 4.5, 48, 3, 6, 5, 32, 3, 7, 0.25);
        String json = spec.toJson();
        assertEquals(spec, EncoderSpec.fromJson(json));
        assertTrue(json.contains("\"lagSeconds\" : 4.5"), json);
        assertEquals(EEG.withLagSeconds(6), EncoderSpec.fromJson(EEG.withLagSeconds(6).toJson()));
    }

    @Test
    void refusesBadSpecsNamingTheField() {
        assertMessage("not a multiple", () -> new EncoderSpec("eeg", 400, 100, 30, 0, 64, 2, 4, 8, 64, 2, 8, 0.1));
        assertMessage("heads do not divide width", () -> new EncoderSpec("eeg", 400, 100, 50, 0, 64, 2, 5, 8, 64, 2, 8,
                0.1));
        assertMessage("dropout -0.1", () -> EEG.withDropout(-0.1));
        assertMessage("dropout 1.0", () -> EEG.withDropout(1.0));
        assertMessage("lagSeconds -1", () -> EEG.withLagSeconds(-1));
        assertMessage("queries 0", () -> EEG.withQueries(0));
        assertMessage("sampleRate NaN", () -> new EncoderSpec("eeg", 400, Double.NaN, 50, 0, 64, 2, 4, 8, 64, 2, 8, 0));
        assertMessage("modality 'EEG'", () -> EncoderSpec.tiny("EEG", 400, 100));
        assertMessage("modality 'null'", () -> EncoderSpec.tiny(null, 400, 100));
        assertMessage("depth 0", () -> new EncoderSpec("eeg", 400, 100, 50, 0, 64, 0, 4, 8, 64, 2, 8, 0));
    }

    @Test
    void refusesBadJson() {
        String good = EEG.toJson();
        assertMessage("heads do not divide", () -> EncoderSpec.fromJson(good.replace("\"heads\" : 4", "\"heads\" : 3")));
        assertMessage("queries", () -> EncoderSpec.fromJson(good.replace("\"queries\" : 8,", "")));
        assertMessage("extra", () -> EncoderSpec.fromJson(good.replace("{", "{\"extra\" : 1,")));
        assertMessage("invalid", () -> EncoderSpec.fromJson("{"));
        assertMessage("null", () -> EncoderSpec.fromJson(null));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), "message '" + x.getMessage() + "' lacks '" + part + "'");
    }
}
