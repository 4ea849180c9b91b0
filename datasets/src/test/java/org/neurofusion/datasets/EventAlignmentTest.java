package org.neurofusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Annotation;

class EventAlignmentTest {

    @Test
    void recoversOffsetAndDriftWithinOneEegSample() {
        Random rnd = new Random(11);
        List<Annotation> eeg = new ArrayList<>();
        List<Annotation> nirs = new ArrayList<>();
        double offset = 1.7;
        double drift = 40e-6;
        double t = 5;
        for (int i = 0; i < 60; i++) {
            String d = i % 2 == 0 ? "16" : "32";
            eeg.add(new Annotation(t, 0, d));
            // The second device stamps the trigger on its own clock, at its 100 Hz sample resolution.
            double dev = (t - offset) / (1 + drift);
            nirs.add(new Annotation(Math.round(dev * 100) / 100.0, 0, d));
            t += 27 + rnd.nextDouble() * 2;
        }
        nirs.remove(7); // a trigger the fNIRS device missed
        EventAlignment.Result r = EventAlignment.fit(eeg, nirs, 0.006);
        assertEquals(59, r.matched());
        // Checked where it matters: any device time maps to within one EEG sample (5 ms at 200 Hz).
        for (double dev = 0; dev < 1700; dev += 100) {
            double truth = offset + dev * (1 + drift);
            assertEquals(truth, r.clock().toReference(dev), 0.005, "at device time " + dev);
        }
        assertTrue(r.residualMax() <= 0.006, "the 100 Hz stamps bound the residual: " + r.residualMax());
        assertEquals(drift, r.clock().drift(), 5e-6);
        assertEquals(100.0, r.clock().fromReference(r.clock().toReference(100.0)), 1e-9);
    }

    @Test
    void refusesSequencesThatDoNotMatch() {
        List<Annotation> a = List.of(new Annotation(1, 0, "x"), new Annotation(10, 0, "x"), new Annotation(30, 0, "x"),
                new Annotation(35, 0, "x"));
        List<Annotation> b = List.of(new Annotation(1, 0, "x"), new Annotation(13, 0, "x"), new Annotation(20, 0, "x"),
                new Annotation(50, 0, "x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EventAlignment.fit(a, b, 0.01));
        assertTrue(e.getMessage().contains("cannot align"), e.getMessage());
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
                () -> EventAlignment.fit(a, List.of(new Annotation(1, 0, "y")), 0.01));
        assertTrue(few.getMessage().contains("at least 3"), few.getMessage());
    }
}
