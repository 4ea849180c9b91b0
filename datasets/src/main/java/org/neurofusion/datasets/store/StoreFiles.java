package org.neurofusion.datasets.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;
import org.neurofusion.core.Modality;

/**
 * The layout of a window store on disk: file names, the fixed-size binary record kept per window in
 * {@code windows.bin}, and folder housekeeping. One place, so that the writer and the reader cannot disagree.
 *
 * <p>A record is little-endian, {@link #RECORD_BYTES} long: recording index (int), flags (int, bit 0 =
 * labelled), label (int), reserved (int), onset (double), then one 56-byte slot per {@link Modality} in
 * declaration order: byte offset in that modality's data file (long, -1 when the window lacks the modality),
 * channels (int), samples (int), channel-set index (int), reserved (int), sampling rate (double), first sample
 * (long), start on the reference clock (double, seconds), length on the reference clock (double, seconds).
 *
 * <p>Version 3 added the start and length (a block's true extent); a version-2 store is refused by
 * {@code open} with a message to rebuild it, and rebuilt by {@code openOrBuild}.
 */
final class StoreFiles {
    static final String FORMAT = "neurofusion-window-store";
    static final int FORMAT_VERSION = 3;
    static final String HEADER = "store.json";
    static final String INDEX = "windows.bin";

    static final int OFF_RECORDING = 0;
    static final int OFF_FLAGS = 4;
    static final int OFF_LABEL = 8;
    static final int OFF_ONSET = 16;
    static final int SLOTS_START = 24;
    static final int SLOT_BYTES = 56;
    static final int SLOT_OFFSET = 0;
    static final int SLOT_CHANNELS = 8;
    static final int SLOT_SAMPLES = 12;
    static final int SLOT_CHANNEL_SET = 16;
    static final int SLOT_RATE = 24;
    static final int SLOT_FIRST_SAMPLE = 32;
    static final int SLOT_START = 40;
    static final int SLOT_LENGTH = 48;
    /** A fixed slot per modality keeps records the same size whatever modalities a store holds. */
    static final int RECORD_BYTES = SLOTS_START + SLOT_BYTES * Modality.values().length;
    static final int FLAG_LABELLED = 1;

    private StoreFiles() {
    }

    /** The data file of one modality, e.g. {@code eeg.f32}. */
    static String dataFile(Modality m) {
        return m.name().toLowerCase(Locale.ROOT) + ".f32";
    }

    /** Byte position of modality {@code m}'s slot within a record. */
    static int slot(Modality m) {
        return SLOTS_START + SLOT_BYTES * m.ordinal();
    }

    /**
     * Whether {@code dir} may be replaced by a new store: it does not exist, or it holds nothing but store files.
     * A user's folder that happens to carry the store's name must never be deleted.
     */
    static boolean replaceable(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString())
                    .allMatch(n -> n.equals(HEADER) || n.equals(INDEX) || n.endsWith(".f32"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Flushes a folder's entries (renames) to disk where the platform allows; elsewhere a no-op. */
    static void syncFolder(Path dir) {
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir,
                java.nio.file.StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open a folder for syncing; the rename itself is still atomic.
        }
    }
}
