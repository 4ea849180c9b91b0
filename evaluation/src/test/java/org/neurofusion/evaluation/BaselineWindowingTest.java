package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neurofusion.datasets.WindowingSpec;

class BaselineWindowingTest {
    /** The spec the classical results were calibrated with, as it was written in JSON before the builder. */
    @Test
    void motorImageryWindowsAreShinsAndKeyTheStoreAsBefore() {
        WindowingSpec before = WindowingSpec.fromJson("{\"mode\": \"events\", \"labels\": {\"left_hand\": 0,"
                + " \"right_hand\": 1}, \"modalities\": {\"eeg\": {\"length_s\": 4, \"offset_s\": 0.5, \"rate\": 100,"
                + " \"pipeline\": [{\"name\": \"filter\", \"parameters\": {\"l_freq\": \"8\", \"h_freq\": \"30\","
                + " \"method\": \"fir\"}}]}, \"fnirs\": {\"length_s\": 10, \"offset_s\": 2, \"pipeline\": [{\"name\":"
                + " \"optical_density\"}, {\"name\": \"beer_lambert\"}]}}}");
        assertEquals(before.toJson(), BaselineWindowing.spec("mi").toJson());
        assertEquals("{\"mental_arithmetic\":0,\"rest\":1}", new com.fasterxml.jackson.databind.ObjectMapper()
                .valueToTree(BaselineWindowing.spec("ma").labels()).toString());
        assertThrows(IllegalArgumentException.class, () -> BaselineWindowing.spec("rest"));
    }
}
