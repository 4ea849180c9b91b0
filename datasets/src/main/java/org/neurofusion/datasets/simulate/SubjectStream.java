package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The subjects of a configuration in order, each handed to a consumer while the next ones are generated on
 * other cores. Subjects are independent (each draws from its own seeded streams), so the order of generation
 * changes nothing; at most {@code ahead} + 1 subjects are in memory at once.
 */
public final class SubjectStream {
    /** Told each subject in order; what it does runs on the calling thread. */
    @FunctionalInterface
    public interface Consumer {
        void accept(SimulatedSubject subject, int done, int total);
    }

    private SubjectStream() {
    }

    /**
     * Generates every subject of {@code config}, {@code ahead} at a time, and hands each to {@code consumer}.
     *
     * @throws IllegalArgumentException when {@code ahead} is below 1
     */
    public static void forEach(SimulationConfig config, int ahead, Consumer consumer) {
        forEach(config, java.util.EnumSet.of(org.neurofusion.core.Modality.EEG, org.neurofusion.core.Modality.FNIRS),
                ahead, consumer);
    }

    /**
     * As {@link #forEach(SimulationConfig, int, Consumer)}, simulating the MEG and fMRI too when {@code modalities}
     * names them ({@link Simulator#subject(SimulationConfig, int, java.util.Set)}).
     */
    public static void forEach(SimulationConfig config, java.util.Set<org.neurofusion.core.Modality> modalities,
            int ahead, Consumer consumer) {
        if (ahead < 1) {
            throw new IllegalArgumentException("at least one subject must be generated at a time, got " + ahead);
        }
        int subjects = config.subjects();
        ExecutorService pool = Executors.newFixedThreadPool(ahead, r -> {
            Thread t = new Thread(r, "simulate");
            t.setDaemon(true);
            return t;
        });
        List<Future<SimulatedSubject>> futures = new ArrayList<>();
        for (int s = 0; s < Math.min(ahead, subjects); s++) {
            int index = s;
            futures.add(pool.submit(() -> Simulator.subject(config, index, modalities)));
        }
        try {
            for (int s = 0; s < subjects; s++) {
                SimulatedSubject subject = await(futures.get(s), s, config.seed());
                futures.set(s, null);
                if (s + ahead < subjects) {
                    int index = s + ahead;
                    futures.add(pool.submit(() -> Simulator.subject(config, index, modalities)));
                }
                consumer.accept(subject, s + 1, subjects);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Up to two subjects ahead, fewer on a single core. */
    public static int defaultAhead() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 2));
    }

    private static SimulatedSubject await(Future<SimulatedSubject> f, int index, long seed) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while simulating subject index " + index, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new IllegalStateException("simulating subject index " + index + " (seed " + seed + ") failed: "
                    + cause, cause);
        }
    }
}
