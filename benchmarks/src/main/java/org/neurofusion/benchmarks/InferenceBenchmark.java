package org.neurofusion.benchmarks;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.neurofusion.core.Channel;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.inference.BrainDecoder;
import org.neurofusion.inference.InputContract;

/**
 * The deployed model's speed: the time to load and verify an artifact, the latency of one window at a time (batch 1,
 * as a stream decodes), and the throughput of batches of 64. The windows are synthetic (Gaussian, 10 µV, the
 * contract's channels and length): speed does not depend on the values.
 */
public final class InferenceBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private InferenceBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param single timed single-window predictions (after {@code warmup} untimed ones)
     * @param batches timed batches of 64
     * @return {@code load_ms}, {@code p50_ms}, {@code p99_ms}, {@code batch64_windows_per_s}, {@code device},
     *     {@code parameters}, and the settings
     */
    public static ObjectNode run(Path model, Device device, int threads, int single, int warmup, int batches,
            long seed) {
        if (threads < 1 || single < 1 || warmup < 0 || batches < 1) {
            throw new IllegalArgumentException("threads, windows and batches must be at least 1, warm-up at least 0");
        }
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
        long t0 = System.nanoTime();
        try (BrainDecoder d = BrainDecoder.load(model, device, 64)) {
            double loadMs = (System.nanoTime() - t0) / 1e6;
            InputContract c = d.contract();
            List<Channel> channels = c.channels().stream().map(x -> x.toChannel(c.rate())).toList();
            List<SignalBlock> pool = windows(c, channels, 64, seed);
            // a model that aligns its input is timed with the multiplication in: an identity calibration
            org.neurofusion.inference.Calibration cal = c.alignment() == null ? null
                    : org.neurofusion.inference.Calibration.identity(channels.stream().map(Channel::name).toList(),
                            "benchmark");
            d.warmUp(warmup);
            double[] ms = new double[single];
            for (int i = 0; i < single; i++) {
                long s = System.nanoTime();
                d.probabilities(List.of(pool.get(i % pool.size())), channels, cal);
                ms[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(ms);
            d.probabilities(pool, channels, cal);
            long s = System.nanoTime();
            for (int i = 0; i < batches; i++) {
                d.probabilities(pool, channels, cal);
            }
            double seconds = (System.nanoTime() - s) / 1e9;
            ObjectNode o = JSON.createObjectNode();
            o.put("load_ms", loadMs);
            o.put("p50_ms", quantile(ms, 0.50));
            o.put("p99_ms", quantile(ms, 0.99));
            o.put("batch64_windows_per_s", batches * 64 / seconds);
            o.put("device", device.toString());
            o.put("parameters", d.parameterCount());
            o.put("threads", threads);
            o.put("windows", single);
            o.put("warmup", warmup);
            o.put("p90_ms", quantile(ms, 0.90));
            o.put("channels", channels.size());
            o.put("samples", c.windowSamples());
            o.put("rate_hz", c.rate());
            return o;
        }
    }

    /** The {@code q} quantile of sorted values, by the nearest rank. */
    static double quantile(double[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static List<SignalBlock> windows(InputContract c, List<Channel> channels, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int t = c.windowSamples();
        List<String> names = channels.stream().map(Channel::name).toList();
        List<SignalBlock> out = new ArrayList<>();
        for (int w = 0; w < n; w++) {
            float[] x = new float[names.size() * t];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (1e-5 * r.nextGaussian());
            }
            out.add(new SignalBlock(names, c.rate(), 0, t, x));
        }
        return out;
    }
}
