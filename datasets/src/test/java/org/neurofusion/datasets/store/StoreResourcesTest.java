package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.datasets.PairedWindow;

/**
 * What a store leaves behind besides its files: no open file after closing, after a rebuild or after a failed
 * opening (a training process opens stores for days), and one log line saying why a store is rebuilt.
 */
class StoreResourcesTest {
    @TempDir
    Path tmp;

    private static final List<PairedWindow> WINDOWS = TestWindows.awkward(11);

    /** The files under {@code dir} this process holds open (Linux: the links in /proc/self/fd). */
    private static List<Path> openUnder(Path dir) throws IOException {
        Path fds = Path.of("/proc/self/fd");
        assumeTrue(Files.isDirectory(fds), "needs /proc/self/fd");
        Path real = dir.toRealPath();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(fds)) {
            for (Path fd : s.toList()) {
                try {
                    Path target = Files.readSymbolicLink(fd);
                    if (target.startsWith(real)) {
                        out.add(target);
                    }
                } catch (IOException e) {
                    // closed between listing and reading (the listing's own descriptor)
                }
            }
        }
        return out;
    }

    @Test
    void buildingAndClosingLeavesNoFileOpen() throws IOException {
        WindowStore s = WindowStore.build(tmp.resolve("s"), "k", WINDOWS.iterator());
        assertEquals(3, openUnder(tmp).size(), "the index and two data files stay open while the store is");
        s.close();
        assertEquals(List.of(), openUnder(tmp));
    }

    @Test
    void aRebuildClosesTheStoreItReplaces() throws IOException {
        Path dir = tmp.resolve("s");
        WindowStore.build(dir, "old", WINDOWS.iterator()).close();
        WindowStore.openOrBuild(dir, "new", WINDOWS::iterator).close();
        assertEquals(List.of(), openUnder(tmp));
    }

    @Test
    void aFailedOpeningClosesWhatItOpened() throws IOException {
        Path dir = tmp.resolve("s");
        WindowStore.build(dir, "k", WINDOWS.iterator()).close();
        // The fNIRS file is opened after the index and the EEG file and found short: all three must be closed.
        try (FileChannel ch = FileChannel.open(dir.resolve("fnirs.f32"), StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 4);
        }
        assertThrows(CorruptRecordingException.class, () -> WindowStore.open(dir));
        assertEquals(List.of(), openUnder(tmp));
    }

    @Test
    void aRebuildIsLoggedWithItsReasonAndAShortBuildLogsNoProgress() throws IOException {
        Logger log = Logger.getLogger(WindowStore.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Level level = log.getLevel();
        log.setLevel(Level.INFO);
        log.addHandler(h);
        try {
            Path dir = tmp.resolve("s");
            WindowStore.openOrBuild(dir, "a", WINDOWS::iterator).close();
            WindowStore.openOrBuild(dir, "a", WINDOWS::iterator).close();
            assertEquals(List.of(), messages(records), "a first build and a reuse say nothing");

            WindowStore.openOrBuild(dir, "b", WINDOWS::iterator).close();
            assertEquals(List.of("window store " + dir + " was built for another key: rebuilding"),
                    messages(records));

            records.clear();
            Files.delete(dir.resolve("eeg.f32"));
            WindowStore.openOrBuild(dir, "b", WINDOWS::iterator).close();
            List<String> m = messages(records);
            assertEquals(1, m.size(), m.toString());
            assertTrue(m.get(0).startsWith("window store " + dir + " is incomplete or corrupt (")
                    && m.get(0).contains("eeg.f32") && m.get(0).endsWith("): rebuilding"), m.get(0));
        } finally {
            log.removeHandler(h);
            log.setLevel(level);
        }
    }

    private static List<String> messages(List<LogRecord> records) {
        SimpleFormatter f = new SimpleFormatter();
        return records.stream().map(f::formatMessage).toList();
    }
}
