package org.neurofusion.modalities.signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;

/**
 * Re-references the channels of one type (EEG by default): to their average (MNE's "average" reference,
 * channels listed as bad excluded from the mean but still re-referenced), to one or more named channels
 * (their mean), or into bipolar derivations {@code anode-cathode} that replace nothing and are appended.
 * All channels involved must share one sampling rate; other channels pass through.
 */
public final class Rereference implements Preprocessor {
    /** How the new reference is formed. */
    public enum Mode { AVERAGE, CHANNELS, BIPOLAR }

    private final Mode mode;
    private final ChannelType type;
    private final List<String> reference;
    private final List<String[]> pairs;
    private final Set<String> bads;

    private Rereference(Mode mode, ChannelType type, List<String> reference, List<String[]> pairs, Set<String> bads) {
        this.mode = mode;
        this.type = Objects.requireNonNull(type);
        this.reference = List.copyOf(reference);
        this.pairs = List.copyOf(pairs);
        this.bads = Set.copyOf(bads);
    }

    /** Average reference over the channels of {@code type}, leaving {@code bads} out of the mean. */
    public static Rereference average(ChannelType type, Set<String> bads) {
        return new Rereference(Mode.AVERAGE, type, List.of(), List.of(), bads);
    }

    /** Reference to the mean of the named channels (one name: a single reference electrode). */
    public static Rereference toChannels(ChannelType type, List<String> names) {
        if (names.isEmpty()) {
            throw new IllegalArgumentException("name at least one reference channel");
        }
        return new Rereference(Mode.CHANNELS, type, names, List.of(), Set.of());
    }

    /** Bipolar derivations, each {anode, cathode}, appended as channels named "anode-cathode". */
    public static Rereference bipolar(List<String[]> anodeCathode) {
        for (String[] p : anodeCathode) {
            if (p.length != 2) {
                throw new IllegalArgumentException("a bipolar pair is {anode, cathode}");
            }
        }
        return new Rereference(Mode.BIPOLAR, ChannelType.EEG, List.of(), anodeCathode, Set.of());
    }

    @Override
    public String name() {
        return "rereference";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mode", mode.name().toLowerCase(java.util.Locale.ROOT));
        m.put("type", type.mneName());
        if (!reference.isEmpty()) {
            m.put("reference", String.join(",", reference));
        }
        if (!pairs.isEmpty()) {
            m.put("pairs", String.join(",", pairs.stream().map(p -> p[0] + "-" + p[1]).toList()));
        }
        if (!bads.isEmpty()) {
            m.put("bads", String.join(",", bads.stream().sorted().toList()));
        }
        return m;
    }

    @Override
    public Recording apply(Recording in) {
        List<Channel> cs = in.channels();
        InMemoryRecording.Builder b = InMemoryRecording.builderFrom(in).optHistory(historyAfter(in));
        if (mode == Mode.BIPOLAR) {
            for (int i = 0; i < cs.size(); i++) {
                b.addOwnedChannel(cs.get(i), in.readAll(i));
            }
            for (String[] p : pairs) {
                int a = in.channelIndex(p[0]);
                int c = in.channelIndex(p[1]);
                sameRate(cs.get(a), cs.get(c));
                double[] x = in.readAll(a);
                double[] y = in.readAll(c);
                double[] d = new double[x.length];
                for (int t = 0; t < x.length; t++) {
                    d[t] = x[t] - y[t];
                }
                Channel an = cs.get(a);
                b.addOwnedChannel(new Channel(p[0] + "-" + p[1], an.type(), an.unit(), an.samplingRate(), d.length,
                        an.position(), Map.of("anode", p[0], "cathode", p[1])), d);
            }
            return b.build();
        }
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            if (cs.get(i).type() == type) {
                targets.add(i);
            }
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no " + type.mneName() + " channels to re-reference");
        }
        List<Integer> refs = new ArrayList<>();
        if (mode == Mode.AVERAGE) {
            for (int i : targets) {
                if (!bads.contains(cs.get(i).name())) {
                    refs.add(i);
                }
            }
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("every " + type.mneName() + " channel is marked bad");
            }
        } else {
            for (String r : reference) {
                refs.add(in.channelIndex(r));
            }
        }
        Channel first = cs.get(targets.get(0));
        for (int i : targets) {
            sameRate(first, cs.get(i));
        }
        for (int i : refs) {
            sameRate(first, cs.get(i));
        }
        int n = (int) first.sampleCount();
        double[] ref = new double[n];
        for (int i : refs) {
            double[] x = in.readAll(i);
            for (int t = 0; t < n; t++) {
                ref[t] += x[t];
            }
        }
        for (int t = 0; t < n; t++) {
            ref[t] /= refs.size();
        }
        for (int i = 0; i < cs.size(); i++) {
            double[] x = in.readAll(i);
            if (cs.get(i).type() == type) {
                for (int t = 0; t < n; t++) {
                    x[t] -= ref[t];
                }
            }
            b.addOwnedChannel(cs.get(i), x);
        }
        return b.build();
    }

    private static void sameRate(Channel a, Channel b) {
        if (a.samplingRate() != b.samplingRate() || a.sampleCount() != b.sampleCount()) {
            throw new IllegalArgumentException("re-referencing needs one rate and length: " + a.name() + " has "
                    + a.samplingRate() + " Hz x " + a.sampleCount() + ", " + b.name() + " has " + b.samplingRate()
                    + " Hz x " + b.sampleCount());
        }
    }
}
