package org.neurofusion.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The fusion and imputation specs: presets, JSON round trips, and every refusal naming field, value and rule. */
class FusionSpecTest {
    static final EncoderSpec EEG = EncoderSpec.tiny("eeg", 400, 100);
    static final EncoderSpec FNIRS = EncoderSpec.tiny("fnirs", 100, 10).withQueries(4);
    static final FusionSpec.Input EEG_IN = new FusionSpec.Input("eeg", 16, 32, 4);
    static final FusionSpec.Input FNIRS_IN = new FusionSpec.Input("fnirs", 10, 24);

    @Test
    void inputsComeFromEncoderSpecsAndPresetsHoldTheDocumentedNumbers() {
        assertEquals(new FusionSpec.Input("eeg", 64, 64, 8), FusionSpec.Input.of(EEG)); // 8 patches x 8 queries
        assertEquals(new FusionSpec.Input("fnirs", 20, 64, 4), FusionSpec.Input.of(FNIRS)); // 5 x 4
        FusionSpec tiny = FusionSpec.tiny(List.of(FusionSpec.Input.of(EEG), FusionSpec.Input.of(FNIRS)), 4);
        assertEquals(new FusionSpec(tiny.inputs(), 64, 2, 4, 2, 4, 0.1), tiny);
        assertEquals(2, tiny.modalities());
        assertEquals(1 + 64 + 20, tiny.sequenceLength());
        assertEquals(0, tiny.index("eeg"));
        assertEquals(1, tiny.index("fnirs"));
        assertMessage("no input 'meg'; its inputs are [eeg, fnirs]", () -> tiny.index("meg"));

        ImputationSpec imp = ImputationSpec.tiny(EEG, FNIRS, 32);
        assertEquals(new ImputationSpec("eeg", 64, 64, "fnirs", 20, 64, 32, 64, 2, 4, 2, 0.1), imp);
    }

    @Test
    void fusionSpecJsonRoundTripKeepsEveryField() {
        FusionSpec spec = new FusionSpec(List.of(EEG_IN, FNIRS_IN, new FusionSpec.Input("meg", 7, 5)), 48, 3, 6, 3,
                5, 0.25);
        String json = spec.toJson();
        assertEquals(spec, FusionSpec.fromJson(json));
        assertTrue(json.contains("\"modality\" : \"meg\""), json);
        assertTrue(json.contains("\"dropout\" : 0.25"), json);
        assertTrue(json.contains("\"queries\" : 4"), json);
        assertEquals(4, FusionSpec.fromJson(json).inputs().get(0).steps());
    }

    @Test
    void fusionSpecRefusesBadFieldsNamingThem() {
        List<FusionSpec.Input> two = List.of(EEG_IN, FNIRS_IN);
        assertMessage("inputs [] must list at least one", () -> new FusionSpec(List.of(), 8, 1, 2, 2, 2, 0));
        assertMessage("inputs null must list", () -> new FusionSpec(null, 8, 1, 2, 2, 2, 0));
        List<FusionSpec.Input> withNull = new ArrayList<>(two);
        withNull.add(null);
        assertMessage("inputs[2] is null", () -> new FusionSpec(withNull, 8, 1, 2, 2, 2, 0));
        assertMessage("inputs[2] modality 'eeg' repeats inputs[0]",
                () -> new FusionSpec(List.of(EEG_IN, FNIRS_IN, new FusionSpec.Input("eeg", 3, 3)), 8, 1, 2, 2, 2, 0));
        assertMessage("width 0 must be positive", () -> new FusionSpec(two, 0, 1, 2, 2, 2, 0));
        assertMessage("depth -1 must be positive", () -> new FusionSpec(two, 8, -1, 2, 2, 2, 0));
        assertMessage("heads 0 must be positive", () -> new FusionSpec(two, 8, 1, 0, 2, 2, 0));
        assertMessage("mlpRatio 0 must be positive", () -> new FusionSpec(two, 8, 1, 2, 0, 2, 0));
        assertMessage("heads 3 do not divide width 8", () -> new FusionSpec(two, 8, 1, 3, 2, 2, 0));
        assertMessage("classes 1 must be at least 2", () -> new FusionSpec(two, 8, 1, 2, 2, 1, 0));
        assertMessage("dropout 1.0 must be in [0, 1)", () -> new FusionSpec(two, 8, 1, 2, 2, 2, 1.0));
        assertMessage("dropout NaN", () -> new FusionSpec(two, 8, 1, 2, 2, 2, Double.NaN));
        assertMessage("input modality 'EEG' must be a lower-case name", () -> new FusionSpec.Input("EEG", 1, 1));
        assertMessage("input modality 'null'", () -> new FusionSpec.Input(null, 1, 1));
        assertMessage("input 'eeg' tokens 0 must be positive", () -> new FusionSpec.Input("eeg", 0, 1));
        assertMessage("input 'eeg' width -2 must be positive", () -> new FusionSpec.Input("eeg", 1, -2));
        assertMessage("input 'eeg' queries 3 must be positive and divide its 16 tokens",
                () -> new FusionSpec.Input("eeg", 16, 8, 3));
        assertMessage("input 'eeg' queries 0 must be positive", () -> new FusionSpec.Input("eeg", 16, 8, 0));
        assertMessage("needs an encoder spec", () -> FusionSpec.Input.of(null));
    }

    @Test
    void fusionSpecRefusesBadJson() {
        String good = new FusionSpec(List.of(EEG_IN, FNIRS_IN), 8, 1, 2, 2, 3, 0).toJson();
        assertMessage("heads 3 do not divide", () -> FusionSpec.fromJson(good.replace("\"heads\" : 2", "\"heads\" : 3")));
        assertMessage("classes", () -> FusionSpec.fromJson(good.replace("\"classes\" : 3,", "")));
        // a spec written before inputs had queries names the missing field
        assertMessage("queries", () -> FusionSpec.fromJson(good.replace(",\n    \"queries\" : 4", "")));
        assertMessage("extra", () -> FusionSpec.fromJson(good.replace("{", "{\"extra\" : 1,")));
        // inside an input: a missing width and an unknown field are refused too
        assertMessage("width", () -> FusionSpec.fromJson(good.replace("\"tokens\" : 16,\n    \"width\" : 32",
                "\"tokens\" : 16")));
        assertMessage("colour", () -> FusionSpec.fromJson(good.replace("\"tokens\" : 16,",
                "\"tokens\" : 16, \"colour\" : 2,")));
        assertMessage("repeats inputs[0]", () -> FusionSpec.fromJson(good.replace("\"fnirs\"", "\"eeg\"")));
        assertMessage("invalid", () -> FusionSpec.fromJson("{"));
        assertMessage("JSON is null", () -> FusionSpec.fromJson(null));
    }

    @Test
    void imputationSpecJsonRoundTripAndRefusals() {
        ImputationSpec spec = new ImputationSpec("eeg", 12, 20, "fnirs", 6, 10, 16, 24, 3, 6, 3, 0.3);
        assertEquals(spec, ImputationSpec.fromJson(spec.toJson()));
        String good = spec.toJson();
        assertMessage("latentDim", () -> ImputationSpec.fromJson(good.replace("\"latentDim\" : 16,", "")));
        assertMessage("extra", () -> ImputationSpec.fromJson(good.replace("{", "{\"extra\" : 1,")));
        assertMessage("heads 5 do not divide width 24",
                () -> ImputationSpec.fromJson(good.replace("\"heads\" : 6", "\"heads\" : 5")));
        assertMessage("invalid", () -> ImputationSpec.fromJson("[1]"));
        assertMessage("JSON is null", () -> ImputationSpec.fromJson(null));

        assertMessage("kept 'Eeg' must be a lower-case", () -> new ImputationSpec("Eeg", 1, 1, "fnirs", 1, 1, 1, 8, 1,
                2, 1, 0));
        assertMessage("missing 'null'", () -> new ImputationSpec("eeg", 1, 1, null, 1, 1, 1, 8, 1, 2, 1, 0));
        assertMessage("kept and missing are both 'eeg'", () -> new ImputationSpec("eeg", 1, 1, "eeg", 1, 1, 1, 8, 1,
                2, 1, 0));
        assertMessage("keptTokens 0", () -> new ImputationSpec("eeg", 0, 1, "fnirs", 1, 1, 1, 8, 1, 2, 1, 0));
        assertMessage("keptWidth 0", () -> new ImputationSpec("eeg", 1, 0, "fnirs", 1, 1, 1, 8, 1, 2, 1, 0));
        assertMessage("missingTokens 0", () -> new ImputationSpec("eeg", 1, 1, "fnirs", 0, 1, 1, 8, 1, 2, 1, 0));
        assertMessage("missingWidth 0", () -> new ImputationSpec("eeg", 1, 1, "fnirs", 1, 0, 1, 8, 1, 2, 1, 0));
        assertMessage("latentDim 0", () -> new ImputationSpec("eeg", 1, 1, "fnirs", 1, 1, 0, 8, 1, 2, 1, 0));
        assertMessage("width 0", () -> new ImputationSpec("eeg", 1, 1, "fnirs", 1, 1, 1, 0, 1, 2, 1, 0));
        assertMessage("depth 0", () -> new ImputationSpec("eeg", 1, 1, "fnirs", 1, 1, 1, 8, 0, 2, 1, 0));
        assertMessage("heads 0", () -> new ImputationSpec("eeg", 1, 1, "fnirs", 1, 1, 1, 8, 1, 0, 1, 0));
        assertMessage("mlpRatio 0", () -> new ImputationSpec("eeg", 1, 1, "fnirs", 1, 1, 1, 8, 1, 2, 0, 0));
        assertMessage("dropout -0.5", () -> new ImputationSpec("eeg", 1, 1, "fnirs", 1, 1, 1, 8, 1, 2, 1, -0.5));
        assertMessage("needs both encoder specs", () -> ImputationSpec.tiny(EEG, null, 8));
    }

    static void assertMessage(String part, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), "message '" + x.getMessage() + "' lacks '" + part + "'");
    }
}
