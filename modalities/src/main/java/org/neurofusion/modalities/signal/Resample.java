package org.neurofusion.modalities.signal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;

/**
 * Resamples the data channels (EEG, MEG, fNIRS, ...) to one rate as MNE-Python's {@code raw.resample} does
 * (FFT with padded edges, anti-aliased by construction); annotations keep their times. Trigger and
 * auxiliary channels keep their native rate, since interpolating event codes would invent events.
 */
public final class Resample implements Preprocessor {
    private final double rate;

    public Resample(double rate) {
        if (!(rate > 0) || !Double.isFinite(rate)) {
            throw new IllegalArgumentException("target rate must be positive, got " + rate);
        }
        this.rate = rate;
    }

    @Override
    public String name() {
        return "resample";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("sfreq", Double.toString(rate));
        m.put("method", "fft");
        return m;
    }

    @Override
    public Recording apply(Recording in) {
        WorkArrays work = new WorkArrays(4);
        return PerChannel.map(in, this, (i, c) -> {
            if (!Filter.DATA_TYPES.contains(c.type()) || c.samplingRate() == rate || c.sampleCount() == 0) {
                return PerChannel.unchanged(in, i, c);
            }
            int n = ChannelFir.length(c);
            double[] y = Resampling.mne(n, (dst, offset) -> ChannelFir.readFinite(in, i, c, dst, offset), rate,
                    c.samplingRate(), work);
            return new PerChannel.Result(new Channel(c.name(), c.type(), c.unit(), rate, y.length, c.position(),
                    c.attributes()), y);
        });
    }
}
