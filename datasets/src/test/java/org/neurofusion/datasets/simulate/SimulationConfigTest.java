package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class SimulationConfigTest {

    @Test
    void defaultsFollowShin2017() {
        SimulationConfig c = SimulationConfig.defaults();
        assertEquals(3, c.sessionsPerTask());
        assertEquals(20, c.trialsPerSession());
        assertEquals(200, c.eegRate());
        assertEquals(10, c.fnirsRate());
        assertEquals(7, c.runsPerSubject());
        assertEquals(c, c.toBuilder().build());
    }

    @Test
    void badConfigurationsAreRefusedNamingTheParameter() {
        refused("subjects", b -> b.optSubjects(0));
        refused("taskSeconds", b -> b.optTaskSeconds(-1));
        refused("preRestSeconds", b -> b.optPreRestSeconds(-5));
        refused("eegRate", b -> b.optEegRate(90));
        refused("eegRate", b -> b.optLineFrequency(60).optEegRate(110));
        refused("fnirsRate", b -> b.optFnirsRate(3));
        refused("sharedFraction", b -> b.optSharedFraction(1.5));
        refused("erdDepth", b -> b.optErdDepth(-0.1));
        refused("systemicLongFraction", b -> b.optSystemicLongFraction(2));
        refused("restMaxSeconds", b -> b.optRestMinSeconds(17).optRestMaxSeconds(15));
        refused("trialsPerSession", b -> b.optTrialsPerSession(7));
        refused("shortSeparation", b -> b.optShortSeparation(0.05));
        refused("blinksPerMinute", b -> b.optBlinksPerMinute(Double.NaN));
        refused("tasks", b -> b.optTasks(List.of()).optRestingRunSeconds(0));
    }

    private static void refused(String parameter, UnaryOperator<SimulationConfig.Builder> change) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> change.apply(SimulationConfig.builder()).build());
        assertTrue(e.getMessage().contains(parameter), () -> "message should name " + parameter + ": "
                + e.getMessage());
    }
}
