package org.neurofusion.modalities.signal;

import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;

/**
 * Per-channel percent signal change: 100 · (x − mean) / |mean| over the whole channel, the usual scale of BOLD
 * time series. A scanner's raw intensities are arbitrary (hundreds to tens of thousands, differing by parcel and
 * session), while their task-related changes are a few percent of the baseline: dividing by the channel's own
 * mean makes parcels and runs comparable and brings the values to order one. A channel whose mean is zero or not
 * finite (no baseline to scale by) is only centred. The output unit is {@code %}.
 */
public final class PercentSignalChange implements Preprocessor {
    @Override
    public String name() {
        return "percent_signal_change";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("baseline", "channel_mean");
    }

    @Override
    public Recording apply(Recording in) {
        return PerChannel.map(in, this, (i, c) -> {
            double[] x = in.readAll(i);
            double mean = 0;
            int n = 0;
            for (double v : x) {
                if (!Double.isNaN(v)) {
                    mean += v;
                    n++;
                }
            }
            mean = n == 0 ? Double.NaN : mean / n;
            boolean scale = mean != 0 && Double.isFinite(mean);
            // x is this step's own fresh copy: changed in place.
            for (int t = 0; t < x.length; t++) {
                x[t] = scale ? 100 * (x[t] - mean) / Math.abs(mean) : x[t] - (Double.isFinite(mean) ? mean : 0);
            }
            return new PerChannel.Result(new Channel(c.name(), c.type(), "%", c.samplingRate(), x.length,
                    c.position(), c.attributes()), x);
        });
    }
}
