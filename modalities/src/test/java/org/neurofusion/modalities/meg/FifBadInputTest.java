package org.neurofusion.modalities.meg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SharedData;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.modalities.Recordings;

/**
 * Damaged, hostile and other-kind FIF files (truncated ones: {@link FifContractTest}): each raises a typed error
 * naming the file and the byte offset, and none makes the reader loop, allocate what the file cannot hold, or
 * fail with anything but a {@link RecordingException}.
 */
class FifBadInputTest {
    @TempDir
    Path dir;
    private int written;

    private static <T extends RecordingException> T fails(Class<T> type, Path file, String... fragments) {
        RecordingException e = assertThrows(RecordingException.class, () -> {
            try (Recording r = FifReader.open(file)) {
                for (int c = 0; c < r.channels().size(); c++) {
                    r.readAll(c);
                }
            }
        });
        assertInstanceOf(type, e, e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
        }
        return type.cast(e);
    }

    /** Fixture {@code i} written after {@code damage} changed its bytes. */
    private Path damaged(int i, boolean directory, Damage damage) throws IOException {
        FifFixture f = FifContractTest.fixture(i);
        f.directory = directory;
        FifBytes tags = f.bytes();
        byte[] all = tags.finish(directory);
        damage.apply(ByteBuffer.wrap(all), tags);
        Path p = dir.resolve("bad" + (++written) + "_raw.fif");
        Files.write(p, all);
        return p;
    }

    @FunctionalInterface
    private interface Damage {
        void apply(ByteBuffer b, FifBytes tags);
    }

    private static long[] nth(FifBytes tags, int kind, int n) {
        return tags.tags.stream().filter(t -> t[0] == kind).skip(n).findFirst().orElseThrow();
    }

    @Test
    void aTagClaimingMoreBytesThanTheFileHas() throws IOException {
        long[][] buf = new long[1][];
        Path p = damaged(0, false, (b, t) -> {
            buf[0] = nth(t, FifConstants.DATA_BUFFER, 1);
            b.putInt((int) buf[0][3] + 8, Integer.MAX_VALUE); // 2 GiB of data that is not there
        });
        fails(CorruptRecordingException.class, p, "at byte " + (buf[0][3] + 8), "claims 2147483647 data bytes",
                "past the end");
    }

    @Test
    void aNegativeTagSize() throws IOException {
        long[][] buf = new long[1][];
        Path p = damaged(0, false, (b, t) -> {
            buf[0] = nth(t, FifConstants.CH_INFO, 2);
            b.putInt((int) buf[0][3] + 8, -96);
        });
        fails(CorruptRecordingException.class, p, "at byte " + (buf[0][3] + 8), "negative data size -96");
    }

    @Test
    void aNextPointerPastTheEnd() throws IOException {
        long[][] tag = new long[1][];
        Path p = damaged(0, false, (b, t) -> {
            tag[0] = nth(t, FifConstants.SFREQ, 0);
            b.putInt((int) tag[0][3] + 12, b.capacity() + 100);
        });
        fails(CorruptRecordingException.class, p, "next pointer of FIFF_SFREQ", "points to byte");
    }

    @Test
    void cyclicNextPointers() throws IOException {
        long[][] tags = new long[2][];
        Path p = damaged(0, false, (b, t) -> {
            tags[0] = nth(t, FifConstants.NCHAN, 0);
            tags[1] = nth(t, FifConstants.CH_INFO, 1);
            b.putInt((int) tags[1][3] + 12, (int) tags[0][3]); // back to FIFF_NCHAN: a loop
        });
        fails(CorruptRecordingException.class, p, "at byte " + (tags[1][3] + 12), "leads back to the tag at byte "
                + tags[0][3], "cycle");
    }

    @Test
    void aNextPointerThatIsNeitherAPositionNorAMarker() throws IOException {
        Path p = damaged(0, false, (b, t) -> b.putInt((int) nth(t, FifConstants.NCHAN, 0)[3] + 12, -7));
        fails(CorruptRecordingException.class, p, "next pointer", "is -7");
    }

    @Test
    void aDirectoryListingATagTwice() throws IOException {
        Path p = damaged(0, true, (b, t) -> {
            long[] dir = nth(t, FifConstants.DIR, 0);
            int entries = (int) dir[3] + 16;
            // entry 5 becomes a copy of entry 2: the directory revisits a tag
            for (int k = 0; k < 16; k++) {
                b.put(entries + 5 * 16 + k, b.get(entries + 2 * 16 + k));
            }
        });
        fails(CorruptRecordingException.class, p, "entry 5 of the tag directory", "a second time", "cyclic");
    }

    @Test
    void aDirectoryPointerToSomethingElse() throws IOException {
        // 0 means "no directory": the file is walked instead, and reads
        Path p = damaged(0, true, (b, t) -> b.putInt(36 + 16, 0));
        Path q = damaged(0, true, (b, t) -> b.putInt(36 + 16, (int) nth(t, FifConstants.NCHAN, 0)[3]));
        try (Recording r = FifReader.open(p)) {
            assertEquals(4, r.channels().size());
        }
        fails(CorruptRecordingException.class, q, "FIFF_DIR_POINTER at byte 36 points to FIFF_NCHAN",
                "not to a tag directory");
    }

    @Test
    void aDirectoryEntryThatDisagreesWithItsTag() throws IOException {
        Path p = damaged(0, true, (b, t) -> {
            long[] dir = nth(t, FifConstants.DIR, 0);
            b.putInt((int) dir[3] + 16 + 3 * 16 + 8, 9999); // entry 3's size
        });
        fails(CorruptRecordingException.class, p, "entry 3 of the tag directory", "but the file holds");
    }

    @Test
    void unsupportedBufferTypesAreNamed() throws IOException {
        int[][] cases = {{FifConstants.T_COMPLEX_FLOAT}, {FifConstants.T_DAU_PACK13}, {FifConstants.T_STRING}};
        String[] names = {"FIFFT_COMPLEX_FLOAT (complex-valued samples)", "FIFFT_DAU_PACK13 (differentially packed",
            "FIFFT_STRING (not a sample type)"};
        for (int i = 0; i < cases.length; i++) {
            int type = cases[i][0];
            long[][] buf = new long[1][];
            Path p = damaged(0, false, (b, t) -> {
                buf[0] = nth(t, FifConstants.DATA_BUFFER, 0);
                b.putInt((int) buf[0][3] + 4, type);
            });
            fails(UnsupportedFormatException.class, p, "at byte " + buf[0][3], names[i], "not supported");
        }
    }

    @Test
    void aBufferThatIsNotWholeSamples() throws IOException {
        FifBytes b = new FifBytes();
        b.start(FifConstants.B_MEAS);
        b.start(FifConstants.B_MEAS_INFO);
        b.ints(FifConstants.NCHAN, 2);
        b.floats(FifConstants.SFREQ, 100f);
        b.channel(1, FifChannelTypes.EEG, 1f, 1f, 1, new float[12], 107, "A");
        b.channel(2, FifChannelTypes.EEG, 1f, 1f, 1, new float[12], 107, "B");
        b.end(FifConstants.B_MEAS_INFO);
        b.start(FifConstants.B_RAW_DATA);
        int at = b.tag(FifConstants.DATA_BUFFER, FifConstants.T_FLOAT, new byte[20]); // 2.5 samples of 2 channels
        b.end(FifConstants.B_RAW_DATA);
        b.end(FifConstants.B_MEAS);
        Path p = dir.resolve("short_raw.fif");
        Files.write(p, b.finish(true));
        fails(CorruptRecordingException.class, p, "at byte " + (at + 8), "holds 20 bytes, not a whole number of "
                + "samples of 2 channels × 4 bytes");
    }

    @Test
    void aChannelCountThatDisagreesWithTheRecords() throws IOException {
        Path p = damaged(0, false, (b, t) -> b.putInt((int) nth(t, FifConstants.NCHAN, 0)[3] + 16, 40));
        fails(CorruptRecordingException.class, p, "FIFF_NCHAN says 40 channels", "describes 4");
    }

    @Test
    void anAbsurdSamplingRate() throws IOException {
        Path p = damaged(0, false, (b, t) -> b.putFloat((int) nth(t, FifConstants.SFREQ, 0)[3] + 16, Float.NaN));
        fails(CorruptRecordingException.class, p, "sampling rate NaN Hz");
    }

    @Test
    void aTagOfTheWrongType() throws IOException {
        Path p = damaged(0, false, (b, t) -> b.putInt((int) nth(t, FifConstants.SFREQ, 0)[3] + 4,
                FifConstants.T_STRING));
        fails(CorruptRecordingException.class, p, "FIFF_SFREQ", "has type FIFFT_STRING, expected FIFFT_FLOAT");
    }

    @Test
    void aBlockEndWithoutAStart() throws IOException {
        Path p = damaged(0, false, (b, t) -> {
            long[] start = nth(t, FifConstants.BLOCK_START, 0); // FIFFB_MEAS's start becomes an end
            b.putInt((int) start[3], FifConstants.BLOCK_END);
        });
        fails(CorruptRecordingException.class, p, "closes no open block");
    }

    @Test
    void blocksNestedTooDeep() throws IOException {
        FifBytes b = new FifBytes();
        for (int i = 0; i < 100; i++) {
            b.start(FifConstants.B_MEAS);
        }
        Path p = dir.resolve("deep_raw.fif");
        Files.write(p, b.finish(false));
        fails(CorruptRecordingException.class, p, "deeper than 64");
    }

    @Test
    void filesThatAreNotFif() throws IOException {
        Path empty = dir.resolve("empty.fif");
        Files.write(empty, new byte[0]);
        fails(CorruptRecordingException.class, empty, "ends after 0 bytes");
        Path text = dir.resolve("notes.fif");
        Files.writeString(text, "these are notes, not a FIF file at all", StandardCharsets.US_ASCII);
        fails(UnsupportedFormatException.class, text, "at byte 0", "not a FIF file");
        Path badId = damaged(0, false, (b, t) -> b.putInt(8, 24));
        fails(CorruptRecordingException.class, badId, "FIFF_FILE_ID", "20-byte");
        // Through format detection, a .fif name gets the FIF reader's own message.
        RecordingException e = assertThrows(RecordingException.class, () -> Recordings.open(text).close());
        assertTrue(e.getMessage().contains("not a FIF file"), e.getMessage());
    }

    /** The shared non-raw FIF files are refused by name: what they hold, and that this reader reads raw data. */
    @Test
    void nonRawFilesSayWhatTheyAre() {
        Path ave = SharedData.require("meg/mne_python/io_tests_data/test-ave.fif.gz");
        fails(UnsupportedFormatException.class, ave, "evoked (averaged) data", "FIFFB_EVOKED", "raw");
        for (String eve : new String[] {"meg/mne_python/io_tests_data/test-eve.fif",
            "meg/mne_python/io_tests_data/test_raw-eve.fif"}) {
            Path p = SharedData.require(eve);
            fails(UnsupportedFormatException.class, p, "MNE events list", "-eve.fif");
            RecordingException e = assertThrows(RecordingException.class, () -> Recordings.open(p).close());
            assertInstanceOf(UnsupportedFormatException.class, e);
        }
    }

    /**
     * Random damage to the header region (tags, the measurement info, buffer headers) and random cuts: every file
     * either reads or raises a RecordingException, never another exception, a hang or a huge allocation.
     */
    @Test
    void randomDamageRaisesOnlyRecordingExceptions() throws IOException {
        Random rnd = new Random(17);
        for (int round = 0; round < 400; round++) {
            int fixture = rnd.nextInt(FifContractTest.FIXTURES);
            FifFixture f = FifContractTest.fixture(fixture);
            byte[] all = f.bytes().finish(f.directory);
            int limit = Math.min(all.length, 2400);
            int flips = 1 + rnd.nextInt(4);
            for (int k = 0; k < flips; k++) {
                int at = rnd.nextInt(limit);
                all[at] = (byte) (rnd.nextInt(4) == 0 ? 0xFF : rnd.nextInt(256));
            }
            if (rnd.nextInt(5) == 0) {
                all = Arrays.copyOf(all, rnd.nextInt(all.length));
            }
            Path p = dir.resolve("fuzz" + round + "_raw.fif");
            Files.write(p, all);
            try (Recording r = FifReader.open(p)) {
                for (int c = 0; c < r.channels().size(); c++) {
                    if (r.channels().get(c).sampleCount() < 1_000_000) {
                        r.readAll(c);
                    }
                }
                r.annotations();
                r.segments();
            } catch (RecordingException expected) {
                assertTrue(expected.getMessage().startsWith(p.toString()), expected.getMessage());
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("round " + round + " (fixture " + fixture + "): " + e, e);
            }
            Files.delete(p);
        }
    }
}
