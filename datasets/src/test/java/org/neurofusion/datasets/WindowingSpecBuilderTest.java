package org.neurofusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Modality;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Pipeline;

class WindowingSpecBuilderTest {
    @Test
    void theBuilderGivesTheSpecTheJsonDescribes() {
        WindowingSpec built = WindowingSpec.builder().setEvents(Map.of("left", 0))
                .addModality(Modality.EEG, 4, 0.5, 100, new Pipeline(List.of(new Filter(8, 30, "fir"))))
                .addModality(Modality.FNIRS, 10, 2, Double.NaN, new Pipeline(List.of())).build();
        WindowingSpec parsed = WindowingSpec.fromJson("{\"mode\": \"events\", \"labels\": {\"left\": 0},"
                + " \"modalities\": {\"eeg\": {\"length_s\": 4, \"offset_s\": 0.5, \"rate\": 100, \"pipeline\":"
                + " [{\"name\": \"filter\", \"parameters\": {\"l_freq\": \"8\", \"h_freq\": \"30\", \"method\":"
                + " \"fir\"}}]}, \"fnirs\": {\"length_s\": 10, \"offset_s\": 2}}}");
        assertEquals(parsed.toJson(), built.toJson());
        assertEquals(built.toJson(), WindowingSpec.fromJson(built.toJson()).toJson());

        WindowingSpec sliding = WindowingSpec.builder().setSliding(2.5)
                .addModality(Modality.EEG, 5, 0, Double.NaN, new Pipeline(List.of())).build();
        assertEquals(List.of(WindowingSpec.Part.sliding(2.5)), sliding.parts());
        assertEquals(WindowingSpec.Mode.SLIDING, sliding.parts().get(0).mode());
        assertEquals(2.5, sliding.parts().get(0).stride());
    }

    @Test
    void missingOrRepeatedPartsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> WindowingSpec.builder()
                .addModality(Modality.EEG, 4, 0, 100, new Pipeline(List.of())).build());
        assertThrows(IllegalArgumentException.class, () -> WindowingSpec.builder().setEvents(Map.of("a", 1))
                .addModality(Modality.EEG, 4, 0, 100, new Pipeline(List.of()))
                .addModality(Modality.EEG, 2, 0, 100, new Pipeline(List.of())));
        assertThrows(IllegalArgumentException.class, () -> WindowingSpec.builder().setEvents(Map.of("a", 1)).build());
        assertThrows(IllegalArgumentException.class, () -> WindowingSpec.builder().setSliding(0)
                .addModality(Modality.EEG, 4, 0, 100, new Pipeline(List.of())).build());
    }
}
