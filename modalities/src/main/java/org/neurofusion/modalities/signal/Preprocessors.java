package org.neurofusion.modalities.signal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurofusion.core.ChannelType;
import org.neurofusion.modalities.fnirs.BeerLambert;
import org.neurofusion.modalities.fnirs.OpticalDensity;
import org.neurofusion.modalities.fnirs.ShortChannelRegression;
import org.neurofusion.modalities.fnirs.Tddr;

/** Rebuilds a {@link Preprocessor} from the name and parameters it records in histories and pipelines. */
public final class Preprocessors {
    private Preprocessors() {
    }

    /**
     * @throws IllegalArgumentException for an unknown name or a bad parameter
     */
    public static Preprocessor create(String name, Map<String, String> p) {
        return switch (name) {
            case "filter" -> Filter.fromParameters(p);
            case "causal_filter" -> CausalFilter.fromParameters(p);
            case "decimate" -> new Decimate(Integer.parseInt(required(p, "factor")));
            case "notch" -> new Notch(Double.parseDouble(required(p, "freq")));
            case "resample" -> new Resample(Double.parseDouble(required(p, "sfreq")));
            case "detrend" -> new Detrend("linear".equals(p.get("type")));
            case "percent_signal_change" -> new PercentSignalChange();
            case "robust_scale" -> new RobustScale(Double.parseDouble(p.getOrDefault("clip", "Infinity")));
            case "rereference" -> rereference(p);
            case "optical_density" -> new OpticalDensity();
            case "beer_lambert" -> BeerLambert.builder()
                    .optPpf(Double.parseDouble(p.getOrDefault("ppf", Double.toString(BeerLambert.DEFAULT_PPF))))
                    .optTotal(Boolean.parseBoolean(p.getOrDefault("hbt", "false"))).build();
            case "tddr" -> new Tddr();
            case "short_channel_regression" -> new ShortChannelRegression(Double.parseDouble(p.getOrDefault(
                    "max_short_distance_m", Double.toString(ShortChannelRegression.DEFAULT_MAX_SHORT_DISTANCE_M))));
            default -> throw new IllegalArgumentException("unknown preprocessing step '" + name + "'");
        };
    }

    private static Preprocessor rereference(Map<String, String> p) {
        ChannelType type = ChannelType.fromMneName(p.getOrDefault("type", "eeg"));
        String mode = p.getOrDefault("mode", "average");
        return switch (mode) {
            case "average" -> Rereference.average(type, split(p.get("bads")));
            case "channels" -> Rereference.toChannels(type, List.copyOf(split(p.get("reference"))));
            case "bipolar" -> Rereference.bipolar(Arrays.stream(p.getOrDefault("pairs", "").split(","))
                    .filter(s -> !s.isBlank()).map(s -> s.split("-", 2)).toList());
            default -> throw new IllegalArgumentException("unknown re-reference mode '" + mode + "'");
        };
    }

    private static String required(Map<String, String> p, String key) {
        String v = p.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing parameter '" + key + "'");
        }
        return v;
    }

    private static Set<String> split(String s) {
        Set<String> out = new java.util.LinkedHashSet<>();
        if (s != null) {
            for (String x : s.split(",")) {
                if (!x.isBlank()) {
                    out.add(x);
                }
            }
        }
        return out;
    }
}
