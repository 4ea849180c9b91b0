package org.neurofusion.modalities.signal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.neurofusion.core.Recording;

/**
 * Removes line noise at a frequency and its harmonics below Nyquist from the data channels, each at its own
 * rate, with MNE-Python's default FIR notch (widths f/200, 1 Hz transitions, zero phase).
 */
public final class Notch implements Preprocessor {
    private final double lineFrequency;

    public Notch(double lineFrequency) {
        if (!(lineFrequency > 0) || !Double.isFinite(lineFrequency)) {
            throw new IllegalArgumentException("line frequency must be positive, got " + lineFrequency);
        }
        this.lineFrequency = lineFrequency;
    }

    @Override
    public String name() {
        return "notch";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("freq", Double.toString(lineFrequency));
        m.put("harmonics", "true");
        m.put("method", "fir");
        return m;
    }

    @Override
    public Recording apply(Recording in) {
        // One design per rate (the taps are long: designing them per channel cost more than filtering).
        Map<Double, double[]> tapsByRate = new ConcurrentHashMap<>();
        ChannelFir fir = new ChannelFir();
        return PerChannel.map(in, this, (i, c) -> {
            if (!Filter.DATA_TYPES.contains(c.type())) {
                return PerChannel.unchanged(in, i, c);
            }
            double[] taps = tapsByRate.computeIfAbsent(c.samplingRate(), fs -> {
                double[] freqs = NotchFir.harmonics(lineFrequency, fs);
                if (freqs.length == 0) {
                    throw new IllegalArgumentException("line frequency " + lineFrequency + " Hz is above the"
                            + " Nyquist frequency of channel '" + c.name() + "' (" + fs / 2 + " Hz)");
                }
                return NotchFir.taps(fs, freqs);
            });
            return new PerChannel.Result(c, fir.filter(in, i, c, taps));
        });
    }
}
