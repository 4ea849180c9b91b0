package org.neurofusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * One-mode specs keep the JSON they had before specs had parts, byte for byte: that JSON keys window stores, so a
 * change would rebuild every store. Only the one-mode API is used here.
 */
class WindowingSpecLegacyJsonTest {
    static final String EVENTS = "{\"mode\":\"events\",\"labels\":{\"left\":0,\"right\":1},\"modalities\":{\"eeg\":"
            + "{\"length_s\":4.0,\"offset_s\":0.5,\"rate\":100.0,\"pipeline\":[{\"name\":\"filter\",\"parameters\":"
            + "{\"l_freq\":\"8.0\",\"h_freq\":\"30.0\",\"method\":\"fir\"}}]},\"fnirs\":{\"length_s\":10.0,\"offset_s\":2.0,"
            + "\"pipeline\":[]}}}";
    static final String SLIDING = "{\"mode\":\"sliding\",\"stride_s\":2.5,\"labels\":{},\"modalities\":{\"eeg\":"
            + "{\"length_s\":5.0,\"offset_s\":0.0,\"pipeline\":[]}}}";

    @Test
    void oneModeSpecsWriteTheirOriginalJson() {
        assertEquals(EVENTS, WindowingSpec.fromJson("{\"mode\": \"events\", \"labels\": {\"left\": 0, \"right\": 1},"
                + " \"modalities\": {\"eeg\": {\"length_s\": 4, \"offset_s\": 0.5, \"rate\": 100, \"pipeline\":"
                + " [{\"name\": \"filter\", \"parameters\": {\"l_freq\": \"8\", \"h_freq\": \"30\", \"method\":"
                + " \"fir\"}}]}, \"fnirs\": {\"length_s\": 10, \"offset_s\": 2}}}").toJson());
        assertEquals(EVENTS, WindowingSpec.fromJson(EVENTS).toJson());
        // No mode means events, as before.
        assertEquals(EVENTS, WindowingSpec.fromJson(EVENTS.replace("\"mode\":\"events\",", "")).toJson());
        assertEquals(SLIDING, WindowingSpec.fromJson("{\"mode\": \"sliding\", \"stride_s\": 2.5, \"modalities\":"
                + " {\"eeg\": {\"length_s\": 5}}}").toJson());
        assertEquals(SLIDING, WindowingSpec.fromJson(SLIDING).toJson());
    }

    /**
     * Refusals of the one-mode form and of a modality's window say they come from the windowing spec and where in it
     * (found by fuzzing: a one-mode sliding spec without stride_s was refused as "a sliding part needs a positive
     * stride", naming neither; regression input
     * WindowingSpecFuzzTestInputs/fuzzWindowingSpec/regression-one-mode-sliding-without-stride).
     */
    @Test
    void refusalsSayWhereInTheSpec() {
        assertRefused("windowing spec: a sliding part needs a positive stride, got 0.0",
                "{\"mode\": \"sliding\", \"modalities\": {\"eeg\": {\"length_s\": 5}}}");
        assertRefused("windowing spec: label of event 'a' must be non-negative",
                "{\"labels\": {\"a\": -1}, \"modalities\": {\"eeg\": {\"length_s\": 5}}}");
        assertRefused("windowing spec, modality 'eeg': EEG: window length must be positive, got 0.0",
                "{\"mode\": \"sliding\", \"stride_s\": 1, \"modalities\": {\"eeg\": {\"length_s\": 0}}}");
        assertRefused("windowing spec, modality 'fnirs': pipeline step 0 (nope): unknown preprocessing step 'nope'",
                "{\"mode\": \"sliding\", \"stride_s\": 1, \"modalities\": {\"fnirs\": {\"length_s\": 5,"
                        + " \"pipeline\": [{\"name\": \"nope\"}]}}}");
    }

    /**
     * A misspelt or mistyped field used to read as its default: {@code "ofset_s": 0.5} as offset 0, {@code "offset_s":
     * "0.5s"} as 0, a top-level {@code "strides_s"} ignored. Each is now refused, naming the field and where it is.
     */
    @Test
    void misspeltOrMistypedFieldsAreRefusedNotReadAsDefaults() {
        assertRefused("windowing spec, modality 'eeg': unknown field 'ofset_s' (fields: [length_s, offset_s,"
                + " pipeline, rate])", "{\"mode\": \"sliding\", \"stride_s\": 1, \"modalities\": {\"eeg\": {\"length_s\": 5, \"ofset_s\": 0.5}}}");
        assertRefused("windowing spec, modality 'eeg': offset_s must be a number, got \"0.5s\"",
                "{\"mode\": \"sliding\", \"stride_s\": 1, \"modalities\": {\"eeg\": {\"length_s\": 5, \"offset_s\": \"0.5s\"}}}");
        assertRefused("windowing spec, modality 'eeg': length_s must be a number, got \"5\"",
                "{\"mode\": \"sliding\", \"stride_s\": 1, \"modalities\": {\"eeg\": {\"length_s\": \"5\"}}}");
        assertRefused("windowing spec, modality 'fnirs': rate must be a number, got null",
                "{\"mode\": \"sliding\", \"stride_s\": 1, \"modalities\": {\"fnirs\": {\"length_s\": 5, \"rate\": null}}}");
        assertRefused("windowing spec, modality 'eeg': must be an object with length_s",
                "{\"mode\": \"sliding\", \"stride_s\": 1, \"modalities\": {\"eeg\": 5}}");
        assertRefused("windowing spec: unknown field 'strides_s' (fields: [labels, modalities, mode, parts,"
                + " stride_s])", "{\"mode\": \"sliding\", \"strides_s\": 2, \"modalities\": {\"eeg\":"
                + " {\"length_s\": 5}}}");
        assertRefused("windowing spec: stride_s must be a number, got \"2\"",
                "{\"mode\": \"sliding\", \"stride_s\": \"2\", \"modalities\": {\"eeg\": {\"length_s\": 5}}}");
        // what the writer writes still reads: the one-mode form with both labels and stride_s, numbers as numbers
        WindowingSpec ok = WindowingSpec.fromJson("{\"mode\": \"sliding\", \"stride_s\": 2, \"labels\": {},"
                + " \"modalities\": {\"eeg\": {\"length_s\": 5, \"offset_s\": 0.5, \"rate\": 100,"
                + " \"pipeline\": []}}}");
        assertEquals(0.5, ok.modalities().get(org.neurofusion.core.Modality.EEG).offset());
    }

    private static void assertRefused(String message, String json) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowingSpec.fromJson(json));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}
