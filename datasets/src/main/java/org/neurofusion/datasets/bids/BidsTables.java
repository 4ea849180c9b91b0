package org.neurofusion.datasets.bids;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.fnirs.OpticalChannel;

/**
 * The tables {@link BidsWriter} writes beside a data file: {@code _channels.tsv}, {@code _events.tsv}, and the
 * positions tables ({@code _electrodes.tsv}, {@code _optodes.tsv}), numbers written in their shortest exact
 * decimal form so that they read back bit for bit.
 */
final class BidsTables {
    private BidsTables() {
    }

    /** The shortest decimal that reads back as exactly {@code d}, never in exponent notation. */
    static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return BigDecimal.valueOf(d).toPlainString();
    }

    static void channels(Path out, Recording r, Modality m, Set<String> bad) {
        boolean nirs = m == Modality.FNIRS;
        List<String> header = nirs
                ? List.of("name", "type", "source", "detector", "wavelength_nominal", "units", "sampling_frequency",
                        "status", "status_description")
                : List.of("name", "type", "units", "sampling_frequency", "status", "status_description");
        List<List<String>> rows = new ArrayList<>();
        for (Channel c : r.channels()) {
            boolean isBad = bad.contains(c.name());
            List<String> row = new ArrayList<>(List.of(c.name(), BidsChannelTypes.toBids(c.type())));
            if (nirs) {
                var oc = OpticalChannel.of(c);
                row.add(oc.map(o -> "S" + o.source()).orElse(null));
                row.add(oc.map(o -> "D" + o.detector()).orElse(null));
                row.add(oc.flatMap(o -> o.wavelengthNm().isPresent()
                        ? java.util.Optional.of(OpticalChannel.formatWavelength(o.wavelengthNm().getAsDouble()))
                        : java.util.Optional.<String>empty()).orElse(null));
            }
            row.add(c.unit());
            row.add(number(c.samplingRate()));
            row.add(isBad ? "bad" : "good");
            row.add(isBad ? "marked bad when the dataset was written" : null);
            rows.add(row);
        }
        Tsv.write(out, header, rows);
    }

    static void events(Path out, List<Annotation> events) {
        List<List<String>> rows = new ArrayList<>();
        for (Annotation a : events) {
            rows.add(List.of(number(a.onset()), number(a.duration()), a.description()));
        }
        Tsv.write(out, List.of("onset", "duration", "trial_type"), rows);
    }

    /** Electrode positions by channel name, for the channels that have one. */
    static Map<String, SensorPosition> electrodes(Recording r) {
        Map<String, SensorPosition> out = new LinkedHashMap<>();
        for (Channel c : r.channels()) {
            if (c.type() != ChannelType.STIM) {
                c.position().ifPresent(p -> out.put(c.name(), p));
            }
        }
        return out;
    }

    /** Optode positions ({@code S1}, {@code D1}, ...) from the fNIRS channels' attributes. */
    static Map<String, SensorPosition> optodes(Recording r) {
        Map<String, SensorPosition> sources = new TreeMap<>();
        Map<String, SensorPosition> detectors = new TreeMap<>();
        for (Channel c : r.channels()) {
            OpticalChannel.of(c).ifPresent(o -> {
                o.sourcePosition().ifPresent(p -> sources.put(String.format("S%04d", o.source()), p));
                o.detectorPosition().ifPresent(p -> detectors.put(String.format("D%04d", o.detector()), p));
            });
        }
        // Sorted numerically (S2 before S10) through the zero-padded keys, then named as BIDS names them.
        Map<String, SensorPosition> out = new LinkedHashMap<>();
        sources.forEach((k, p) -> out.put("S" + Integer.parseInt(k.substring(1)), p));
        detectors.forEach((k, p) -> out.put("D" + Integer.parseInt(k.substring(1)), p));
        return out;
    }

    static void positions(Path out, Map<String, SensorPosition> positions, boolean optodes) {
        List<String> header = optodes ? List.of("name", "type", "x", "y", "z") : List.of("name", "x", "y", "z");
        List<List<String>> rows = new ArrayList<>();
        positions.forEach((name, p) -> {
            List<String> row = new ArrayList<>();
            row.add(name);
            if (optodes) {
                row.add(name.startsWith("S") ? "source" : "detector");
            }
            row.add(number(p.x()));
            row.add(number(p.y()));
            row.add(number(p.z()));
            rows.add(row);
        });
        Tsv.write(out, header, rows);
    }
}
