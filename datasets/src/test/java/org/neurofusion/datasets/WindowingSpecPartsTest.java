package org.neurofusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.neurofusion.core.Modality;
import org.neurofusion.modalities.signal.Pipeline;

/** Multi-part windowing specs: JSON form and round trip, filters, labels, and the errors bad specs get. */
class WindowingSpecPartsTest {
    static final Map<String, Integer> MI = Map.of("left_hand", 0, "right_hand", 1);
    static final String MODS = "\"modalities\": {\"eeg\": {\"length_s\": 2}, \"fnirs\": {\"length_s\": 4,"
            + " \"offset_s\": 1}}";

    static WindowingSpec pretraining() {
        return WindowingSpec.builder()
                .addPart(WindowingSpec.Part.events(MI).withTasks("mi"))
                .addPart(WindowingSpec.Part.sliding(2).withTasks("rest"))
                .addPart(WindowingSpec.Part.events(MI).withTasks("mi").withRuns("3").withLabelsWithheld())
                .addModality(Modality.EEG, 2, 0, Double.NaN, new Pipeline(List.of()))
                .addModality(Modality.FNIRS, 4, 1, Double.NaN, new Pipeline(List.of())).build();
    }

    @Test
    void partsRoundTripThroughCanonicalJson() {
        WindowingSpec s = pretraining();
        String json = s.toJson();
        assertTrue(json.startsWith("{\"parts\":[{\"mode\":\"events\",\"labels\":{"), json);
        assertTrue(json.contains("{\"mode\":\"sliding\",\"stride_s\":2.0,\"tasks\":[\"rest\"]}"), json);
        assertTrue(json.contains("\"tasks\":[\"mi\"],\"runs\":[\"3\"],\"withhold_labels\":true}"), json);
        WindowingSpec back = WindowingSpec.fromJson(json);
        assertEquals(s.parts(), back.parts());
        assertEquals(json, back.toJson());
        // A string filter equals a one-element array; filter order does not change the key.
        String written = "{\"parts\": [{\"mode\": \"sliding\", \"stride_s\": 2, \"tasks\": [\"rest\", \"mi\"],"
                + " \"runs\": [2, \"1\"]}], " + MODS + "}";
        String reordered = "{\"parts\": [{\"runs\": [\"1\", \"2\"], \"tasks\": [\"mi\", \"rest\"], \"stride_s\": 2,"
                + " \"mode\": \"sliding\"}], " + MODS + "}";
        assertEquals(WindowingSpec.fromJson(written).toJson(), WindowingSpec.fromJson(reordered).toJson());
        assertEquals(WindowingSpec.fromJson("{\"parts\": [{\"mode\": \"sliding\", \"stride_s\": 2, \"tasks\": \"rest\"}], "
                + MODS + "}").parts(), WindowingSpec.fromJson("{\"parts\": [{\"mode\": \"sliding\", \"stride_s\": 2,"
                + " \"tasks\": [\"rest\"]}], " + MODS + "}").parts());
        // One unfiltered part in the parts form means the one-mode spec, and is written as one.
        WindowingSpec one = WindowingSpec.fromJson("{\"parts\": [{\"mode\": \"events\", \"labels\": {\"left\": 0}}], "
                + MODS + "}");
        assertEquals(WindowingSpec.fromJson("{\"mode\": \"events\", \"labels\": {\"left\": 0}, " + MODS + "}").toJson(),
                one.toJson());
        assertTrue(one.toJson().startsWith("{\"mode\":\"events\""), one.toJson());
        // A filter or a withheld flag makes a different spec, so a different store.
        assertNotEquals(one.toJson(), one.withParts(List.of(one.parts().get(0).withTasks("mi"))).toJson());
        assertNotEquals(one.toJson(), one.withParts(List.of(one.parts().get(0).withLabelsWithheld())).toJson());
    }

    @Test
    void partsApplyToTheRunsTheirFiltersMatch() {
        WindowingSpec s = pretraining();
        assertEquals(List.of(0), s.partsFor(new RecordingKey("01", "", "mi", "1")));
        assertEquals(List.of(0, 2), s.partsFor(new RecordingKey("01", "", "mi", "3")), "overlapping filters apply both");
        assertEquals(List.of(0, 2), s.partsFor(new RecordingKey("01", "", "mi", "03")), "run-03 is run 3");
        assertEquals(List.of(1), s.partsFor(new RecordingKey("01", "", "rest", "1")));
        assertFalse(s.applies(new RecordingKey("01", "", "ma", "1")));
        assertTrue(WindowingSpec.Part.sliding(1).matches(new RecordingKey("01", "", "", "")), "no filter: every run");
        assertFalse(WindowingSpec.Part.sliding(1).withRuns("a").matches(new RecordingKey("01", "", "mi", "1")));
        // Labels: those of labelled parts only; sliding and withheld parts give unlabelled windows.
        assertEquals(MI, s.labels());
        assertTrue(s.parts().get(0).labelled());
        assertFalse(s.parts().get(1).labelled());
        assertFalse(s.parts().get(2).labelled());
        assertEquals(Map.of(), s.withParts(List.of(s.parts().get(1), s.parts().get(2))).labels());
    }

    @Test
    void badSpecsAreRefusedNamingThePartAndTheProblem() {
        fails("part 2: mode must be 'events' or 'sliding', got 'windows'", () -> WindowingSpec.fromJson(
                "{\"parts\": [{\"mode\": \"events\", \"labels\": {\"a\": 0}}, {\"mode\": \"windows\"}], " + MODS + "}"));
        fails("part 1: a sliding part needs a positive stride", () -> WindowingSpec.fromJson(
                "{\"parts\": [{\"mode\": \"sliding\", \"stride_s\": 0}], " + MODS + "}"));
        fails("part 1: a sliding part needs a positive stride", () -> WindowingSpec.fromJson(
                "{\"parts\": [{\"mode\": \"sliding\", \"stride_s\": -1}], " + MODS + "}"));
        fails("needs a number stride_s", () -> WindowingSpec.fromJson(
                "{\"parts\": [{\"mode\": \"sliding\"}], " + MODS + "}"));
        fails("part 1: an events part needs a label mapping", () -> WindowingSpec.fromJson(
                "{\"parts\": [{\"mode\": \"events\", \"tasks\": \"mi\"}], " + MODS + "}"));
        fails("unknown field 'task'", () -> WindowingSpec.fromJson(
                "{\"parts\": [{\"mode\": \"sliding\", \"stride_s\": 1, \"task\": \"rest\"}], " + MODS + "}"));
        fails("a sliding part has no labels", () -> WindowingSpec.fromJson(
                "{\"parts\": [{\"mode\": \"sliding\", \"stride_s\": 1, \"labels\": {\"a\": 0}}], " + MODS + "}"));
        fails("'mode' belongs inside a part", () -> WindowingSpec.fromJson(
                "{\"mode\": \"events\", \"parts\": [{\"mode\": \"sliding\", \"stride_s\": 1}], " + MODS + "}"));
        fails("'parts' must be a non-empty array", () -> WindowingSpec.fromJson("{\"parts\": [], " + MODS + "}"));
        fails("must be non-negative", () -> WindowingSpec.Part.events(Map.of("a", -1)));
        fails("event 'a' is labelled 0 by an earlier part and 1 by part 2", () -> WindowingSpec.builder()
                .addPart(WindowingSpec.Part.events(Map.of("a", 0)).withTasks("x"))
                .addPart(WindowingSpec.Part.events(Map.of("a", 1)).withTasks("y"))
                .addModality(Modality.EEG, 1, 0, Double.NaN, new Pipeline(List.of())).build());
        // A withheld part's labels are not stored, so they cannot conflict.
        WindowingSpec.builder().addPart(WindowingSpec.Part.events(Map.of("a", 0)).withTasks("x"))
                .addPart(WindowingSpec.Part.events(Map.of("a", 1)).withLabelsWithheld())
                .addModality(Modality.EEG, 1, 0, Double.NaN, new Pipeline(List.of())).build();
        fails("not both", () -> WindowingSpec.builder().setEvents(MI).addPart(WindowingSpec.Part.sliding(1))
                .addModality(Modality.EEG, 1, 0, Double.NaN, new Pipeline(List.of())).build());
        fails("blank task", () -> WindowingSpec.Part.sliding(1).withTasks(" "));
        fails("withhold_labels must be true or false", () -> WindowingSpec.fromJson("{\"parts\": [{\"mode\":"
                + " \"events\", \"labels\": {\"a\": 0}, \"withhold_labels\": \"yes\"}], " + MODS + "}"));
    }

    private static void fails(String message, Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(message), x.getMessage());
    }
}
