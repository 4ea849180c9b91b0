package org.neurofusion.benchmarks;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.datasets.simulate.SimulatedRun;
import org.neurofusion.datasets.simulate.SimulatedSubject;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.simulate.Simulator;

/**
 * Times the in-memory generation of the default study: 10 subjects × 3 sessions of each task (plus a resting run),
 * EEG at 200 Hz on 30 channels + 2 EOG and fNIRS at 10 Hz on 36 long + 15 short pairs × 2 wavelengths, subjects in
 * parallel on the available cores. Prints the configuration, the data volume and the wall-clock time.
 */
public final class SimulationBenchmark {
    private SimulationBenchmark() {
    }

    /** {runs, seconds of EEG, samples of EEG, EOG and raw fNIRS} of one subject. */
    private static double[] volume(SimulatedSubject s) {
        double runs = 0;
        double seconds = 0;
        double samples = 0;
        for (SimulatedRun r : s.runs()) {
            runs++;
            seconds += r.eeg().durationSeconds();
            for (Channel c : r.eeg().channels()) {
                samples += c.sampleCount();
            }
            for (Channel c : r.fnirs().channels()) {
                samples += c.type() == ChannelType.FNIRS_CW_AMPLITUDE ? c.sampleCount() : 0;
            }
        }
        return new double[] {runs, seconds, samples};
    }

    /** Runs the benchmark with the default configuration and prints to standard output. */
    public static void main(String[] args) {
        run(System.out);
    }

    /** Runs the benchmark with the default configuration, printing to {@code out}; returns the seconds taken. */
    public static double run(PrintStream out) {
        return run(SimulationConfig.defaults(), Runtime.getRuntime().availableProcessors(), out);
    }

    /** Generates every subject of {@code config} on {@code threads} threads; returns the seconds taken. */
    public static double run(SimulationConfig config, int threads, PrintStream out) {
        // A one-subject warm-up keeps JIT compilation and FFT planning out of the figure.
        Simulator.subject(config.toBuilder().optSubjects(1).optSessionsPerTask(1).optRestingRunSeconds(0).build(), 0);
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        long samples = 0;
        double seconds = 0;
        int runs = 0;
        try {
            // Each task keeps only the counts, so at most one subject per thread is held in memory.
            List<Future<double[]>> futures = new ArrayList<>();
            for (int i = 0; i < config.subjects(); i++) {
                int index = i;
                futures.add(pool.submit(() -> volume(Simulator.subject(config, index))));
            }
            for (Future<double[]> f : futures) {
                double[] v = f.get();
                runs += (int) v[0];
                seconds += v[1];
                samples += (long) v[2];
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("simulation failed", e.getCause());
        } finally {
            pool.shutdown();
        }
        double elapsed = (System.nanoTime() - t0) / 1e9;
        out.printf(Locale.ROOT, "simulated %d subjects, %d runs, %.1f h of paired EEG (%.0f Hz) + fNIRS (%.0f Hz), "
                + "%d samples (%.0f MB as float64)%n", config.subjects(), runs, seconds / 3600, config.eegRate(),
                config.fnirsRate(), samples, samples * 8 / 1e6);
        out.printf(Locale.ROOT, "generation in memory: %.1f s on %d threads (%.2f s per subject-thread)%n", elapsed,
                threads, elapsed * threads / config.subjects());
        return elapsed;
    }
}
