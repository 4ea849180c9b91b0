package org.neurofusion.datasets.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.neurofusion.core.Channel;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Provenance;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.Extent;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.store.StoreHeader.ChannelSet;
import org.neurofusion.datasets.store.StoreHeader.ModalityFile;

/**
 * Windows written once to disk and read back by memory mapping: per modality one float32 file holding every
 * window's block back to back, a fixed-size record per window ({@code windows.bin}) and a JSON header
 * ({@code store.json}: provenance, checksums, the distinct recordings and channel lists). Each record keeps, per
 * modality, the block's extent on the reference clock (start and length, seconds), read by {@link #info} without
 * touching samples. Building streams windows
 * to disk, so memory stays bounded whatever the store's size; reading window {@code i} touches only its own
 * bytes, mapped lazily in chunks of at most 1 GiB.
 *
 * <p>A store is built in a temporary sibling folder whose header is written last, then renamed into place, so
 * an interrupted build never leaves a folder that opens as complete. {@link #openOrBuild} reuses a complete
 * store whose provenance key matches and rebuilds otherwise. Reading is thread-safe.
 */
public final class WindowStore implements AutoCloseable {
    /** The provenance configuration entry holding the windowing spec's JSON, when the builder recorded it. */
    public static final String WINDOWING_SPEC = "windowing_spec";

    private static final System.Logger LOG = System.getLogger(WindowStore.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long MAX_HEADER_BYTES = 256L << 20;
    private static final long PROGRESS_NANOS = 10_000_000_000L;
    private static final int VERIFY_STEP = 64 << 20;

    private final Path dir;
    private final StoreHeader header;
    private final ChunkedMapping index;
    private final Map<Modality, ChunkedMapping> data;
    private final int size;
    private volatile boolean closed;

    private WindowStore(Path dir, StoreHeader header, ChunkedMapping index, Map<Modality, ChunkedMapping> data) {
        this.dir = dir;
        this.header = header;
        this.index = index;
        this.data = data;
        this.size = (int) header.windowCount();
    }

    /**
     * Writes {@code windows} as a new store in {@code dir}, replacing a store already there (atomically), and
     * opens it.
     *
     * @param key the provenance key (checksums of the inputs and the window specification)
     * @throws RecordingException when {@code dir} holds files that are not a store's, or on I/O failure
     * @throws CancellationException when the thread is interrupted; nothing is left behind
     */
    public static WindowStore build(Path dir, String key, Iterator<PairedWindow> windows) {
        return build(dir, Provenance.ofKey(key), windows, ChunkedMapping.DEFAULT_CHUNK);
    }

    /**
     * Writes {@code windows} as a new store in {@code dir} recording {@code provenance} (the inputs' checksums and
     * the configuration that made the windows), replacing a store already there (atomically), and opens it.
     */
    public static WindowStore build(Path dir, Provenance provenance, Iterator<PairedWindow> windows) {
        return build(dir, provenance, windows, ChunkedMapping.DEFAULT_CHUNK);
    }

    /**
     * Opens the store in {@code dir} when it is complete and was built with {@code key}; otherwise builds it
     * from the windows {@code windows} supplies (called only then, so nothing is recomputed on reuse).
     */
    public static WindowStore openOrBuild(Path dir, String key, Supplier<? extends Iterator<PairedWindow>> windows) {
        return openOrBuild(dir, Provenance.ofKey(key), windows, ChunkedMapping.DEFAULT_CHUNK);
    }

    /**
     * Opens the store in {@code dir} when it is complete and its provenance has the same key as
     * {@code provenance}; otherwise builds it, recording {@code provenance}, from the windows {@code windows}
     * supplies (called only then).
     */
    public static WindowStore openOrBuild(Path dir, Provenance provenance,
            Supplier<? extends Iterator<PairedWindow>> windows) {
        return openOrBuild(dir, provenance, windows, ChunkedMapping.DEFAULT_CHUNK);
    }

    /**
     * Opens a complete store.
     *
     * @throws RecordingException when there is no complete store in {@code dir}; its subclass
     *         {@code CorruptRecordingException} when files are truncated or inconsistent, and
     *         {@code UnsupportedFormatException} for a header of another format or version
     */
    public static WindowStore open(Path dir) {
        return open(dir, ChunkedMapping.DEFAULT_CHUNK);
    }

    static WindowStore openOrBuild(Path dir, Provenance provenance, Supplier<? extends Iterator<PairedWindow>> windows,
            long chunkBytes) {
        String key = provenance.key();
        Objects.requireNonNull(windows, "windows");
        if (Files.exists(dir.resolve(StoreFiles.HEADER))) {
            try {
                WindowStore s = open(dir, chunkBytes);
                if (s.provenance().key().equals(key)) {
                    return s;
                }
                s.close();
                LOG.log(System.Logger.Level.INFO, "window store {0} was built for another key: rebuilding", dir);
            } catch (RecordingException e) {
                LOG.log(System.Logger.Level.INFO, "window store {0} is incomplete or corrupt ({1}): rebuilding",
                        dir, e.getMessage());
            }
        }
        return build(dir, provenance, Objects.requireNonNull(windows.get(), "the window supplier returned null"),
                chunkBytes);
    }

    static WindowStore build(Path dir, Provenance provenance, Iterator<PairedWindow> windows, long chunkBytes) {
        Objects.requireNonNull(provenance, "provenance");
        Objects.requireNonNull(windows, "windows");
        Path target = dir.toAbsolutePath().normalize();
        Path parent = target.getParent();
        if (parent == null) {
            throw new IllegalArgumentException("a window store cannot be the file system root");
        }
        if (!StoreFiles.replaceable(target)) {
            throw new RecordingException(target, -1, "exists and holds files that are not a window store's;"
                    + " refusing to replace it");
        }
        Path tmp = parent.resolve("." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong(), 36)
                + ".building");
        try {
            Files.createDirectories(parent);
            Files.createDirectory(tmp);
            try (StoreWriter w = new StoreWriter(tmp)) {
                long lastLog = System.nanoTime();
                while (windows.hasNext()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new CancellationException("building window store " + target + " was interrupted after "
                                + w.windows() + " windows");
                    }
                    w.add(Objects.requireNonNull(windows.next(), "null window"));
                    if (System.nanoTime() - lastLog > PROGRESS_NANOS) {
                        lastLog = System.nanoTime();
                        LOG.log(System.Logger.Level.INFO, "building window store {0}: {1} windows, {2} MB", target,
                                w.windows(), w.bytes() >> 20);
                    }
                }
                w.finish(provenance);
            }
            install(tmp, target);
        } catch (ClosedByInterruptException e) {
            // The interrupt reached a write (file channels are interruptible): a cancellation, as between windows.
            deleteQuietly(tmp);
            CancellationException c = new CancellationException("building window store " + target
                    + " was interrupted while writing");
            c.initCause(e);
            throw c;
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new RecordingException(target, -1, "cannot be built: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            deleteQuietly(tmp);
            throw e;
        }
        return open(target, chunkBytes);
    }

    /** Renames the finished folder into place; an old store there is moved aside first, then removed. */
    private static void install(Path tmp, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + "."
                    + Long.toUnsignedString(RANDOM.nextLong(), 36) + ".old");
            move(target, old);
        }
        try {
            move(tmp, target);
        } catch (IOException e) {
            if (old != null) {
                move(old, target);
            }
            throw e;
        }
        StoreFiles.syncFolder(target.getParent());
        if (old != null) {
            deleteQuietly(old);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            // Same folder, so a rename; a file system without atomic renames offers nothing better.
            Files.move(from, to);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            org.neurofusion.core.AtomicFiles.deleteTree(dir);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "could not remove " + dir, e);
        }
    }

    static WindowStore open(Path dir, long chunkBytes) {
        Path headerFile = dir.resolve(StoreFiles.HEADER);
        if (!Files.isRegularFile(headerFile)) {
            throw new RecordingException(dir, -1, "is not a complete window store: " + StoreFiles.HEADER
                    + " is missing");
        }
        StoreHeader header;
        try {
            long n = Files.size(headerFile);
            if (n > MAX_HEADER_BYTES) {
                throw new CorruptRecordingException(headerFile, -1, "is " + n + " bytes, more than a store header"
                        + " can be (" + MAX_HEADER_BYTES + ")");
            }
            header = StoreHeader.parse(headerFile, Files.readAllBytes(headerFile));
        } catch (IOException e) {
            throw new RecordingException(headerFile, -1, "cannot be read: " + e.getMessage(), e);
        }
        if (header.windowCount() > Integer.MAX_VALUE) {
            throw new CorruptRecordingException(headerFile, -1, "windowCount " + header.windowCount()
                    + " exceeds the " + Integer.MAX_VALUE + " windows a store can index");
        }
        // Index chunks hold whole records, so a record is always a view and never a copy.
        long indexChunk = Math.max(1, chunkBytes / StoreFiles.RECORD_BYTES) * StoreFiles.RECORD_BYTES;
        List<ChunkedMapping> opened = new ArrayList<>();
        try {
            ChunkedMapping index = new ChunkedMapping(dir.resolve(StoreFiles.INDEX),
                    header.windowCount() * StoreFiles.RECORD_BYTES, indexChunk);
            opened.add(index);
            Map<Modality, ChunkedMapping> data = new EnumMap<>(Modality.class);
            for (ModalityFile f : header.modalities()) {
                ChunkedMapping m = new ChunkedMapping(dir.resolve(f.file()), f.bytes(), chunkBytes);
                opened.add(m);
                data.put(f.modality(), m);
            }
            WindowStore store = new WindowStore(dir, header, index, Collections.unmodifiableMap(data));
            store.checkIndex();
            return store;
        } catch (RuntimeException e) {
            opened.forEach(ChunkedMapping::close);
            throw e;
        }
    }

    /**
     * Checks the index's checksum and every record against the header's tables and the data files' sizes, once at
     * opening, so that reads later can trust offsets and shapes.
     */
    private void checkIndex() {
        CRC32 crc = new CRC32();
        Path file = index.file();
        for (int i = 0; i < size; i++) {
            long at = (long) i * StoreFiles.RECORD_BYTES;
            ByteBuffer r = index.slice(at, StoreFiles.RECORD_BYTES);
            crc.update(r.duplicate());
            int rec = r.getInt(StoreFiles.OFF_RECORDING);
            int flags = r.getInt(StoreFiles.OFF_FLAGS);
            if (rec < 0 || rec >= header.recordings().size() || (flags & ~StoreFiles.FLAG_LABELLED) != 0
                    || !Double.isFinite(r.getDouble(StoreFiles.OFF_ONSET))) {
                throw new CorruptRecordingException(file, at, "window " + i + ": recording index " + rec + " (of "
                        + header.recordings().size() + "), flags " + flags + " or onset is invalid");
            }
            for (Modality m : Modality.values()) {
                int slot = StoreFiles.slot(m);
                long off = r.getLong(slot + StoreFiles.SLOT_OFFSET);
                if (off == -1) {
                    continue;
                }
                int c = r.getInt(slot + StoreFiles.SLOT_CHANNELS);
                int s = r.getInt(slot + StoreFiles.SLOT_SAMPLES);
                int set = r.getInt(slot + StoreFiles.SLOT_CHANNEL_SET);
                double rate = r.getDouble(slot + StoreFiles.SLOT_RATE);
                long first = r.getLong(slot + StoreFiles.SLOT_FIRST_SAMPLE);
                double start = r.getDouble(slot + StoreFiles.SLOT_START);
                double length = r.getDouble(slot + StoreFiles.SLOT_LENGTH);
                ChunkedMapping d = data.get(m);
                long floats = (long) c * s;
                boolean ok = d != null && c >= 0 && s >= 0 && floats <= Integer.MAX_VALUE - 8 && set >= 0
                        && set < header.channelSets().size() && header.channelSets().get(set).channels().size() == c
                        && rate > 0 && Double.isFinite(rate) && first >= 0 && off >= 0 && off % Float.BYTES == 0
                        && off + floats * Float.BYTES <= d.size() && Double.isFinite(start)
                        && Double.isFinite(length) && length >= 0;
                if (!ok) {
                    throw new CorruptRecordingException(file, at + slot, "window " + i + ": the " + m + " block ("
                            + c + " × " + s + " at byte " + off + ", channel set " + set + ", " + rate
                            + " Hz, extent " + start + " s + " + length + " s) does not fit the store's " + m
                            + " data file and tables");
                }
            }
        }
        if (crc.getValue() != header.indexCrc32()) {
            throw new CorruptRecordingException(file, -1, "checksum " + Long.toHexString(crc.getValue())
                    + " differs from the header's " + Long.toHexString(header.indexCrc32()));
        }
    }

    /** The folder this store lives in. */
    public Path directory() {
        return dir;
    }

    /** Where the windows come from: the build key, when and by what the store was written. */
    public Provenance provenance() {
        return header.provenance();
    }

    /** Number of windows. */
    public int size() {
        return size;
    }

    /** The modalities with a data file, in {@link Modality} order. */
    public List<Modality> modalities() {
        return header.modalities().stream().map(ModalityFile::modality).sorted().toList();
    }

    /** Bytes of samples held, all modalities together. */
    public long dataBytes() {
        return header.modalities().stream().mapToLong(ModalityFile::bytes).sum();
    }

    /**
     * The windowing spec (JSON) the store was cut with, when its builder recorded one in the provenance
     * configuration under {@value #WINDOWING_SPEC} (as {@code BidsWindowStore} does); empty otherwise.
     */
    public Optional<String> windowingSpec() {
        return Optional.ofNullable(header.provenance().configuration().get(WINDOWING_SPEC));
    }

    /** Key, onset, label and per-modality extents of window {@code i}, read from its index record only. */
    public WindowInfo info(int i) {
        ByteBuffer r = record(i);
        OptionalInt label = (r.getInt(StoreFiles.OFF_FLAGS) & StoreFiles.FLAG_LABELLED) != 0
                ? OptionalInt.of(r.getInt(StoreFiles.OFF_LABEL)) : OptionalInt.empty();
        Map<Modality, Extent> extents = new EnumMap<>(Modality.class);
        for (Modality m : data.keySet()) {
            int slot = StoreFiles.slot(m);
            if (r.getLong(slot + StoreFiles.SLOT_OFFSET) != -1) {
                extents.put(m, new Extent(r.getDouble(slot + StoreFiles.SLOT_START),
                        r.getDouble(slot + StoreFiles.SLOT_LENGTH)));
            }
        }
        return new WindowInfo(i, header.recordings().get(r.getInt(StoreFiles.OFF_RECORDING)),
                r.getDouble(StoreFiles.OFF_ONSET), label, extents);
    }

    /** Whether window {@code i} has a block of modality {@code m}. */
    public boolean has(int i, Modality m) {
        return record(i).getLong(StoreFiles.slot(m) + StoreFiles.SLOT_OFFSET) != -1;
    }

    /**
     * Channels × samples of window {@code i}'s block of {@code m}.
     *
     * @throws IllegalArgumentException when the window has no such block
     */
    public int[] shape(int i, Modality m) {
        ByteBuffer r = present(i, m);
        int slot = StoreFiles.slot(m);
        return new int[] {r.getInt(slot + StoreFiles.SLOT_CHANNELS), r.getInt(slot + StoreFiles.SLOT_SAMPLES)};
    }

    /** The channels of window {@code i}'s block of {@code m} (type, unit, position). */
    public List<Channel> channels(int i, Modality m) {
        return channelSet(present(i, m), m).channels();
    }

    /**
     * Window {@code i}'s block of {@code m}, reading only its bytes.
     *
     * @throws IllegalArgumentException when the window has no such block
     */
    public SignalBlock block(int i, Modality m) {
        ByteBuffer r = present(i, m);
        int slot = StoreFiles.slot(m);
        int c = r.getInt(slot + StoreFiles.SLOT_CHANNELS);
        int s = r.getInt(slot + StoreFiles.SLOT_SAMPLES);
        float[] values = new float[c * s];
        data.get(m).readFloats(r.getLong(slot + StoreFiles.SLOT_OFFSET), values);
        return new SignalBlock(channelSet(r, m).blockNames(), r.getDouble(slot + StoreFiles.SLOT_RATE),
                r.getLong(slot + StoreFiles.SLOT_FIRST_SAMPLE), s, values);
    }

    /** Window {@code i} as it was written: every block, its channels, label, key and onset. */
    public PairedWindow window(int i) {
        WindowInfo info = info(i);
        Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
        Map<Modality, List<Channel>> channels = new EnumMap<>(Modality.class);
        for (Modality m : data.keySet()) {
            if (has(i, m)) {
                blocks.put(m, block(i, m));
                channels.put(m, channels(i, m));
            }
        }
        return new PairedWindow(blocks, channels, info.label(), info.key(), info.onset(), info.extents());
    }

    /** Every window, in store order, read into memory (for methods that need them all at once). */
    public List<PairedWindow> windows() {
        List<PairedWindow> out = new java.util.ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            out.add(window(i));
        }
        return out;
    }

    /**
     * Re-reads every data file and compares its checksum with the header's. Opening checks sizes and the index
     * only; this reads the whole store, so call it when silent corruption is a worry (after copying a store).
     *
     * @throws CorruptRecordingException naming the file whose checksum differs
     */
    public void verify() {
        verify(VERIFY_STEP);
    }

    /** {@link #verify()} reading {@code step} bytes at a time. */
    void verify(int step) {
        for (ModalityFile f : header.modalities()) {
            ChunkedMapping m = data.get(f.modality());
            CRC32C crc = new CRC32C();
            for (long pos = 0; pos < m.size(); pos += step) {
                crc.update(m.slice(pos, (int) Math.min(step, m.size() - pos)));
            }
            if (crc.getValue() != f.crc32c()) {
                throw new CorruptRecordingException(m.file(), -1, "checksum " + Long.toHexString(crc.getValue())
                        + " differs from the header's " + Long.toHexString(f.crc32c()));
            }
        }
    }

    /** Releases the files; windows read earlier stay valid (they are copies). */
    @Override
    public void close() {
        closed = true;
        index.close();
        data.values().forEach(ChunkedMapping::close);
    }

    @Override
    public String toString() {
        return "WindowStore[" + dir + ", " + size + " windows, " + modalities() + ", key "
                + header.provenance().key() + "]";
    }

    private ByteBuffer record(int i) {
        if (closed) {
            throw new IllegalStateException("window store " + dir + " is closed");
        }
        Objects.checkIndex(i, size);
        return index.slice((long) i * StoreFiles.RECORD_BYTES, StoreFiles.RECORD_BYTES);
    }

    private ByteBuffer present(int i, Modality m) {
        ByteBuffer r = record(i);
        if (r.getLong(StoreFiles.slot(m) + StoreFiles.SLOT_OFFSET) == -1) {
            RecordingKey k = header.recordings().get(r.getInt(StoreFiles.OFF_RECORDING));
            throw new IllegalArgumentException("window " + i + " (" + k + ") has no " + m + " block");
        }
        return r;
    }

    private ChannelSet channelSet(ByteBuffer r, Modality m) {
        return header.channelSets().get(r.getInt(StoreFiles.slot(m) + StoreFiles.SLOT_CHANNEL_SET));
    }
}
