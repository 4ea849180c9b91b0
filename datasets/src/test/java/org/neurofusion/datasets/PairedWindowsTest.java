package org.neurofusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.signal.Pipeline;

class PairedWindowsTest {
    static final ClockMap NIRS_CLOCK = new ClockMap(1.7, 40e-6);

    /** EEG at 200 Hz and fNIRS at 10 Hz whose samples hold their own device time, so positions show. */
    static PairedRecording paired(String subject, int events) {
        double[] eeg = new double[200 * 300];
        for (int i = 0; i < eeg.length; i++) {
            eeg[i] = i / 200.0;
        }
        double[] hbo = new double[10 * 300];
        for (int i = 0; i < hbo.length; i++) {
            hbo[i] = i / 10.0;
        }
        Recording e = InMemoryRecording.builder()
                .addChannel(new Channel("C3", ChannelType.EEG, "V", 200, 0), eeg)
                .addChannel(new Channel("C4", ChannelType.EEG, "V", 200, 0), eeg)
                .addChannel(new Channel("EOG", ChannelType.EOG, "V", 200, 0), eeg).build();
        Recording n = InMemoryRecording.builder()
                .addChannel(new Channel("S1_D1 hbo", ChannelType.HBO, "mol/L", 10, 0), hbo).build();
        List<Annotation> ev = new ArrayList<>();
        for (int k = 0; k < events; k++) {
            ev.add(new Annotation(10 + 25.0 * k, 0, k % 2 == 0 ? "left" : "right"));
        }
        return new PairedRecording(new RecordingKey(subject, "1", "mi", ""), Map.of(Modality.EEG, e, Modality.FNIRS, n),
                Map.of(Modality.EEG, ClockMap.IDENTITY, Modality.FNIRS, NIRS_CLOCK), Modality.EEG, ev, Map.of());
    }

    static WindowingSpec spec() {
        return new WindowingSpec(false, 0, Map.of("left", 0, "right", 1), Map.of(
                Modality.EEG, new ModalityWindow(Modality.EEG, 4, 0, Double.NaN, new Pipeline(List.of())),
                Modality.FNIRS, new ModalityWindow(Modality.FNIRS, 10, 2, Double.NaN, new Pipeline(List.of()))));
    }

    @Test
    void windowsLandOnTheRightSamplesInBothModalities() {
        PairedWindows.Result r = PairedWindows.cut(paired("01", 13), spec());
        // Events at 10, 35, ..., 310 s: the last one lies beyond the 300 s of data.
        assertEquals(List.of(0, 1, 0, 1), r.windows().subList(0, 4).stream().map(w -> w.label().getAsInt()).toList());
        for (PairedWindow w : r.windows()) {
            double t = w.onset();
            assertEquals(800, w.blocks().get(Modality.EEG).sampleCount());
            assertEquals(List.of("C3", "C4"), w.blocks().get(Modality.EEG).channelNames(), "EOG is not EEG");
            assertEquals((float) t, w.blocks().get(Modality.EEG).get(0, 0), 1e-4f);
            double dev = NIRS_CLOCK.fromReference(t) + 2;
            assertEquals(Math.round(dev * 10) / 10.0, w.blocks().get(Modality.FNIRS).get(0, 0), 1e-4);
            assertEquals(100, w.blocks().get(Modality.FNIRS).sampleCount());
        }
        assertEquals(12, r.windows().size());
        assertEquals(1, r.dropped().size());
        assertTrue(r.dropped().get(0).contains("leaves its data"), r.dropped().get(0));
    }

    @Test
    void slidingWindowsCoverTheOverlapOfTheModalities() {
        WindowingSpec s = new WindowingSpec(true, 5, Map.of(), spec().modalities());
        PairedWindows.Result r = PairedWindows.cut(paired("01", 0), s);
        assertTrue(r.windows().size() > 50);
        assertTrue(r.windows().stream().allMatch(w -> w.label().isEmpty()));
        PairedWindow first = r.windows().get(0);
        // fNIRS starts 1.7 s later in reference time, and its window 2 s after the window start.
        assertTrue(first.onset() >= 0 && NIRS_CLOCK.fromReference(first.onset()) + 2 >= 0);
    }

    @Test
    void specsRoundTripThroughJsonAndRefuseNonsense() {
        WindowingSpec s = spec();
        WindowingSpec t = WindowingSpec.fromJson(s.toJson());
        assertEquals(s.toJson(), t.toJson());
        assertEquals(10.0, t.modalities().get(Modality.FNIRS).length());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WindowingSpec.fromJson(
                "{\"labels\": {\"a\": 0}, \"modalities\": {\"eeg\": {\"offset_s\": 1}}}"));
        assertTrue(e.getMessage().contains("length_s"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> WindowingSpec.fromJson(
                "{\"labels\": {\"a\": 0}, \"modalities\": {\"ecog\": {\"length_s\": 1}}}"));
        assertThrows(IllegalArgumentException.class, () -> new ModalityWindow(Modality.EEG, -1, 0, Double.NaN,
                new Pipeline(List.of())));
    }

    static List<WindowRef> refs() {
        List<WindowRef> out = new ArrayList<>();
        for (String s : List.of("01", "02", "03", "04", "05")) {
            for (String ses : List.of("1", "2")) {
                for (int k = 0; k < 20; k++) {
                    out.add(new WindowRef(new RecordingKey(s, ses, "mi", ""), 10 + 12.0 * k, 14, OptionalInt.of(k % 2)));
                }
            }
        }
        return out;
    }

    @Test
    void subjectSplitsNeverLeak() {
        List<WindowRef> w = refs();
        List<Splits.Fold> loso = Splits.leaveOneSubjectOut(w);
        assertEquals(5, loso.size());
        Set<Integer> tested = new HashSet<>();
        for (Splits.Fold f : loso) {
            assertNoSubjectLeak(w, f);
            assertEquals(w.size(), f.train().length + f.test().length);
            Arrays.stream(f.test()).forEach(tested::add);
        }
        assertEquals(w.size(), tested.size());
        List<Splits.Fold> k = Splits.kFoldBySubject(w, 2, 7);
        assertEquals(2, k.size());
        k.forEach(f -> assertNoSubjectLeak(w, f));
        assertEquals(Splits.kFoldBySubject(w, 2, 7).get(0).test().length, k.get(0).test().length);
        assertThrows(IllegalArgumentException.class, () -> Splits.kFoldBySubject(w, 6, 1));
    }

    private static void assertNoSubjectLeak(List<WindowRef> w, Splits.Fold f) {
        Set<String> test = new HashSet<>();
        for (int i : f.test()) {
            test.add(w.get(i).key().subject());
        }
        for (int i : f.train()) {
            assertFalse(test.contains(w.get(i).key().subject()), f.name() + ": a test subject's window is in training");
        }
    }

    @Test
    void withinSubjectFoldsKeepOverlappingWindowsApart() {
        List<WindowRef> w = refs(); // 14 s windows every 12 s: neighbours overlap
        for (Splits.Fold f : Splits.withinSubjectChronological(w, 4, 5.0)) {
            assertFalse(Splits.overlaps(f));
            for (int i : f.train()) {
                for (int t : f.test()) {
                    assertFalse(w.get(i).near(w.get(t), 5.0), f.name() + ": train window near a test window");
                }
            }
            assertTrue(f.train().length > 0 && f.test().length > 0);
        }
        Splits.Fold fs = Splits.fewShot(w, "03", 2, 1, 5.0);
        long calib = Arrays.stream(fs.train()).filter(i -> w.get(i).key().subject().equals("03")).count();
        assertEquals(4, calib, "2 per class, 2 classes");
        for (int t : fs.test()) {
            assertEquals("03", w.get(t).key().subject());
            for (int i : fs.train()) {
                assertFalse(w.get(i).near(w.get(t), 5.0));
            }
        }
    }
}
