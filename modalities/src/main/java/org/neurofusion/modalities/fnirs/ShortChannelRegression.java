package org.neurofusion.modalities.fnirs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.signal.Preprocessor;

/**
 * Short-separation channels, which see the scalp but not the brain, and their regression from the long
 * channels (Saager and Berger 2005): each long channel y loses the projection on the nearest short channel s
 * of the same kind (same wavelength for optical density, same chromophore for HbO/HbR),
 * y − (⟨y−ȳ, s−s̄⟩ / ⟨s−s̄, s−s̄⟩)(s − s̄). A channel is short when its source–detector distance is below
 * the threshold (1 cm by default, as in MNE-NIRS). Short channels are kept unchanged.
 */
public final class ShortChannelRegression implements Preprocessor {
    /** MNE-NIRS's default: channels under 1 cm are short. */
    public static final double DEFAULT_MAX_SHORT_DISTANCE_M = 0.01;

    private final double maxShort;

    public ShortChannelRegression(double maxShortDistanceMeters) {
        if (!(maxShortDistanceMeters > 0)) {
            throw new IllegalArgumentException("short-channel distance must be positive, got " + maxShortDistanceMeters);
        }
        this.maxShort = maxShortDistanceMeters;
    }

    public ShortChannelRegression() {
        this(DEFAULT_MAX_SHORT_DISTANCE_M);
    }

    @Override
    public String name() {
        return "short_channel_regression";
    }

    @Override
    public Map<String, String> parameters() {
        return Map.of("max_short_distance_m", Double.toString(maxShort));
    }

    /** Indices of the fNIRS channels whose source–detector distance is below {@code maxDistance} metres. */
    public static List<Integer> shortChannels(Recording r, double maxDistance) {
        List<Integer> out = new ArrayList<>();
        List<Channel> cs = r.channels();
        for (int i = 0; i < cs.size(); i++) {
            Optional<OpticalChannel> oc = OpticalChannel.of(cs.get(i));
            if (oc.isPresent() && oc.get().distanceMeters().isPresent()
                    && oc.get().distanceMeters().getAsDouble() < maxDistance) {
                out.add(i);
            }
        }
        return out;
    }

    @Override
    public Recording apply(Recording in) {
        List<Channel> cs = in.channels();
        List<Integer> shorts = shortChannels(in, maxShort);
        if (shorts.isEmpty()) {
            throw new IllegalArgumentException("no short channels (source-detector distance < " + maxShort + " m) in "
                    + OpticalDensity.source(in));
        }
        Map<Integer, double[]> cache = new LinkedHashMap<>();
        InMemoryRecording.Builder b = InMemoryRecording.builderFrom(in).optHistory(historyAfter(in));
        for (int i = 0; i < cs.size(); i++) {
            Channel c = cs.get(i);
            double[] y = in.readAll(i);
            boolean optical = c.type() == ChannelType.FNIRS_OD || c.type() == ChannelType.HBO
                    || c.type() == ChannelType.HBR;
            if (!optical || shorts.contains(i)) {
                b.addOwnedChannel(c, y);
                continue;
            }
            int s = nearestShort(in, i, shorts);
            double[] sv = cache.computeIfAbsent(s, in::readAll);
            Map<String, String> attrs = new LinkedHashMap<>(c.attributes());
            attrs.put("short_channel_regressed", cs.get(s).name());
            b.addOwnedChannel(new Channel(c.name(), c.type(), c.unit(), c.samplingRate(), y.length, c.position(), attrs),
                    regress(y, sv));
        }
        return b.build();
    }

    private static int nearestShort(Recording in, int i, List<Integer> shorts) {
        Channel c = in.channels().get(i);
        OpticalChannel oc = OpticalChannel.of(c).orElseThrow();
        SensorPosition p = oc.midpoint().orElseThrow(() -> new IllegalArgumentException("channel '" + c.name()
                + "' has no position, so no nearest short channel"));
        int best = -1;
        double bestD = Double.POSITIVE_INFINITY;
        for (int s : shorts) {
            Channel sc = in.channels().get(s);
            OpticalChannel so = OpticalChannel.of(sc).orElseThrow();
            boolean sameKind = sc.type() == c.type() && so.wavelengthNm().equals(oc.wavelengthNm())
                    && sc.samplingRate() == c.samplingRate() && sc.sampleCount() == c.sampleCount();
            if (!sameKind || so.midpoint().isEmpty()) {
                continue;
            }
            double d = so.midpoint().get().distanceTo(p);
            if (d < bestD) {
                bestD = d;
                best = s;
            }
        }
        if (best < 0) {
            throw new IllegalArgumentException("no short channel of the same kind as '" + c.name() + "' ("
                    + c.type().mneName() + ")");
        }
        return best;
    }

    static double[] regress(double[] y, double[] s) {
        double my = 0;
        double ms = 0;
        for (int t = 0; t < y.length; t++) {
            my += y[t];
            ms += s[t];
        }
        my /= y.length;
        ms /= s.length;
        double ys = 0;
        double ss = 0;
        for (int t = 0; t < y.length; t++) {
            ys += (y[t] - my) * (s[t] - ms);
            ss += (s[t] - ms) * (s[t] - ms);
        }
        double beta = ss > 0 ? ys / ss : 0;
        double[] out = new double[y.length];
        for (int t = 0; t < y.length; t++) {
            out[t] = y[t] - beta * (s[t] - ms);
        }
        return out;
    }
}
