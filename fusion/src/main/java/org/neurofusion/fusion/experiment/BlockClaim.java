package org.neurofusion.fusion.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A process's claim on training one block of a map: an exclusive lock on {@code training.lock} in the block's run
 * folder, held while the block trains. Two processes sharing a map folder (parts, or a part and a whole map started
 * by mistake) thus never train one block at once; the operating system releases the lock when a process ends, however
 * it ends, so a map cut short is continued without anything to clean up.
 */
final class BlockClaim implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private BlockClaim(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock file of a block whose runs lie in {@code base}. */
    static Path file(Path base) {
        return base.resolve("training.lock");
    }

    /**
     * Claims the block whose runs lie in {@code base} (created if absent), or returns null when another process, or
     * another claim in this one, holds it.
     */
    static BlockClaim of(Path base) {
        Path file = file(base);
        FileChannel ch = null;
        try {
            Files.createDirectories(base);
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            return new BlockClaim(ch, lock);
        } catch (IOException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new UncheckedIOException("cannot lock " + file + " to train its block", e);
        }
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the lock on a block's training", e);
        }
    }
}
