package org.neurofusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Modality;

/** Cutting by a spec with several parts: each part applies to its runs, windows concatenate in part order. */
class PairedWindowsPartsTest {
    static final Map<String, Integer> LR = Map.of("left", 0, "right", 1);

    static WindowingSpec spec(WindowingSpec.Part... parts) {
        return PairedWindowsTest.spec().withParts(List.of(parts));
    }

    static PairedRecording withTask(PairedRecording pr, String task) {
        RecordingKey k = pr.key();
        return new PairedRecording(new RecordingKey(k.subject(), k.session(), task, "2"), Map.of(Modality.EEG,
                pr.recording(Modality.EEG), Modality.FNIRS, pr.recording(Modality.FNIRS)), pr.clocks(),
                Modality.EEG, pr.events(), Map.of());
    }

    @Test
    void eachPartCutsTheRunsItsFiltersMatch() {
        WindowingSpec s = spec(WindowingSpec.Part.events(LR).withTasks("mi"),
                WindowingSpec.Part.sliding(20).withTasks("rest"),
                WindowingSpec.Part.events(LR).withTasks("mi").withRuns("02").withLabelsWithheld());
        PairedWindows.Result mi = PairedWindows.cut(withTask(PairedWindowsTest.paired("01", 13), "mi"), s);
        // 12 of the 13 events fit (the last leaves the data), once labelled and once withheld.
        assertEquals(24, mi.windows().size());
        assertEquals(List.of(new PairedWindows.PartCount(12, 0, 1), PairedWindows.PartCount.NONE,
                new PairedWindows.PartCount(0, 12, 1)), mi.parts());
        assertEquals(2, mi.dropped().size());
        List<PairedWindow> labelled = mi.windows().subList(0, 12);
        List<PairedWindow> withheld = mi.windows().subList(12, 24);
        for (int i = 0; i < 12; i++) {
            assertEquals(i % 2, labelled.get(i).label().getAsInt());
            assertTrue(withheld.get(i).label().isEmpty());
            assertEquals(labelled.get(i).onset(), withheld.get(i).onset(), "the withheld windows are the same trials");
            assertEquals(labelled.get(i).blocks().get(Modality.EEG).get(0, 5),
                    withheld.get(i).blocks().get(Modality.EEG).get(0, 5));
        }
        // The resting run: only the sliding part, although it has events of the same names.
        PairedWindows.Result rest = PairedWindows.cut(withTask(PairedWindowsTest.paired("01", 13), "rest"), s);
        PairedWindows.Result slidingOnly = PairedWindows.cut(PairedWindowsTest.paired("01", 0),
                spec(WindowingSpec.Part.sliding(20)));
        assertEquals(slidingOnly.windows().size(), rest.windows().size());
        assertTrue(rest.windows().size() >= 13, "about 290 s every 20 s");
        assertEquals(slidingOnly.windows().stream().map(PairedWindow::onset).toList(),
                rest.windows().stream().map(PairedWindow::onset).toList());
        assertTrue(rest.windows().stream().allMatch(w -> w.label().isEmpty()));
        assertEquals(new PairedWindows.PartCount(0, rest.windows().size(), 0), rest.parts().get(1));
        // A run no part applies to gives nothing.
        PairedWindows.Result ma = PairedWindows.cut(withTask(PairedWindowsTest.paired("01", 13), "ma"), s);
        assertEquals(0, ma.windows().size());
        assertEquals(3, ma.parts().size());
    }

    @Test
    void aOneModeSpecCutsAsBefore() {
        PairedWindows.Result r = PairedWindows.cut(PairedWindowsTest.paired("01", 13), PairedWindowsTest.spec());
        assertEquals(List.of(new PairedWindows.PartCount(12, 0, 1)), r.parts());
        assertEquals(12, r.windows().size());
    }
}
