package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Recording;

class ReproducibilityTest {
    private static SimulationConfig small(long seed) {
        return SimulationConfig.builder().optSeed(seed).optSubjects(2).optTasks(List.of(SimulatedTask.MENTAL_ARITHMETIC))
                .optSessionsPerTask(1).optTrialsPerSession(2).optPreRestSeconds(5).optPostRestSeconds(5)
                .optRestingRunSeconds(20).build();
    }

    @Test
    void sameSeedGivesIdenticalArrays() {
        SimulatedSubject a = Simulator.subject(small(3), 1);
        SimulatedSubject b = Simulator.subject(small(3), 1);
        assertEquals(a.participant(), b.participant());
        assertEquals(a.runs().size(), b.runs().size());
        for (int r = 0; r < a.runs().size(); r++) {
            SimulatedRun x = a.runs().get(r);
            SimulatedRun y = b.runs().get(r);
            assertEquals(x.events(), y.events());
            assertEquals(x.fnirs().annotations(), y.fnirs().annotations());
            same(x.eeg(), y.eeg());
            same(x.fnirs(), y.fnirs());
            same(x.groundTruth(), y.groundTruth());
        }
    }

    @Test
    void differentSeedsAndIndicesGiveDifferentSubjects() {
        SimulatedSubject a = Simulator.subject(small(3), 0);
        SimulatedSubject b = Simulator.subject(small(4), 0);
        SimulatedSubject c = Simulator.subject(small(3), 1);
        assertNotEquals(a.participant(), b.participant());
        assertNotEquals(a.participant(), c.participant());
        assertNotEquals(a.fnirsClock(), b.fnirsClock());
        Recording ea = a.runs().get(0).eeg();
        Recording eb = b.runs().get(0).eeg();
        assertFalse(Arrays.equals(ea.readAll(0), Arrays.copyOf(eb.readAll(0), ea.readAll(0).length)));
        assertEquals("mental_arithmetic", a.runs().get(0).events().stream().map(e -> e.description()).sorted()
                .findFirst().orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> Simulator.subject(small(3), 2));
    }

    private static void same(Recording x, Recording y) {
        assertEquals(x.channels(), y.channels());
        for (int i = 0; i < x.channels().size(); i++) {
            assertArrayEquals(x.readAll(i), y.readAll(i), x.channels().get(i).name());
        }
    }
}
