package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.Extent;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;

/**
 * The index records: every field checked at opening even when the checksum agrees (a record written by a faulty
 * writer), blocks of zero channels or samples, stores larger than the writer's buffers, and channel lists told apart
 * by content, not by the list objects a reader hands out.
 */
class StoreRecordsTest {
    @TempDir
    Path tmp;

    private static final int LAST = TestWindows.awkward(1).size() - 1;

    /** Builds the awkward store, rewrites one record with {@code edit} and signs the index again. */
    private Path forged(int window, Consumer<ByteBuffer> edit) throws IOException {
        Path dir = tmp.resolve("s" + Long.toHexString(System.nanoTime()));
        WindowStore.build(dir, "k", TestWindows.awkward(1).iterator()).close();
        Path index = dir.resolve(StoreFiles.INDEX);
        long at = (long) window * StoreFiles.RECORD_BYTES;
        try (FileChannel ch = FileChannel.open(index, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer r = ByteBuffer.allocate(StoreFiles.RECORD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(r, at);
            edit.accept(r);
            ch.write(r.rewind(), at);
        }
        CRC32 crc = new CRC32();
        crc.update(Files.readAllBytes(index));
        Path hf = dir.resolve(StoreFiles.HEADER);
        StoreHeader h = StoreHeader.parse(hf, Files.readAllBytes(hf));
        Files.write(hf, new StoreHeader(h.provenance(), h.windowCount(), crc.getValue(), h.modalities(),
                h.recordings(), h.channelSets()).toJson());
        return dir;
    }

    private static StoreHeader header(Path dir) throws IOException {
        return StoreHeader.parse(dir.resolve(StoreFiles.HEADER), Files.readAllBytes(dir.resolve(StoreFiles.HEADER)));
    }

    private static CorruptRecordingException refused(Path dir) {
        return assertThrows(CorruptRecordingException.class, () -> WindowStore.open(dir));
    }

    @Test
    void aRecordSignedAgainStillOpens() throws IOException {
        // The control for the tests below: rewriting a record unchanged and re-signing it breaks nothing.
        Path dir = forged(3, r -> { });
        try (WindowStore s = WindowStore.open(dir)) {
            TestWindows.assertBitExact(TestWindows.awkward(1).get(3), s.window(3));
        }
    }

    @Test
    void aRecordingIndexOnePastTheTableIsRefused() throws IOException {
        int recordings = header(forged(0, r -> { })).recordings().size();
        Path dir = forged(2, r -> r.putInt(StoreFiles.OFF_RECORDING, recordings));
        CorruptRecordingException e = refused(dir);
        assertEquals(2L * StoreFiles.RECORD_BYTES, e.offset());
        assertTrue(e.getMessage().contains("window 2: recording index " + recordings + " (of " + recordings + ")"),
                e.getMessage());
    }

    @Test
    void aChannelSetOnePastTheTableIsRefused() throws IOException {
        int sets = header(forged(0, r -> { })).channelSets().size();
        int eeg = StoreFiles.slot(Modality.EEG);
        Path dir = forged(5, r -> r.putInt(eeg + StoreFiles.SLOT_CHANNEL_SET, sets));
        CorruptRecordingException e = refused(dir);
        // The offset is the slot's, within window 5's record.
        assertEquals(5L * StoreFiles.RECORD_BYTES + eeg, e.offset());
        assertTrue(e.getMessage().contains("window 5: the EEG block") && e.getMessage().contains("channel set "
                + sets), e.getMessage());
    }

    @Test
    void aBlockRunningPastItsDataFileIsRefused() throws IOException {
        // The last window's EEG block ends where eeg.f32 ends: one more sample per channel runs past it.
        int eeg = StoreFiles.slot(Modality.EEG);
        Path dir = forged(LAST, r -> r.putInt(eeg + StoreFiles.SLOT_SAMPLES,
                r.getInt(eeg + StoreFiles.SLOT_SAMPLES) + 1));
        CorruptRecordingException e = refused(dir);
        assertEquals((long) LAST * StoreFiles.RECORD_BYTES + eeg, e.offset());
        assertTrue(e.getMessage().contains("does not fit the store's EEG data file"), e.getMessage());
        // A block that starts one float later, its length unchanged, runs past it too.
        dir = forged(LAST, r -> r.putLong(eeg + StoreFiles.SLOT_OFFSET,
                r.getLong(eeg + StoreFiles.SLOT_OFFSET) + Float.BYTES));
        refused(dir);
    }

    @Test
    void aZeroRateIsRefused() throws IOException {
        int nirs = StoreFiles.slot(Modality.FNIRS);
        CorruptRecordingException e = refused(forged(1, r -> r.putDouble(nirs + StoreFiles.SLOT_RATE, 0)));
        assertEquals(StoreFiles.RECORD_BYTES + (long) nirs, e.offset());
        assertTrue(e.getMessage().contains("window 1: the FNIRS block"), e.getMessage());
    }

    /** A window of one recording: EEG of {@code eegChannels} × {@code eegSamples}, fNIRS of 2 × 3. */
    private static PairedWindow sized(int eegChannels, int eegSamples, double onset) {
        List<Channel> eeg = new ArrayList<>();
        for (int c = 0; c < eegChannels; c++) {
            eeg.add(new Channel("E" + c, ChannelType.EEG, "V", 100, 1000));
        }
        List<Channel> nirs = List.of(new Channel("S1_D1 hbo", ChannelType.HBO, "mol/L", 10, 100),
                new Channel("S1_D1 hbr", ChannelType.HBR, "mol/L", 10, 100));
        float[] d = new float[eegChannels * eegSamples];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (onset + i);
        }
        SignalBlock e = new SignalBlock(eeg.stream().map(Channel::name).toList(), 100, Math.round(onset * 100),
                eegSamples, d);
        SignalBlock n = new SignalBlock(List.of("S1_D1 hbo", "S1_D1 hbr"), 10, Math.round(onset * 10), 3,
                new float[] {1, 2, 3, -1, -2, -3});
        return new PairedWindow(Map.of(Modality.EEG, e, Modality.FNIRS, n),
                Map.of(Modality.EEG, List.copyOf(eeg), Modality.FNIRS, nirs), OptionalInt.of(1),
                new RecordingKey("01", "1", "rest", ""), onset);
    }

    @Test
    void blocksOfNoSamplesOrNoChannelsAreKept() {
        // An edge window can hold no sample of a modality (its extent then has length 0); the last block written is
        // empty too, so that its offset is the data file's end.
        List<PairedWindow> ws = List.of(sized(3, 0, 0), sized(0, 40, 1), sized(2, 5, 2), sized(2, 0, 3));
        try (WindowStore s = WindowStore.build(tmp.resolve("empty"), "k", ws.iterator())) {
            for (int i = 0; i < ws.size(); i++) {
                TestWindows.assertBitExact(ws.get(i), s.window(i));
            }
            assertArrayEquals(new int[] {3, 0}, s.shape(0, Modality.EEG));
            assertArrayEquals(new int[] {0, 40}, s.shape(1, Modality.EEG));
            assertEquals(new Extent(0, 0), s.info(0).extent(Modality.EEG));
            assertEquals(new Extent(3, 0), s.info(3).extent(Modality.EEG));
            assertEquals(0, s.block(3, Modality.EEG).data().length);
            s.verify();
        }
    }

    @Test
    void aStoreLargerThanTheWritersBuffersReadsBackExactly() {
        // 9000 windows: more records than the index buffer's 4096, and 1.44 MB of EEG, more than the 1 MiB data
        // buffer, with 160-byte blocks that do not divide it (one straddles each flush).
        int n = 9000;
        Iterator<PairedWindow> ws = new Iterator<>() {
            private int i;

            @Override
            public boolean hasNext() {
                return i < n;
            }

            @Override
            public PairedWindow next() {
                return sized(1, 40, i++);
            }
        };
        try (WindowStore s = WindowStore.build(tmp.resolve("big"), "k", ws)) {
            assertEquals(n, s.size());
            for (int i : new int[] {0, 4095, 4096, 6553, 6554, n - 1}) {
                TestWindows.assertBitExact(sized(1, 40, i), s.window(i));
            }
            assertEquals(n * 160L + n * 24L, s.dataBytes());
            s.verify();
        }
    }

    @Test
    void verifyReadsFilesLongerThanItsStep() throws IOException {
        Path dir = tmp.resolve("v");
        WindowStore.build(dir, "k", TestWindows.awkward(2).iterator()).close();
        long eegBytes = Files.size(dir.resolve("eeg.f32"));
        try (WindowStore s = WindowStore.open(dir, 1000)) {
            // steps of 999 bytes: many of them, none float-aligned, crossing the 1000-byte chunks
            s.verify(999);
        }
        // The last byte of the file lies in the last, partial step.
        try (FileChannel ch = FileChannel.open(dir.resolve("eeg.f32"), StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, eegBytes - 1);
            b.put(0, (byte) (b.get(0) ^ 1)).rewind();
            ch.write(b, eegBytes - 1);
        }
        try (WindowStore s = WindowStore.open(dir, 1000)) {
            CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> s.verify(999));
            assertTrue(e.getMessage().contains("eeg.f32") || e.file().endsWith("eeg.f32"), e.getMessage());
        }
    }

    @Test
    void windowsSharingOneNameListKeepTheirOwnChannels() {
        // A reader may hand out one list of names for every recording of a cap while the channels (positions,
        // rates) differ between recordings: each window must keep its own channels.
        List<String> names = List.of("C3", "C4");
        List<PairedWindow> ws = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            double rate = 100 * (k + 1);
            List<Channel> ch = List.of(new Channel("C3", ChannelType.EEG, "V", rate, 1000),
                    new Channel("C4", ChannelType.EEG, "V", rate, 1000));
            SignalBlock b = new SignalBlock(names, rate, 0, 2, new float[] {k, k, k, k});
            ws.add(new PairedWindow(Map.of(Modality.EEG, b), Map.of(Modality.EEG, ch), OptionalInt.empty(),
                    new RecordingKey("0" + k, "1", "rest", ""), 0));
        }
        try (WindowStore s = WindowStore.build(tmp.resolve("names"), "k", ws.iterator())) {
            for (int k = 0; k < 3; k++) {
                TestWindows.assertBitExact(ws.get(k), s.window(k));
                assertEquals(100.0 * (k + 1), s.channels(k, Modality.EEG).get(1).samplingRate());
            }
        }
    }
}
