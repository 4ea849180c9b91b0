package org.neurofusion.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SensorFeaturesTest {
    @Test
    void eegElectrodeHasItsPositionEverywhereAndNoWavelength() {
        Channel c = new Channel("C3", ChannelType.EEG, "V", 250, 10,
                Optional.of(new SensorPosition(-0.05, 0.01, 0.07)), Map.of());
        float[] f = SensorFeatures.of(c);
        assertEquals(SensorFeatures.COUNT, f.length);
        assertArrayEquals(new float[] {-0.05f, 0.01f, 0.07f, 1f, 0, 0, 0, -0.05f, 0.01f, 0.07f, -0.05f, 0.01f, 0.07f,
            0, SensorFeatures.typeCode(ChannelType.EEG)}, f);
    }

    @Test
    void fnirsChannelCarriesOptodesAndWavelengthInMicrometres() {
        Channel c = new Channel("S1_D1 760", ChannelType.FNIRS_OD, "AU", 10, 10,
                Optional.of(new SensorPosition(0, 0, 0.09)), Map.of("source_position", "0.01,0,0.09",
                        "detector_position", "-0.01,0,0.09", "wavelength_nm", "760", "source", "1", "detector", "1"));
        float[] f = SensorFeatures.of(c);
        assertEquals(0.01f, f[SensorFeatures.SOURCE]);
        assertEquals(-0.01f, f[SensorFeatures.DETECTOR]);
        assertEquals(0.76f, f[SensorFeatures.WAVELENGTH], 1e-7);
        assertEquals(SensorFeatures.typeCode(ChannelType.FNIRS_OD), (int) f[SensorFeatures.TYPE]);
    }

    @Test
    void unknownPositionIsZeroWithItsFlagDown() {
        float[] f = SensorFeatures.of(new Channel("X", ChannelType.MAG, "T", 1000, 5));
        assertEquals(0f, f[SensorFeatures.HAS_POSITION]);
        assertEquals(0f, f[SensorFeatures.POSITION + 2]);
    }

    @Test
    void codesAreDistinctCoverEveryTypeAndStayPut() {
        Set<Integer> seen = new HashSet<>();
        for (ChannelType t : ChannelType.values()) {
            int code = SensorFeatures.typeCode(t);
            assertTrue(code >= 0 && code < SensorFeatures.TYPE_CODES, t + " -> " + code);
            assertTrue(seen.add(code), "duplicate code for " + t);
        }
        // trained models index their type embedding by these: they must not move
        assertEquals(0, SensorFeatures.typeCode(ChannelType.EEG));
        assertEquals(12, SensorFeatures.typeCode(ChannelType.MAG));
        assertEquals(17, SensorFeatures.typeCode(ChannelType.HBO));
        assertEquals(18, SensorFeatures.typeCode(ChannelType.HBR));
    }

    @Test
    void malformedAttributesAreRefusedNamingTheChannel() {
        Channel bad = new Channel("S1_D1 hbo", ChannelType.HBO, "mol/L", 10, 10, Optional.empty(),
                Map.of("source_position", "0.01,0"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SensorFeatures.of(bad));
        assertTrue(e.getMessage().contains("S1_D1 hbo") && e.getMessage().contains("x,y,z"), e.getMessage());
        Channel nan = new Channel("M1", ChannelType.MAG, "T", 10, 10, Optional.empty(),
                Map.of("orientation", "NaN,0,1"));
        assertThrows(IllegalArgumentException.class, () -> SensorFeatures.of(nan));
        Channel wl = new Channel("S1_D1 0", ChannelType.FNIRS_OD, "AU", 10, 10, Optional.empty(),
                Map.of("wavelength_nm", "-5"));
        assertThrows(IllegalArgumentException.class, () -> SensorFeatures.of(wl));
    }

    @Test
    void listIsRowMajor() {
        List<Channel> cs = List.of(new Channel("A", ChannelType.EEG, "V", 1, 1), new Channel("B", ChannelType.HBR,
                "mol/L", 1, 1));
        float[] f = SensorFeatures.of(cs);
        assertEquals(2 * SensorFeatures.COUNT, f.length);
        assertEquals(SensorFeatures.typeCode(ChannelType.HBR), (int) f[SensorFeatures.COUNT + SensorFeatures.TYPE]);
    }
}
