package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.util.Map;
import java.util.OptionalInt;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.Extent;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;

class SamplerTest {
    @TempDir
    static Path tmp;
    private static WindowStore store;

    @BeforeAll
    static void buildStore() {
        // 4 subjects × 2 sessions × 30 trials, onsets 2 s apart: a 5-s gap really constrains the batches.
        SyntheticWindows spec = new SyntheticWindows(4, 2, 30, 3, 50, 1, 2, 5, 2, 2, 9);
        store = WindowStore.build(tmp.resolve("s"), "k", spec.iterator());
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static WindowDataset dataset(ai.djl.training.dataset.Sampler sampler) {
        return WindowDataset.builder().setStore(store).setSampling(sampler).build();
    }

    @Test
    void subjectMixedCoversEveryWindowOncePerEpoch() {
        SubjectMixedSampler sampler = new SubjectMixedSampler(7, 42);
        WindowDataset ds = dataset(sampler);
        for (int epoch = 0; epoch < 2; epoch++) {
            List<Long> seen = new ArrayList<>();
            sampler.sample(ds).forEachRemaining(seen::addAll);
            assertEquals(LongStream.range(0, 240).boxed().toList(), seen.stream().sorted().toList());
        }
        List<List<Long>> e0 = sampler.batches(240, 0);
        assertEquals(e0, new SubjectMixedSampler(7, 42).batches(240, 0), "same seed, same order");
        assertNotEquals(e0, sampler.batches(240, 1), "each epoch has its own order");
        assertNotEquals(e0, new SubjectMixedSampler(7, 43).batches(240, 0));
        assertEquals(35, e0.size());
        assertEquals(2, e0.get(34).size());
        assertEquals(34, new SubjectMixedSampler(7, 42, true).batches(240, 0).size());
        assertEquals(35, new SubjectMixedSampler(7, 42, true).batches(245, 0).size());
        // Mixed: the first batch of a shuffled epoch should not come from one subject alone.
        Set<String> subjects = new HashSet<>();
        e0.get(0).forEach(i -> subjects.add(ds.info(i).key().subject()));
        assertTrue(subjects.size() > 1, subjects.toString());
    }

    @Test
    void subjectBlockedBatchesHoldOneSessionAndKeepTheGap() {
        SubjectBlockedSampler sampler = new SubjectBlockedSampler(4, 5.0, 7);
        WindowDataset ds = dataset(sampler);
        List<List<Long>> batches = new ArrayList<>();
        sampler.sample(ds).forEachRemaining(batches::add);
        Set<Long> covered = new HashSet<>();
        Set<String> firstSubjects = new HashSet<>();
        for (List<Long> b : batches) {
            assertTrue(b.size() >= 2 && b.size() <= 4, b.toString());
            RecordingKey k0 = ds.info(b.get(0)).key();
            for (int i = 0; i < b.size(); i++) {
                WindowInfo wi = ds.info(b.get(i));
                assertEquals(k0.subject(), wi.key().subject());
                assertEquals(k0.session(), wi.key().session());
                for (int j = 0; j < i; j++) {
                    WindowInfo wj = ds.info(b.get(j));
                    // The gap lies between the spans of every modality, not between onsets.
                    double gap = Math.max(wi.start() - wj.end(), wj.start() - wi.end());
                    assertTrue(gap >= 5.0, "spans " + gap + " s apart in " + b);
                }
                assertTrue(covered.add(b.get(i)), "window " + b.get(i) + " twice in one epoch");
            }
            if (firstSubjects.size() < 3) {
                firstSubjects.add(k0.subject());
            }
        }
        // Onsets 2 s apart with a 5-s gap: each session of 30 deals into full batches of 4 and a remainder.
        assertTrue(covered.size() >= 220, "covered " + covered.size() + " of 240");
        assertTrue(firstSubjects.size() > 1, "batches are shuffled across subjects");
        assertEquals(batches, new SubjectBlockedSampler(4, 5.0, 7).batches(ds, 0), "same seed, same order");
        assertNotEquals(batches, new SubjectBlockedSampler(4, 5.0, 8).batches(ds, 0));
        assertNotEquals(batches, sampler.batches(ds, 1));
    }

    @Test
    void subjectBlockedWorksOnASubjectSplit() {
        SubjectBlockedSampler sampler = new SubjectBlockedSampler(3, 5.0, 1);
        WindowDataset ds = WindowDataset.builder().setStore(store).setSampling(sampler)
                .optFilter(w -> w.key().subject().equals("02")).build();
        assertEquals(60, ds.size());
        Set<Long> covered = new HashSet<>();
        for (List<Long> b : sampler.batches(ds, 0)) {
            for (long i : b) {
                assertTrue(i < 60);
                assertEquals("02", ds.info(i).key().subject());
                assertTrue(covered.add(i), "window " + i + " twice in one epoch");
            }
        }
        // not a loop that ran zero times: most of the subject's windows are dealt
        assertTrue(covered.size() >= 45, "covered " + covered.size() + " of 60");
    }

    @Test
    void samplersRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new SubjectBlockedSampler(1, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new SubjectBlockedSampler(4, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new SubjectMixedSampler(0, 0));
    }

    /** EEG 4 s from the onset, fNIRS 10 s from {@code onset + nirsOffset}, one subject and session. */
    private static PairedWindow eegFnirs(double onset, double nirsOffset) {
        List<Channel> eeg = List.of(new Channel("C3", ChannelType.EEG, "V", 100, 10000));
        List<Channel> nirs = List.of(new Channel("S1_D1 hbo", ChannelType.HBO, "mol/L", 10, 1000));
        Map<Modality, SignalBlock> blocks = Map.of(
                Modality.EEG, new SignalBlock(List.of("C3"), 100, Math.round(onset * 100), 400, new float[400]),
                Modality.FNIRS, new SignalBlock(List.of("S1_D1 hbo"), 10, Math.round((onset + nirsOffset) * 10), 100,
                        new float[100]));
        return new PairedWindow(blocks, Map.of(Modality.EEG, eeg, Modality.FNIRS, nirs), OptionalInt.empty(),
                new RecordingKey("01", "1", "rest", ""), onset, Map.of(Modality.EEG, new Extent(onset, 4),
                        Modality.FNIRS, new Extent(onset + nirsOffset, 10)));
    }

    @Test
    void subjectBlockedKeepsApartWindowsWhoseFnirsOverlaps() {
        // Window 0: EEG 0–4 s, fNIRS 2–12 s. Window 1: EEG 10.5–14.5 s (apart), fNIRS 11.5–21.5 s (overlapping).
        // Window 2 is far from both. Onsets 10.5 s apart would satisfy a 5-s onset gap.
        List<PairedWindow> ws = List.of(eegFnirs(0, 2), eegFnirs(10.5, 1), eegFnirs(40, 2));
        try (WindowStore s = WindowStore.build(tmp.resolve("fnirs"), "k", ws.iterator())) {
            SubjectBlockedSampler sampler = new SubjectBlockedSampler(2, 5.0, 3);
            WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(sampler).build();
            assertEquals(12.0, ds.info(0).end());
            assertEquals(10.5, ds.info(1).start());
            for (int epoch = 0; epoch < 20; epoch++) {
                List<List<Long>> batches = sampler.batches(ds, epoch);
                // Two windows can never share a batch, so one batch of two (with window 2) and one left out.
                assertEquals(1, batches.size(), batches.toString());
                assertTrue(batches.get(0).contains(2L), batches.toString());
            }
        }
    }
}
