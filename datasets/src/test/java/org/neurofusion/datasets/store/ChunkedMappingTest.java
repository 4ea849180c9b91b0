package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.CorruptRecordingException;

/** The lazily mapped file under a store: chunk sizes, reads across chunks, reads past the end. */
class ChunkedMappingTest {
    @TempDir
    Path tmp;

    /** A file of {@code n} bytes holding 0, 1, 2, ... */
    private Path counting(int n) throws IOException {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return Files.write(tmp.resolve("f.bin"), b);
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }

    @Test
    void theChunkMustBePositiveAndFitOneMapping() throws IOException {
        Path f = counting(10);
        assertThrows(IllegalArgumentException.class, () -> new ChunkedMapping(f, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> new ChunkedMapping(f, 10, -4));
        assertThrows(IllegalArgumentException.class, () -> new ChunkedMapping(f, 10, Integer.MAX_VALUE + 1L));
        // The largest chunk one MappedByteBuffer can hold is allowed.
        try (ChunkedMapping m = new ChunkedMapping(f, 10, Integer.MAX_VALUE)) {
            assertEquals(10, m.size());
            assertEquals(9, m.slice(9, 1).get(0));
        }
    }

    @Test
    void readsWithinAndAcrossChunksAndUpToTheEnd() throws IOException {
        try (ChunkedMapping m = new ChunkedMapping(counting(10), 10, 4)) {
            assertEquals(List.of((byte) 5, (byte) 6), toList(m.slice(5, 2)));
            // bytes 3..9 lie in all three chunks (0-3, 4-7, 8-9)
            assertEquals(List.of((byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7, (byte) 8, (byte) 9),
                    toList(m.slice(3, 7)));
            assertEquals(0, m.slice(10, 0).remaining(), "an empty read at the end is allowed");
            assertEquals(0, m.slice(4, 0).remaining());
        }
    }

    @Test
    void aReadOutsideTheFileIsCorruptionAtItsOffset() throws IOException {
        Path f = counting(10);
        try (ChunkedMapping m = new ChunkedMapping(f, 10, 4)) {
            CorruptRecordingException e = assertThrows(CorruptRecordingException.class, () -> m.slice(7, 4));
            assertEquals(7, e.offset());
            assertTrue(e.getMessage().contains("a read of 4 bytes runs past the end of the 10-byte file"),
                    e.getMessage());
            assertEquals(f, e.file());
            assertThrows(CorruptRecordingException.class, () -> m.slice(10, 1));
            assertThrows(CorruptRecordingException.class, () -> m.slice(-1, 1));
            assertThrows(CorruptRecordingException.class, () -> m.slice(2, -1));
        }
    }

    @Test
    void aFileOfAnotherSizeThanPromisedIsRefused() throws IOException {
        Path f = counting(10);
        CorruptRecordingException e = assertThrows(CorruptRecordingException.class,
                () -> new ChunkedMapping(f, 12, 4));
        assertEquals(10, e.offset());
        assertTrue(e.getMessage().contains("promises 12 bytes but the file holds 10"), e.getMessage());
    }

    private static List<Byte> toList(ByteBuffer b) {
        List<Byte> out = new ArrayList<>();
        for (byte x : bytes(b)) {
            out.add(x);
        }
        return out;
    }

    /** A window read by an interrupted thread maps its chunk without closing the store's file for other readers. */
    @Test
    void anInterruptedReaderDoesNotCloseTheFileForOthers() throws IOException {
        try (ChunkedMapping m = new ChunkedMapping(counting(40), 40, 8)) {
            Thread.currentThread().interrupt();
            byte[] got;
            try {
                got = bytes(m.slice(17, 5));
            } finally {
                assertTrue(Thread.interrupted(), "the interrupt is left for the caller");
            }
            assertEquals(List.of((byte) 17, (byte) 18, (byte) 19, (byte) 20, (byte) 21), list(got));
            assertEquals(List.of((byte) 33, (byte) 34), list(bytes(m.slice(33, 2))), "later chunks still map");
        }
    }

    private static List<Byte> list(byte[] b) {
        List<Byte> out = new ArrayList<>();
        for (byte x : b) {
            out.add(x);
        }
        return out;
    }
}
