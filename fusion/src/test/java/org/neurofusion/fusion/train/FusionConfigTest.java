package org.neurofusion.fusion.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The fusion configuration: JSON round trip, defaults for absent keys, and named refusals. */
class FusionConfigTest {
    @Test
    void jsonRoundTripsAndAbsentKeysTakeTheDefaults() {
        FusionConfig d = FusionConfig.defaults();
        assertEquals(d, FusionConfig.fromJson(d.toJson().toString()));
        FusionConfig c = FusionConfig.fromJson("{\"steps\": 7, \"encoders\": \"frozen\"}");
        assertEquals(7, c.steps());
        assertEquals(false, c.fineTunes());
        assertEquals(d.temperature(), c.temperature());
        assertEquals(-1, d.labelledPerClass());
        assertEquals(5, d.with("labelled_per_class", "5").labelledPerClass());
        assertEquals(List.of(), d.teacherFrozenList());
        FusionConfig eeg = d.with("teacher_frozen", "eeg,meg");
        assertEquals(List.of("eeg", "meg"), eeg.teacherFrozenList());
        assertFalse(eeg.trains(Stage.TEACHER, "eeg"));
        assertTrue(eeg.trains(Stage.TEACHER, "fnirs"));
        for (Stage other : List.of(Stage.SUPERVISED, Stage.SELF_TRAINING, Stage.STUDENT)) {
            assertTrue(eeg.trains(other, "eeg"), "only the teacher reads teacher_frozen: " + other);
        }
        assertFalse(eeg.with("encoders", "frozen").trains(Stage.TEACHER, "fnirs"), "frozen encoders: none trains");
        assertFalse(eeg.with("encoders", "frozen").trains(Stage.STUDENT, "eeg"));
    }

    @Test
    void theTeachersExpertAndSmoothingAreWrittenOnlyWhenSet() {
        FusionConfig d = FusionConfig.defaults();
        // absent at their defaults, so that runs and map blocks recorded before these keys still compare equal
        assertFalse(d.toJson().has("teacher_expert"));
        assertFalse(d.toJson().has("teacher_label_smoothing"));
        assertTrue(FusionConfig.keys().containsAll(List.of("teacher_expert", "teacher_label_smoothing")));
        FusionConfig e = d.with("teacher_expert", "fnirs").with("teacher_label_smoothing", "0.1");
        assertEquals(List.of("fnirs"), e.teacherExpertList());
        assertEquals(0.1, e.teacherLabelSmoothing());
        assertEquals("fnirs", e.toJson().get("teacher_expert").asText());
        assertEquals(0.1, e.toJson().get("teacher_label_smoothing").asDouble());
        assertEquals(e, FusionConfig.fromJson(e.toJson().toString()));
        assertEquals(d, FusionConfig.fromJson("{\"teacher_expert\": \"\", \"teacher_label_smoothing\": 0}"));
        assertEquals(List.of(), d.teacherExpertList());
        assertFalse(d.toJson().has("teacher_supcon_weight"));
        FusionConfig sup = d.with("teacher_supcon_weight", "0.5");
        assertEquals(0.5, sup.teacherSupconWeight());
        assertEquals(0.5, sup.toJson().get("teacher_supcon_weight").asDouble());
        assertEquals(sup, FusionConfig.fromJson(sup.toJson().toString()));
        assertFalse(d.toJson().has("fnirs_alignment"));
        FusionConfig fa = d.with("fnirs_alignment", "rest");
        assertEquals("rest", fa.toJson().get("fnirs_alignment").asText());
        assertEquals(fa, FusionConfig.fromJson(fa.toJson().toString()));
        assertFalse(d.toJson().has("fnirs_baseline"));
        assertEquals(0.25, d.with("fnirs_baseline", "0.25").toJson().get("fnirs_baseline").asDouble());
        assertFalse(d.toJson().has("imputation_target"));
        assertFalse(d.imputesHaemodynamics());
        FusionConfig h = d.with("imputation_target", "haemodynamic");
        assertTrue(h.imputesHaemodynamics());
        assertEquals("haemodynamic", h.toJson().get("imputation_target").asText());
        assertEquals(h, FusionConfig.fromJson(h.toJson().toString()));
        assertEquals(d, d.with("imputation_target", "embedding"));
    }

    @Test
    void badSettingsAreRefusedByName() {
        for (String[] bad : new String[][] {{"{\"stepz\": 1}", "stepz"}, {"{\"steps\": 1.5}", "integer"},
            {"{\"steps\": 0}", "steps"}, {"{\"encoders\": \"thawed\"}", "encoders"},
            {"{\"labelled_per_class\": 0}", "labelled_per_class"}, {"{\"temperature\": -1}", "temperature"},
            {"{\"modality_dropout\": 1}", "modality_dropout"}, {"{\"encoder_init\": \"x\"}", "encoder_init"},
            {"{\"teacher_frozen\": \"EEG\"}", "teacher_frozen"}, {"{\"teacher_frozen\": \"eeg,\"}", "eeg,"},
            {"{\"teacher_frozen\": \" eeg\"}", "teacher_frozen"}, {"{\"eeg_alignment\": \"Rest\"}", "eeg_alignment"},
            {"{\"eeg_alignment\": \"\"}", "[all, none, rest]"}, {"{\"teacher_expert\": \"FNIRS\"}", "teacher_expert"},
            {"{\"teacher_supcon_weight\": -1}", "teacher_supcon_weight"},
            {"{\"fnirs_alignment\": \"Rest\"}", "fnirs_alignment"},
            {"{\"fnirs_baseline\": 1}", "fnirs_baseline"},
            {"{\"imputation_target\": \"tokens\"}", "imputation_target"},
            {"{\"teacher_label_smoothing\": 1}", "teacher_label_smoothing"},
            {"{\"teacher_label_smoothing\": -0.1}", "teacher_label_smoothing"},
            {"{\"ce_weight\": 0, \"kl_weight\": 0, \"cosine_weight\": 0, \"infonce_weight\": 0,"
                + " \"tokens_weight\": 0, \"fused_weight\": 0}", "weight"}, {"[1]", "object"}, {"{", "JSON"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FusionConfig.fromJson(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]), bad[0] + " -> " + e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> FusionConfig.defaults().with("steps", "many"));
        assertThrows(IllegalArgumentException.class, () -> FusionConfig.defaults().with("nope", "1"));
    }
}
