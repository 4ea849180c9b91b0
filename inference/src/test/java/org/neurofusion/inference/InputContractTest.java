package org.neurofusion.inference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SensorPosition;

/** The contract's JSON, its sensor attributes, and the fields it refuses. */
class InputContractTest {
    private static Channel hbo() {
        return new Channel("S1_D1 hbo", ChannelType.HBO, "mol/L", 10, 100,
                Optional.of(new SensorPosition(0.01, 0.02, 0.08)),
                Map.of(SensorFeatures.SOURCE_ATTRIBUTE, "0.0,0.02,0.08", SensorFeatures.DETECTOR_ATTRIBUTE,
                        "0.02,0.02,0.08", SensorFeatures.WAVELENGTH_ATTRIBUTE, "760", "transducer", "none"));
    }

    @Test
    void anFnirsChannelKeepsWhatItsSensorFeaturesReadThroughJson() {
        InputContract.ContractChannel c = InputContract.ContractChannel.of(hbo());
        assertEquals(3, c.sensor().size(), "only the attributes the sensor features read: " + c.sensor());
        InputContract k = new InputContract("fnirs", List.of(c), "mol/L", "[]", 10, 10, 1, List.of("a", "b"), 0.5,
                0.01);
        InputContract back = InputContract.fromJson(k.toJson());
        assertEquals(k, back);
        assertArrayEquals(SensorFeatures.of(hbo()), SensorFeatures.of(back.channels().get(0).toChannel(10)));
        assertTrue(back.streamable());
    }

    @Test
    void badFieldsAreRefusedByName() {
        var ring = Fixtures.contract("[]").channels();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new InputContract("eeg",
                ring, "V", "[]", 50, 2, 1, List.of("a", "a"), 0.5, 0.01));
        assertTrue(e.getMessage().contains("distinct class names"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InputContract("fnirs", ring, "V", "[]", 50, 2, 1,
                List.of("a", "b"), 0.5, 0.01));
        assertTrue(e.getMessage().contains("is not of modality fnirs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InputContract.ContractChannel("C3", "eeg", null,
                Map.of("transducer", "x")));
        assertTrue(e.getMessage().contains("'transducer'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new InputContract("eeg", ring, "V", "[]", 50, 2, 1,
                List.of("a", "b"), 1.0, 0.01));
        assertTrue(e.getMessage().contains("maxMissingFraction"), e.getMessage());
        assertFalse(new InputContract("eeg", ring, "V", new org.neurofusion.modalities.signal.Pipeline(List.of(
                new org.neurofusion.modalities.signal.Filter(1, 20, "fir"))).toJson(), 50, 2, 1, List.of("a", "b"),
                0.5, 0.01).streamable());
    }
}
