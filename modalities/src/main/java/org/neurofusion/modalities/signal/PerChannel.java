package org.neurofusion.modalities.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.neurofusion.core.Channel;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;

/**
 * How the steps that treat every channel on its own (filter, notch, resample, detrend, robust scaling) run:
 * channels are computed in parallel on up to {@link #threads()} threads, each result array is handed over to
 * the output recording without a copy, and the output keeps the input's metadata with the step added to its
 * history. The numbers do not depend on the thread count: each channel is computed alone by the same code.
 */
final class PerChannel {
    /** System property capping the threads a step uses; the default is the number of processors. */
    static final String THREADS_PROPERTY = "neurofusion.signal.threads";

    private PerChannel() {
    }

    /** One output channel: its description and its samples, which the output recording takes over. */
    record Result(Channel channel, double[] values) {
    }

    /** Computes output channel {@code index} from the input (reading only that channel, or a few). */
    @FunctionalInterface
    interface Transform {
        Result apply(int index, Channel channel);
    }

    /** The thread count: the property when set (at least 1), otherwise the processors available. */
    static int threads() {
        Integer p = Integer.getInteger(THREADS_PROPERTY);
        return Math.max(1, p != null ? p : Runtime.getRuntime().availableProcessors());
    }

    /**
     * Applies {@code t} to every channel of {@code in} and assembles the output of {@code step}.
     *
     * @throws RuntimeException the exception of the first channel (in channel order) that failed
     */
    static Recording map(Recording in, Preprocessor step, Transform t) {
        List<Channel> cs = in.channels();
        Result[] out = new Result[cs.size()];
        int threads = Math.min(threads(), cs.size());
        if (threads <= 1) {
            for (int i = 0; i < out.length; i++) {
                out[i] = t.apply(i, cs.get(i));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
                Thread th = new Thread(r, "neurofusion-" + step.name());
                th.setDaemon(true);
                return th;
            });
            try {
                List<Future<Result>> futures = new ArrayList<>(out.length);
                for (int i = 0; i < out.length; i++) {
                    int index = i;
                    futures.add(pool.submit(() -> t.apply(index, cs.get(index))));
                }
                for (int i = 0; i < out.length; i++) {
                    out[i] = futures.get(i).get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted during " + step.name(), e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException("step " + step.name() + " failed: " + e.getCause(), e.getCause());
            } finally {
                // Stop what has not started, and wait for what has: the caller closes the recording they read.
                pool.shutdownNow();
                try {
                    pool.awaitTermination(1, java.util.concurrent.TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        InMemoryRecording.Builder b = InMemoryRecording.builderFrom(in).optHistory(step.historyAfter(in));
        for (Result r : out) {
            b.addOwnedChannel(r.channel(), r.values());
        }
        return b.build();
    }

    /** The channel unchanged: its samples read once into a fresh array, which the output then owns. */
    static Result unchanged(Recording in, int index, Channel c) {
        return new Result(c, in.readAll(index));
    }
}
