package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Modality;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.datasets.PairedWindow;

class WindowStoreTest {
    @TempDir
    Path tmp;

    @Test
    void windowsReadBackBitExactly() {
        List<PairedWindow> windows = TestWindows.awkward(1);
        try (WindowStore s = WindowStore.build(tmp.resolve("s"), "k1", windows.iterator())) {
            assertEquals(windows.size(), s.size());
            assertEquals(tmp.resolve("s"), s.directory());
            assertEquals(List.of(Modality.EEG, Modality.FNIRS), s.modalities());
            List<PairedWindow> all = s.windows();
            assertEquals(windows.size(), all.size());
            for (int i = 0; i < windows.size(); i++) {
                TestWindows.assertBitExact(windows.get(i), s.window(i));
                TestWindows.assertBitExact(windows.get(i), all.get(i));
                assertEquals(windows.get(i).key(), s.info(i).key());
            }
            assertFalse(s.has(4, Modality.FNIRS));
            assertThrows(IllegalArgumentException.class, () -> s.block(4, Modality.FNIRS));
            assertArrayEquals(new int[] {4, 37}, s.shape(3, Modality.EEG));
            assertEquals("k1", s.provenance().key());
            assertEquals(org.neurofusion.core.Provenance.neurofusionVersion(),
                    s.provenance().versions().get("neurofusion"));
            s.verify();
        }
    }

    @Test
    void readsAcrossChunkBoundaries() {
        // Chunks of 1000 bytes: most windows straddle two or more, and 1000 is not a multiple of a float.
        List<PairedWindow> windows = TestWindows.awkward(2);
        WindowStore.build(tmp.resolve("s"), "k", windows.iterator()).close();
        try (WindowStore s = WindowStore.open(tmp.resolve("s"), 1000)) {
            for (int i = windows.size() - 1; i >= 0; i--) {
                TestWindows.assertBitExact(windows.get(i), s.window(i));
            }
            s.verify();
        }
    }

    @Test
    void channelListsAreStoredOnce() throws IOException {
        SyntheticWindows spec = SyntheticWindows.eegFnirs(2, 2, 5, 3);
        WindowStore.build(tmp.resolve("s"), "k", spec.iterator()).close();
        StoreHeader h = StoreHeader.parse(tmp.resolve("s/store.json"), Files.readAllBytes(tmp.resolve("s/store.json")));
        // Every simulated recording has the same montage and length: one EEG and one fNIRS list in all, however
        // many windows and recordings share them.
        assertEquals(2, h.channelSets().size());
        assertEquals(4, h.recordings().size());
        assertEquals(20 * StoreFiles.RECORD_BYTES, Files.size(tmp.resolve("s/windows.bin")));
    }

    @Test
    void reuseDoesNotRecompute() {
        List<PairedWindow> windows = TestWindows.awkward(3);
        AtomicInteger calls = new AtomicInteger();
        Path dir = tmp.resolve("s");
        WindowStore.openOrBuild(dir, "sha256:abc", () -> counted(calls, windows)).close();
        assertEquals(1, calls.get());
        try (WindowStore s = WindowStore.openOrBuild(dir, "sha256:abc", () -> counted(calls, windows))) {
            assertEquals(1, calls.get(), "the supplier must not be called when the store is reused");
            TestWindows.assertBitExact(windows.get(5), s.window(5));
        }
    }

    @Test
    void changedKeyRebuilds() {
        Path dir = tmp.resolve("s");
        AtomicInteger calls = new AtomicInteger();
        WindowStore.openOrBuild(dir, "old", () -> counted(calls, TestWindows.awkward(4))).close();
        List<PairedWindow> fresh = TestWindows.awkward(5).subList(0, 7);
        try (WindowStore s = WindowStore.openOrBuild(dir, "new", () -> counted(calls, fresh))) {
            assertEquals(2, calls.get());
            assertEquals("new", s.provenance().key());
            assertEquals(7, s.size());
            TestWindows.assertBitExact(fresh.get(6), s.window(6));
        }
        assertEquals(List.of("s"), siblings(), "no temporary or old folder is left behind");
    }

    @Test
    void interruptedBuildLeavesNothingThatOpens() {
        Path dir = tmp.resolve("s");
        List<PairedWindow> windows = TestWindows.awkward(6);
        Iterator<PairedWindow> failing = failAfter(windows, 10);
        assertThrows(IllegalStateException.class, () -> WindowStore.build(dir, "k", failing));
        assertThrows(RecordingException.class, () -> WindowStore.open(dir));
        assertEquals(List.of(), siblings());
        AtomicInteger calls = new AtomicInteger();
        try (WindowStore s = WindowStore.openOrBuild(dir, "k", () -> counted(calls, windows))) {
            assertEquals(1, calls.get());
            assertEquals(windows.size(), s.size());
        }
    }

    @Test
    void failedRebuildKeepsThePreviousStore() {
        Path dir = tmp.resolve("s");
        List<PairedWindow> windows = TestWindows.awkward(7);
        WindowStore.build(dir, "v1", windows.iterator()).close();
        assertThrows(IllegalStateException.class,
                () -> WindowStore.openOrBuild(dir, "v2", () -> failAfter(windows, 3)));
        try (WindowStore s = WindowStore.open(dir)) {
            assertEquals("v1", s.provenance().key());
            assertEquals(windows.size(), s.size());
        }
        assertEquals(List.of("s"), siblings());
    }

    @Test
    void crashLeftoversAreRebuilt() throws IOException {
        // A crash between writing files and the header: the folder exists without store.json.
        Path dir = tmp.resolve("s");
        List<PairedWindow> windows = TestWindows.awkward(8);
        WindowStore.build(dir, "k", windows.iterator()).close();
        Files.delete(dir.resolve("store.json"));
        assertThrows(RecordingException.class, () -> WindowStore.open(dir));
        AtomicInteger calls = new AtomicInteger();
        WindowStore.openOrBuild(dir, "k", () -> counted(calls, windows)).close();
        assertEquals(1, calls.get());

        // A truncated data file is found at opening and rebuilt too.
        try (FileChannel ch = FileChannel.open(dir.resolve("eeg.f32"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 4);
        }
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> WindowStore.open(dir));
        assertTrue(e.getMessage().contains("eeg.f32"), e.getMessage());
        try (WindowStore s = WindowStore.openOrBuild(dir, "k", () -> counted(calls, windows))) {
            assertEquals(2, calls.get());
            TestWindows.assertBitExact(windows.get(0), s.window(0));
        }
    }

    @Test
    void corruptionIsReportedWithFileAndOffset() throws IOException {
        Path dir = tmp.resolve("s");
        WindowStore.build(dir, "k", TestWindows.awkward(9).iterator()).close();
        flipByte(dir.resolve("windows.bin"), StoreFiles.RECORD_BYTES * 2L + 40);
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> WindowStore.open(dir));
        assertTrue(e.getMessage().contains("windows.bin"), e.getMessage());

        WindowStore.build(dir, "k", TestWindows.awkward(9).iterator()).close();
        flipByte(dir.resolve("fnirs.f32"), 17);
        try (WindowStore s = WindowStore.open(dir)) {
            CorruptRecordingException v = assertThrows(CorruptRecordingException.class, s::verify);
            assertTrue(v.getMessage().contains("fnirs.f32"), v.getMessage());
        }

        Files.writeString(dir.resolve("store.json"), "{\"format\": \"something-else\"}");
        assertThrows(UnsupportedFormatException.class, () -> WindowStore.open(dir));
    }

    @Test
    void refusesToReplaceAFolderThatIsNotAStore() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("mine"));
        Files.writeString(dir.resolve("notes.txt"), "precious");
        assertThrows(RecordingException.class, () -> WindowStore.build(dir, "k", TestWindows.awkward(1).iterator()));
        assertEquals("precious", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void aThreadInterruptedWhileBuildingStopsAndLeavesNothing() {
        Path dir = tmp.resolve("s");
        List<PairedWindow> windows = TestWindows.awkward(10);
        Iterator<PairedWindow> interrupting = new Iterator<>() {
            private int served;

            @Override
            public boolean hasNext() {
                return served < windows.size();
            }

            @Override
            public PairedWindow next() {
                if (served == 6) {
                    Thread.currentThread().interrupt();
                }
                return windows.get(served++);
            }
        };
        try {
            CancellationException e = assertThrows(CancellationException.class,
                    () -> WindowStore.build(dir, "k", interrupting));
            assertTrue(e.getMessage().contains("interrupted after 7 windows"), e.getMessage());
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of(), siblings());
    }

    @Test
    void anInterruptThatReachesAWriteIsACancellationToo() {
        // The window served after the interrupt holds 1.2 MB of EEG: adding it fills the writer's 1 MiB buffer, and
        // the write that follows meets the interrupt (file channels are interruptible).
        Path dir = tmp.resolve("s");
        List<PairedWindow> small = TestWindows.awkward(12);
        PairedWindow w = small.get(0);
        float[] big = new float[4 * 75_000];
        SignalBlock eeg = new SignalBlock(w.blocks().get(Modality.EEG).channelNames(), 250, 0, 75_000, big);
        PairedWindow large = new PairedWindow(Map.of(Modality.EEG, eeg),
                Map.of(Modality.EEG, w.channels().get(Modality.EEG)), w.label(), w.key(), 0);
        Iterator<PairedWindow> interrupting = new Iterator<>() {
            private int served;

            @Override
            public boolean hasNext() {
                return served < 3;
            }

            @Override
            public PairedWindow next() {
                if (served++ == 1) {
                    Thread.currentThread().interrupt();
                    return large;
                }
                return small.get(served);
            }
        };
        try {
            CancellationException e = assertThrows(CancellationException.class,
                    () -> WindowStore.build(dir, "k", interrupting));
            assertTrue(e.getMessage().contains("was interrupted"), e.getMessage());
        } finally {
            Thread.interrupted();
        }
        assertEquals(List.of(), siblings());
    }

    @Test
    void refusesToReplaceAFileThatIsNotAStore() throws IOException {
        Path file = Files.writeString(tmp.resolve("s"), "precious");
        assertThrows(RecordingException.class, () -> WindowStore.build(file, "k", TestWindows.awkward(1).iterator()));
        assertEquals("precious", Files.readString(file));
    }

    @Test
    void describesItselfByFolderSizeModalitiesAndKey() {
        try (WindowStore s = WindowStore.build(tmp.resolve("s"), "k7", TestWindows.awkward(1).iterator())) {
            assertEquals("WindowStore[" + tmp.resolve("s") + ", 30 windows, [EEG, FNIRS], key k7]", s.toString());
        }
    }

    @Test
    void headersOfOlderVersionsAskForARebuildAndOthersDoNot() throws IOException {
        Path dir = tmp.resolve("s");
        WindowStore.build(dir, "k", TestWindows.awkward(1).iterator()).close();
        String json = Files.readString(dir.resolve("store.json"));
        for (int version = -1; version <= StoreFiles.FORMAT_VERSION + 1; version++) {
            if (version == StoreFiles.FORMAT_VERSION) {
                continue;
            }
            Files.writeString(dir.resolve("store.json"), json.replace("\"formatVersion\" : " + StoreFiles.FORMAT_VERSION,
                    "\"formatVersion\" : " + version));
            UnsupportedFormatException e = assertThrows(UnsupportedFormatException.class, () -> WindowStore.open(dir));
            assertTrue(e.getMessage().contains("window store format version " + version + " is not supported"),
                    e.getMessage());
            assertEquals(version >= 0 && version < StoreFiles.FORMAT_VERSION,
                    e.getMessage().contains("written by an older neurofusion: rebuild it"),
                    e.getMessage());
        }
    }

    @Test
    void anEmptyStoreOpens() {
        try (WindowStore s = WindowStore.build(tmp.resolve("e"), "k", List.<PairedWindow>of().iterator())) {
            assertEquals(0, s.size());
            assertEquals(List.of(), s.modalities());
        }
    }

    @Test
    void closedStoreRefusesReads() {
        WindowStore s = WindowStore.build(tmp.resolve("s"), "k", TestWindows.awkward(1).iterator());
        s.close();
        assertThrows(IllegalStateException.class, () -> s.window(0));
    }

    private static Iterator<PairedWindow> counted(AtomicInteger calls, List<PairedWindow> windows) {
        calls.incrementAndGet();
        return windows.iterator();
    }

    private static Iterator<PairedWindow> failAfter(List<PairedWindow> windows, int n) {
        Iterator<PairedWindow> it = windows.iterator();
        return new Iterator<>() {
            private int served;

            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public PairedWindow next() {
                if (served++ == n) {
                    throw new IllegalStateException("simulated failure while cutting windows");
                }
                return it.next();
            }
        };
    }

    private List<String> siblings() {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void flipByte(Path file, long pos) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, pos);
            b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind();
            ch.write(b, pos);
        }
    }
}
