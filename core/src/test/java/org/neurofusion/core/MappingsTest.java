package org.neurofusion.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mapping made for an interrupted thread: {@link FileChannel#map} itself would throw
 * {@link ClosedByInterruptException} and close the channel for every other user (shown first, so the test fails
 * if a JDK ever stops doing so and the class becomes unnecessary); {@link Mappings#readOnly} maps, keeps the channel
 * open and leaves the interrupt flag set.
 */
class MappingsTest {
    @TempDir
    Path dir;

    private Path file() throws IOException {
        byte[] b = new byte[8192];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i * 7);
        }
        return Files.write(dir.resolve("f.bin"), b);
    }

    @Test
    void theJdksMapClosesTheChannelOfAnInterruptedThread() throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ)) {
            Thread.currentThread().interrupt();
            try {
                assertThrows(ClosedByInterruptException.class, () -> ch.map(FileChannel.MapMode.READ_ONLY, 0, 16));
            } finally {
                Thread.interrupted();
            }
            assertTrue(!ch.isOpen(), "the channel is closed for everyone");
        }
    }

    @Test
    void anInterruptedThreadGetsItsMappingAndKeepsItsInterrupt() throws IOException {
        try (FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ)) {
            Thread.currentThread().interrupt();
            MappedByteBuffer b;
            boolean still;
            try {
                b = Mappings.readOnly(ch, 4096, 100);
            } finally {
                still = Thread.interrupted();
            }
            assertTrue(still, "the caller's interrupt flag is left set");
            assertTrue(ch.isOpen());
            assertEquals(100, b.capacity());
            assertEquals((byte) (4096 * 7), b.get(0));
            assertEquals((byte) (4195 * 7), b.get(99));
            // and the channel serves the next caller
            assertEquals((byte) (10 * 7), Mappings.readOnly(ch, 0, 11).get(10));
            assertTrue(!Thread.currentThread().isInterrupted(), "no interrupt made up");
        }
    }

    @Test
    void whatMapThrowsReachesTheCaller() throws IOException {
        FileChannel ch = FileChannel.open(file(), StandardOpenOption.READ);
        ch.close();
        assertThrows(ClosedChannelException.class, () -> Mappings.readOnly(ch, 0, 16));
        try (FileChannel open = FileChannel.open(file(), StandardOpenOption.READ)) {
            assertThrows(IllegalArgumentException.class, () -> Mappings.readOnly(open, -1, 16));
        }
    }
}
