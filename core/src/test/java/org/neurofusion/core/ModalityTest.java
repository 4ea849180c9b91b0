package org.neurofusion.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Parsing a modality name as users type it. */
class ModalityTest {
    @Test
    void namesParseInAnyCaseAndUnknownOnesAreNamed() {
        assertEquals(Modality.EEG, Modality.parse("eeg"));
        assertEquals(Modality.FNIRS, Modality.parse(" FNIRS "));
        assertEquals(Modality.FMRI, Modality.parse("fMRI"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Modality.parse("nirs"));
        assertTrue(e.getMessage().contains("'nirs'") && e.getMessage().contains("fnirs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Modality.parse(null));
    }
}
