package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PretrainConfigTest {
    @Test
    void roundTripsAndFillsDefaults() {
        PretrainConfig d = PretrainConfig.defaults();
        assertEquals(d, PretrainConfig.fromJson(d.toJson().toString()));
        PretrainConfig c = PretrainConfig.fromJson("{\"epochs\": 3, \"modalities\": [\"EEG\", \"fnirs\"],"
                + " \"control\": \"time-shuffled\"}");
        assertEquals(3, c.epochs());
        assertEquals(List.of("eeg", "fnirs"), c.modalities());
        assertEquals("time-shuffled", c.control());
        assertEquals(d.batchSize(), c.batchSize());
        assertEquals(0.25, d.with("learning_rate", "0.25").learningRate());
        assertEquals(7, d.with("epochs", "7").epochs());
        assertEquals(List.of("eeg", "meg"), d.with("modalities", "eeg,meg").modalities());
    }

    @Test
    void reconstructionKeysRoundTripAndDefaultOff() {
        PretrainConfig d = PretrainConfig.defaults();
        assertEquals(0.0, d.reconstructionWeight());
        assertEquals(0.5, d.maskRatio());
        PretrainConfig c = PretrainConfig.fromJson("{\"reconstruction_weight\": 0.25, \"mask_ratio\": 0.75}");
        assertEquals(0.25, c.reconstructionWeight());
        assertEquals(0.75, c.maskRatio());
        assertEquals(c, PretrainConfig.fromJson(c.toJson().toString()));
        assertEquals(0.3, d.with("mask_ratio", "0.3").maskRatio());
        assertMessage("{\"mask_ratio\": 0}", "mask_ratio");
        assertMessage("{\"mask_ratio\": 1.5}", "mask_ratio");
        assertMessage("{\"reconstruction_weight\": -1}", "reconstruction_weight");
    }

    @Test
    void viewAndHoldoutKeysAppearOnlyWhenSet() {
        PretrainConfig d = PretrainConfig.defaults();
        // older runs' configurations lack them, and must still compare equal on resume
        assertTrue(!d.toJson().has("view_dropout") && !d.toJson().has("holdout"), d.toJson().toString());
        assertTrue(PretrainConfig.keys().contains("view_dropout") && PretrainConfig.keys().contains("holdout"));
        PretrainConfig one = d.with("modalities", "eeg").with("view_dropout", "0.4").with("holdout", "03, 01");
        assertEquals(List.of("eeg"), one.modalities());
        assertEquals(0.4, one.viewDropout());
        assertEquals(List.of("03", "01"), one.holdout());
        assertEquals(one, PretrainConfig.fromJson(one.toJson()));
        assertEquals("03,01", one.toJson().get("holdout").asText());
        assertTrue(!d.toJson().has("haemodynamic_patches") && PretrainConfig.keys().contains("haemodynamic_patches"));
        PretrainConfig whole = d.with("haemodynamic_patches", "1");
        assertEquals(1, whole.haemodynamicPatches());
        assertEquals(1, whole.toJson().get("haemodynamic_patches").asInt());
        assertEquals(whole, PretrainConfig.fromJson(whole.toJson()));
    }

    @Test
    void refusalsNameTheSetting() {
        assertMessage("{\"epoch\": 3}", "'epoch'");
        assertMessage("{\"epochs\": 2.5}", "epochs");
        assertMessage("{\"epochs\": \"3\"}", "epochs");
        assertMessage("{\"batch_size\": 1}", "batch_size");
        assertMessage("{\"haemodynamic_patches\": -1}", "haemodynamic_patches");
        assertMessage("{\"control\": \"shuffled\"}", "control");
        assertMessage("{\"modalities\": []}", "at least one modality");
        assertMessage("{\"modalities\": [\"eeg\"], \"infonce_weight\": 0}", "self-supervised");
        assertMessage("{\"modalities\": [\"eeg\"], \"control\": \"time-shuffled\"}", "needs two modalities");
        assertMessage("{\"view_dropout\": 1}", "view_dropout");
        assertMessage("{\"stop_metric\": \"pair_mean_top1\"}", "three or more modalities");
        assertMessage("{\"holdout\": \"01,sub-02\"}", "'sub-02'");
        assertMessage("{\"infonce_weight\": 0, \"supcon_weight\": 0}", "weights");
        assertMessage("[1]", "object");
        assertMessage("{", "JSON");
        assertThrows(IllegalArgumentException.class, () -> PretrainConfig.defaults().with("nope", "1"));
        assertThrows(IllegalArgumentException.class, () -> PretrainConfig.defaults().with("epochs", "x"));
    }

    private static void assertMessage(String json, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PretrainConfig.fromJson(json));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }
}
