package org.neurofusion.modalities.fnirs;

import java.util.List;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.signal.Preprocessor;

/**
 * Optical density from continuous-wave intensities: OD = −ln(|I| / mean(I)) per channel, as MNE-Python
 * computes it. Intensities cannot be negative; where a device reports values ≤ 0 they are taken as |I| and
 * floored at the smallest positive magnitude among the fNIRS channels, so the logarithm stays finite. Other
 * channels pass through.
 */
public final class OpticalDensity implements Preprocessor {

    @Override
    public String name() {
        return "optical_density";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of();
    }

    @Override
    public Recording apply(Recording in) {
        List<Channel> cs = in.channels();
        double[][] data = new double[cs.size()][];
        double floor = Double.POSITIVE_INFINITY;
        boolean any = false;
        for (int i = 0; i < cs.size(); i++) {
            data[i] = in.readAll(i);
            if (cs.get(i).type() == ChannelType.FNIRS_CW_AMPLITUDE) {
                any = true;
                for (double v : data[i]) {
                    double a = Math.abs(v);
                    if (a > 0 && a < floor) {
                        floor = a;
                    }
                }
            }
        }
        if (!any) {
            throw new IllegalArgumentException("optical density needs fnirs_cw_amplitude channels; "
                    + source(in) + " has none");
        }
        InMemoryRecording.Builder b = InMemoryRecording.builderFrom(in).optHistory(historyAfter(in));
        for (int i = 0; i < cs.size(); i++) {
            Channel c = cs.get(i);
            if (c.type() != ChannelType.FNIRS_CW_AMPLITUDE) {
                b.addOwnedChannel(c, data[i]);
                continue;
            }
            double[] x = data[i];
            double mean = 0;
            for (double v : x) {
                mean += v;
            }
            mean /= x.length;
            if (!(mean > 0)) {
                throw new IllegalArgumentException("channel '" + c.name() + "' of " + source(in)
                        + " has mean intensity " + mean + "; optical density needs a positive mean");
            }
            double[] od = new double[x.length];
            for (int t = 0; t < x.length; t++) {
                od[t] = -Math.log(Math.max(Math.abs(x[t]), floor) / mean);
            }
            b.addOwnedChannel(new Channel(c.name(), ChannelType.FNIRS_OD, "AU", c.samplingRate(), od.length, c.position(),
                    c.attributes()), od);
        }
        return b.build();
    }

    static String source(Recording r) {
        return r.source().map(Object::toString).orElse("the recording");
    }
}
