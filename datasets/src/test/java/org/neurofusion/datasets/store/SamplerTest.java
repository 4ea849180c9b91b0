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
                    double gap = Math.abs(wi.onset() - ds.info(b.get(j)).onset());
                    assertTrue(gap >= 5.0, "onsets " + gap + " s apart in " + b);
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
        for (List<Long> b : sampler.batches(ds, 0)) {
            for (long i : b) {
                assertTrue(i < 60);
                assertEquals("02", ds.info(i).key().subject());
            }
        }
    }

    @Test
    void samplersRejectNonsense() {
        assertThrows(IllegalArgumentException.class, () -> new SubjectBlockedSampler(1, 5, 0));
        assertThrows(IllegalArgumentException.class, () -> new SubjectBlockedSampler(4, Double.NaN, 0));
        assertThrows(IllegalArgumentException.class, () -> new SubjectMixedSampler(0, 0));
    }
}
