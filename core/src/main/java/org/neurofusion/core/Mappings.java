package org.neurofusion.core;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Read-only memory mappings of a file channel that outlive an interrupted caller. {@link FileChannel#map} is an
 * interruptible operation: a thread whose interrupt flag is set (a cancelled data-loading task, a
 * {@code shutdownNow()}, a {@code Future.cancel(true)}) makes it throw {@code ClosedByInterruptException} and
 * <em>closes the channel</em>, so a recording or window store shared between threads would then fail every other
 * thread's reads ({@code ClosedChannelException}). The readers that map their data lazily, chunk by chunk, map
 * through here instead: the mapping is made on a daemon thread that nobody interrupts, the caller waits for it
 * without giving up on an interrupt, and the caller's interrupt flag is left set for its own code to act on.
 */
public final class Mappings {
    private static final ExecutorService MAPPER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "neurofusion-mapper");
        t.setDaemon(true);
        return t;
    });

    private Mappings() {
    }

    /**
     * {@code channel.map(READ_ONLY, position, size)}, made so that an interrupt of the calling thread neither fails
     * it nor closes the channel (the interrupt flag stays set).
     *
     * @throws IOException what {@link FileChannel#map} throws (the channel closed, the file shorter, no memory for
     *     the mapping)
     */
    public static MappedByteBuffer readOnly(FileChannel channel, long position, long size) throws IOException {
        Future<MappedByteBuffer> f = MAPPER.submit(() -> channel.map(FileChannel.MapMode.READ_ONLY, position, size));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return f.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof IOException io) {
                        throw io;
                    }
                    if (c instanceof RuntimeException r) {
                        throw r;
                    }
                    if (c instanceof Error err) {
                        throw err;
                    }
                    throw new IOException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
