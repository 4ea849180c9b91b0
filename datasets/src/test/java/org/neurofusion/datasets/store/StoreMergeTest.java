package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Provenance;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Pipeline;

class StoreMergeTest {
    @TempDir
    Path dir;

    private static WindowingSpec spec(double eegSeconds, double low) {
        return spec(eegSeconds, low, 10);
    }

    private static WindowingSpec spec(double eegSeconds, double low, double nirsSeconds) {
        return WindowingSpec.builder().setEvents(Map.of("a", 0, "b", 1))
                .addModality(Modality.EEG, eegSeconds, 0, 200, new Pipeline(List.of(new Filter(low, 30, "fir"))))
                .addModality(Modality.FNIRS, nirsSeconds, 0, Double.NaN, new Pipeline(List.of())).build();
    }

    /** Synthetic windows, their subjects renamed with {@code prefix}, in a store recording {@code spec}. */
    private WindowStore store(String name, String prefix, long seed, WindowingSpec spec) {
        Iterator<PairedWindow> in = SyntheticWindows.eegFnirs(2, 1, 5, seed).iterator();
        Iterator<PairedWindow> renamed = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public PairedWindow next() {
                PairedWindow w = in.next();
                RecordingKey k = w.key();
                return new PairedWindow(w.blocks(), w.channels(), w.label(), new RecordingKey(prefix + k.subject(),
                        k.session(), k.task(), k.run()), w.onset(), w.extents());
            }
        };
        Provenance p = Provenance.builder().addInputChecksum("data", name)
                .addConfiguration(WindowStore.WINDOWING_SPEC, spec.toJson()).build();
        return WindowStore.build(dir.resolve(name), p, renamed);
    }

    @Test
    void theMergeHoldsEveryWindowOfBothInOrderAndIsReused() {
        try (WindowStore a = store("a", "r", 1, spec(4, 8)); WindowStore b = store("b", "s", 2, spec(4, 8))) {
            try (WindowStore m = StoreMerge.merge(dir.resolve("m"), List.of(a, b))) {
                assertEquals(a.size() + b.size(), m.size());
                PairedWindow first = m.window(0);
                PairedWindow fromB = m.window(a.size() + 3);
                assertEquals(a.window(0).key(), first.key());
                assertEquals(b.window(3).key(), fromB.key());
                assertEquals(b.window(3).onset(), fromB.onset());
                assertEquals(b.window(3).blocks().get(Modality.EEG), fromB.blocks().get(Modality.EEG));
                assertArrayEquals(b.window(3).blocks().get(Modality.FNIRS).row(2),
                        fromB.blocks().get(Modality.FNIRS).row(2));
                assertEquals(b.window(3).label(), fromB.label());
                String merged = m.provenance().configuration().get(StoreMerge.MERGED);
                assertEquals(a.provenance().key() + "," + b.provenance().key(), merged);
                assertEquals(Map.of("store 1", a.provenance().key(), "store 2", b.provenance().key()),
                        m.provenance().inputs());
                assertEquals(spec(4, 8).toJson(), m.provenance().configuration().get(WindowStore.WINDOWING_SPEC));
                String key = m.provenance().key();
                try (WindowStore again = StoreMerge.merge(dir.resolve("m"), List.of(a, b))) {
                    assertEquals(key, again.provenance().key(), "the same inputs reuse the merge");
                }
            }
        }
    }

    @Test
    void storesCutDifferentlyOrSharingARecordingAreRefused() {
        try (WindowStore a = store("a2", "r", 1, spec(4, 8)); WindowStore longer = store("c", "s", 2, spec(2, 8));
                WindowStore otherBand = store("d", "t", 3, spec(4, 1)); WindowStore same = store("e", "r", 4,
                        spec(4, 8))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> StoreMerge.merge(dir.resolve("x"), List.of(a, longer)));
            assertTrue(e.getMessage().contains("cuts EEG as 2.0 s from 0.0 s at 200.0 Hz through ")
                    && e.getMessage().contains(" as 4.0 s from 0.0 s at 200.0 Hz through "), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> StoreMerge.merge(dir.resolve("y"), List.of(a,
                    otherBand)));
            try (WindowStore longerNirs = store("f", "u", 5, spec(4, 8, 12))) {
                e = assertThrows(IllegalArgumentException.class, () -> StoreMerge.merge(dir.resolve("v"),
                        List.of(a, longerNirs)));
                assertTrue(e.getMessage().contains("cuts FNIRS as 12.0 s from 0.0 s at the native rate through ")
                        && e.getMessage().contains(" as 10.0 s from 0.0 s at the native rate through "),
                        e.getMessage());
            }
            e = assertThrows(IllegalArgumentException.class, () -> StoreMerge.merge(dir.resolve("z"), List.of(a,
                    same)));
            assertTrue(e.getMessage().contains("is in ") && e.getMessage().contains("twice"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> StoreMerge.merge(dir.resolve("w"), List.of(a)));
            assertSame(false, java.nio.file.Files.exists(dir.resolve("x").resolve(StoreFiles.HEADER)));
        }
    }
}
