package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationKnobsTest {
    /** Every numeric or boolean component has a knob of its name, and the knob sets that component and no other. */
    @Test
    void everyComponentHasAKnobThatSetsExactlyIt() throws Exception {
        SimulationConfig defaults = SimulationConfig.defaults();
        List<String> expected = new ArrayList<>();
        for (RecordComponent c : SimulationConfig.class.getRecordComponents()) {
            Class<?> t = c.getType();
            if (t != double.class && t != int.class && t != long.class && t != boolean.class) {
                continue;
            }
            expected.add(c.getName());
            Object before = c.getAccessor().invoke(defaults);
            String value = t == boolean.class ? Boolean.toString(!(Boolean) before)
                    : t == double.class ? Double.toString((Double) before * 0.5 + 0.3)
                    : Long.toString(((Number) before).longValue() + 1);
            SimulationConfig.Builder b = SimulationConfig.builder();
            SimulationKnobs.apply(b, c.getName() + "=" + value);
            SimulationConfig changed;
            try {
                changed = b.build();
            } catch (IllegalArgumentException e) {
                // A value the config refuses (e.g. a rest range turned upside down) reached that component only
                // if the refusal names it.
                assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains(
                        c.getName().toLowerCase(java.util.Locale.ROOT).replaceAll("seconds$", "")), c.getName() + ": "
                        + e.getMessage());
                continue;
            }
            Object after = c.getAccessor().invoke(changed);
            assertNotEquals(before, after, c.getName());
            assertEquals(value, after.toString(), c.getName());
            for (RecordComponent other : SimulationConfig.class.getRecordComponents()) {
                if (!other.getName().equals(c.getName())) {
                    assertEquals(other.getAccessor().invoke(defaults), other.getAccessor().invoke(changed),
                            c.getName() + " must not change " + other.getName());
                }
            }
        }
        assertEquals(expected, new ArrayList<>(SimulationKnobs.names()));
    }

    @Test
    void badAssignmentsNameTheProblem() {
        SimulationConfig.Builder b = SimulationConfig.builder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SimulationKnobs.apply(b, "erdDepht=0.3"));
        assertTrue(e.getMessage().contains("erdDepht") && e.getMessage().contains("erdDepth"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimulationKnobs.apply(b, "subjects=2.5"));
        assertTrue(e.getMessage().contains("subjects") && e.getMessage().contains("an int"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimulationKnobs.apply(b, "shortChannels=yes"));
        assertTrue(e.getMessage().contains("boolean"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SimulationKnobs.apply(b, "=3"));
        assertTrue(e.getMessage().contains("NAME=VALUE"), e.getMessage());
        SimulationKnobs.apply(b, " hboAmplitude = 2e-7 ");
        assertEquals(2e-7, b.build().hboAmplitude());
    }
}
