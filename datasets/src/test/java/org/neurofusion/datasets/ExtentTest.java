package org.neurofusion.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Provenance;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;

/** Windows cut from a pairing know where every modality's block lies on the reference clock, and keep it. */
class ExtentTest {
    @TempDir
    Path tmp;

    @Test
    void cutWindowsCarryEachModalitysTrueExtent() {
        ClockMap nirs = PairedWindowsTest.NIRS_CLOCK;
        for (PairedWindow w : PairedWindows.cut(PairedWindowsTest.paired("01", 12), PairedWindowsTest.spec())
                .windows()) {
            double t = w.onset();
            Extent e = w.extents().get(Modality.EEG);
            assertEquals(Math.round(t * 200) / 200.0, e.start(), 1e-12);
            assertEquals(4.0, e.length(), 1e-12);
            // fNIRS: 2 s after the event on its own clock, rounded to its 10 Hz grid, mapped back to the reference.
            long first = Math.round((nirs.fromReference(t) + 2) * 10);
            Extent f = w.extents().get(Modality.FNIRS);
            assertEquals(nirs.toReference(first / 10.0), f.start(), 1e-9);
            assertEquals(10 * (1 + nirs.drift()), f.length(), 1e-9);
            assertTrue(Math.abs(f.start() - (t + 2)) <= 0.05 + 1e-3, "within half a 10 Hz sample of t + 2");
            assertEquals(e.start(), w.start(), 0);
            assertEquals(f.end(), w.end(), 0);
        }
    }

    @Test
    void theStoreKeepsExtentsAndTheWindowingSpec() {
        List<PairedWindow> ws = PairedWindows.cut(PairedWindowsTest.paired("01", 6), PairedWindowsTest.spec())
                .windows();
        Provenance p = Provenance.builder().addConfiguration(WindowStore.WINDOWING_SPEC,
                PairedWindowsTest.spec().toJson()).build();
        try (WindowStore s = WindowStore.build(tmp.resolve("s"), p, ws.iterator())) {
            assertEquals(Optional.of(PairedWindowsTest.spec().toJson()), s.windowingSpec());
            for (int i = 0; i < ws.size(); i++) {
                WindowInfo info = s.info(i);
                assertEquals(ws.get(i).extents(), info.extents());
                assertEquals(ws.get(i).extents().get(Modality.FNIRS), info.extent(Modality.FNIRS));
                assertEquals(ws.get(i).start(), info.start(), 0);
                assertEquals(ws.get(i).end(), info.end(), 0);
                assertEquals(ws.get(i).extents(), s.window(i).extents());
                assertEquals(WindowRef.of(ws.get(i)), info.ref());
            }
        }
        try (WindowStore s = WindowStore.build(tmp.resolve("k"), "key", ws.iterator())) {
            assertEquals(Optional.empty(), s.windowingSpec());
        }
    }

    @Test
    void aStoreOfTheFormerVersionIsRefusedWithAdviceAndRebuiltByOpenOrBuild() throws Exception {
        List<PairedWindow> ws = PairedWindows.cut(PairedWindowsTest.paired("01", 3), PairedWindowsTest.spec())
                .windows();
        Path dir = tmp.resolve("old");
        WindowStore.build(dir, "key", ws.iterator()).close();
        Path header = dir.resolve("store.json");
        String json = Files.readString(header);
        assertTrue(json.contains("\"formatVersion\" : 3"), json.substring(0, 200));
        Files.writeString(header, json.replace("\"formatVersion\" : 3", "\"formatVersion\" : 2"));
        UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, () -> WindowStore.open(dir));
        assertTrue(e.getMessage().contains("version 2") && e.getMessage().contains("rebuild"), e.getMessage());
        AtomicInteger calls = new AtomicInteger();
        try (WindowStore s = WindowStore.openOrBuild(dir, "key", () -> {
            calls.incrementAndGet();
            return ws.iterator();
        })) {
            assertEquals(1, calls.get());
            assertEquals(ws.get(1).extents(), s.info(1).extents());
        }
    }

    @Test
    void extentsMustMatchTheBlocksAndBeFinite() {
        PairedWindow w = PairedWindows.cut(PairedWindowsTest.paired("01", 1), PairedWindowsTest.spec()).windows()
                .get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new PairedWindow(w.blocks(),
                w.channels(), w.label(), w.key(), w.onset(), java.util.Map.of(Modality.EEG,
                        w.extents().get(Modality.EEG))));
        assertTrue(e.getMessage().contains("extents are given for [EEG]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Extent(Double.NaN, 1));
        assertThrows(IllegalArgumentException.class, () -> new Extent(0, -1));
    }
}
