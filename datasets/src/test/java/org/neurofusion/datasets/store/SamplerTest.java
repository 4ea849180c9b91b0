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
        List<String> sessions = new ArrayList<>();
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
            sessions.add(k0.subject() + "/" + k0.session());
        }
        // Onsets 2 s apart with a 5-s gap: each session of 30 deals into full batches of 4 and a remainder.
        assertTrue(covered.size() >= 220, "covered " + covered.size() + " of 240");
        // Dealt session by session, the batches must then be shuffled: not one session's run after another's.
        assertNotEquals(sessions.stream().sorted().toList(), sessions, "batches are shuffled across sessions");
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
        assertThrows(IllegalArgumentException.class, () -> new SubjectBlockedSampler(4, -0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> new SubjectBlockedSampler(4, Double.POSITIVE_INFINITY, 0));
        assertThrows(IllegalArgumentException.class, () -> new SubjectMixedSampler(0, 0));
        SubjectMixedSampler mixed = new SubjectMixedSampler(4, 0);
        assertThrows(IllegalArgumentException.class, () -> mixed.batches(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> mixed.batches(Integer.MAX_VALUE + 1L, 0));
    }

    @Test
    void subjectMixedAtItsEdges() {
        // Batches of one window (plain SGD), an empty dataset, and a size that batches divide exactly.
        List<List<Long>> ones = new SubjectMixedSampler(1, 5).batches(3, 0);
        assertEquals(3, ones.size());
        assertEquals(Set.of(0L, 1L, 2L), Set.copyOf(ones.stream().map(b -> {
            assertEquals(1, b.size());
            return b.get(0);
        }).toList()));
        assertEquals(1, new SubjectMixedSampler(1, 5).getBatchSize());
        assertEquals(List.of(), new SubjectMixedSampler(4, 5).batches(0, 0));
        List<List<Long>> exact = new SubjectMixedSampler(7, 42).batches(14, 0);
        assertEquals(List.of(7, 7), exact.stream().map(List::size).toList(), "no empty batch after the last full one");
        assertEquals(LongStream.range(0, 14).boxed().toList(), exact.stream().flatMap(List::stream).sorted().toList());
    }

    /** An EEG-only window of 4 s from {@code start}, subject 01, session 1. */
    private static PairedWindow eegAt(double start) {
        List<Channel> eeg = List.of(new Channel("C3", ChannelType.EEG, "V", 100, 10000));
        return new PairedWindow(Map.of(Modality.EEG, new SignalBlock(List.of("C3"), 100, Math.round(start * 100), 400,
                new float[400])), Map.of(Modality.EEG, eeg), OptionalInt.empty(), new RecordingKey("01", "1", "rest", ""),
                start);
    }

    private static WindowStore eegStore(String name, double... starts) {
        List<PairedWindow> ws = new ArrayList<>();
        for (double t : starts) {
            ws.add(eegAt(t));
        }
        return WindowStore.build(tmp.resolve(name), "k", ws.iterator());
    }

    /** The batches of epochs 0 to 11 of a sampler of batch size 3 with gap {@code gap} over {@code s}. */
    private static List<List<List<Long>>> epochs(WindowStore s, double gap) {
        SubjectBlockedSampler sampler = new SubjectBlockedSampler(3, gap, 4);
        assertEquals(gap, sampler.minGapSeconds());
        assertEquals(3, sampler.getBatchSize());
        WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(sampler).build();
        List<List<List<Long>>> out = new ArrayList<>();
        for (int epoch = 0; epoch < 12; epoch++) {
            out.add(sampler.batches(ds, epoch));
        }
        return out;
    }

    @Test
    void subjectBlockedLetsWindowsExactlyTheGapApartShareABatch() {
        // Spans 0-4, 4-8, 8-12 touch: with a gap of 0 they may share a batch; spans 0-4, 9-13, 18-22 lie exactly
        // 5 s apart: with a gap of 5 s too. Whatever order an epoch deals them in, they make one batch of three.
        try (WindowStore touching = eegStore("touching", 0, 4, 8); WindowStore apart = eegStore("apart", 0, 9, 18);
                WindowStore close = eegStore("close", 0, 8.75)) {
            for (List<List<Long>> batches : epochs(touching, 0.0)) {
                assertEquals(List.of(Set.of(0L, 1L, 2L)), batches.stream().map(Set::copyOf).toList());
            }
            for (List<List<Long>> batches : epochs(apart, 5.0)) {
                assertEquals(List.of(Set.of(0L, 1L, 2L)), batches.stream().map(Set::copyOf).toList());
            }
            // 4.75 s apart is closer than the gap: never together (and a batch of one is dropped).
            for (List<List<Long>> batches : epochs(close, 5.0)) {
                assertEquals(List.of(), batches);
            }
        }
    }

    @Test
    void subjectBlockedDealsOtherNegativesEachEpoch() {
        // Twelve windows far apart fit any batch: which windows share a batch must still change between epochs,
        // or a contrastive model would see the same negatives for ever.
        double[] starts = new double[12];
        for (int i = 0; i < starts.length; i++) {
            starts[i] = 100.0 * i;
        }
        try (WindowStore s = eegStore("far", starts)) {
            SubjectBlockedSampler sampler = new SubjectBlockedSampler(4, 5.0, 9);
            WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(sampler).build();
            Set<Set<Set<Long>>> partitions = new HashSet<>();
            for (int epoch = 0; epoch < 4; epoch++) {
                List<List<Long>> batches = sampler.batches(ds, epoch);
                assertEquals(3, batches.size());
                partitions.add(Set.copyOf(batches.stream().map(Set::copyOf).toList()));
            }
            assertTrue(partitions.size() > 1, "the same batches every epoch: " + partitions);
        }
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
