package org.neurofusion.modalities.signal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.InMemoryRecording;
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
        InMemoryRecording.Builder b = InMemoryRecording.builderFrom(in).optHistory(historyAfter(in));
        List<Channel> cs = in.channels();
        Map<Double, double[]> freqsByRate = new LinkedHashMap<>();
        for (int i = 0; i < cs.size(); i++) {
            Channel c = cs.get(i);
            double[] x = in.readAll(i);
            if (!Filter.DATA_TYPES.contains(c.type())) {
                b.addChannel(c, x);
                continue;
            }
            Filter.checkFinite(c, x);
            double[] freqs = freqsByRate.computeIfAbsent(c.samplingRate(),
                    fs -> NotchFir.harmonics(lineFrequency, fs));
            if (freqs.length == 0) {
                throw new IllegalArgumentException("line frequency " + lineFrequency + " Hz is above the Nyquist"
                        + " frequency of channel '" + c.name() + "' (" + c.samplingRate() / 2 + " Hz)");
            }
            b.addChannel(c, NotchFir.apply(x, c.samplingRate(), Arrays.copyOf(freqs, freqs.length)));
        }
        return b.build();
    }
}
