package org.neurofusion.modalities.signal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;

/**
 * Keeps every {@code factor}-th sample of the data channels, counting from the recording's first sample: the rate
 * reduction a stream can compute. It filters nothing, so a causal low-pass below the new Nyquist frequency must come
 * before it ({@link CausalFilter}); every channel of the recording is decimated (a recording has one clock per
 * rate, and the stimulus channels would otherwise keep the old one).
 */
public final class Decimate implements StreamingStep {
    private final int factor;

    /** @param factor the rate divisor, at least 1 */
    public Decimate(int factor) {
        if (factor < 1) {
            throw new IllegalArgumentException("a decimation factor is at least 1, got " + factor);
        }
        this.factor = factor;
    }

    @Override
    public String name() {
        return "decimate";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("factor", Integer.toString(factor));
        return m;
    }

    @Override
    public double outputRate(double rate) {
        return rate / factor;
    }

    @Override
    public Kernel kernel(double rate) {
        return new Kernel() {
            private long seen;

            @Override
            public double[] push(double[] x, int from, int n) {
                // the samples whose index in the whole stream is a multiple of the factor
                long first = (factor - seen % factor) % factor;
                int count = first >= n ? 0 : (int) ((n - 1 - first) / factor + 1);
                double[] y = new double[count];
                for (int k = 0; k < count; k++) {
                    y[k] = x[from + (int) first + k * factor];
                }
                seen += n;
                return y;
            }
        };
    }

    @Override
    public Recording apply(Recording in) {
        return PerChannel.map(in, this, (i, c) -> {
            double[] x = in.readAll(i);
            double[] y = kernel(c.samplingRate()).push(x, 0, x.length);
            return new PerChannel.Result(new Channel(c.name(), c.type(), c.unit(), c.samplingRate() / factor,
                    y.length, c.position(), c.attributes()), y);
        });
    }
}
