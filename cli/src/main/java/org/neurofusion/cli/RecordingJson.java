package org.neurofusion.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.Segment;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.fnirs.OpticalChannel;

/**
 * The JSON description of a recording that {@code neurofusion info --json} prints: names follow MNE where it
 * has one ({@code sfreq}, channel types, annotation onsets in seconds from the first sample), times are in
 * seconds and positions in metres.
 */
final class RecordingJson {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    private RecordingJson() {
    }

    /** The whole description: file, format, start, duration, header, segments, channels, annotations. */
    static ObjectNode describe(Recording r, ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        root.put("file", r.source().map(Path::toString).orElse(null));
        root.put("format", r.format());
        root.put("start", r.start().map(RecordingJson::isoStart).orElse(null));
        root.put("duration_s", r.durationSeconds());
        ObjectNode header = root.putObject("header");
        for (Map.Entry<String, String> e : r.header().entrySet()) {
            header.put(e.getKey(), e.getValue());
        }
        ArrayNode segments = root.putArray("segments");
        for (Segment s : r.segments()) {
            segments.addObject().put("data_offset", s.dataOffset()).put("onset", s.onset())
                    .put("duration", s.duration());
        }
        ArrayNode channels = root.putArray("channels");
        for (Channel c : r.channels()) {
            channels.add(channel(c, mapper));
        }
        ArrayNode annotations = root.putArray("annotations");
        for (Annotation a : r.annotations()) {
            ObjectNode o = annotations.addObject().put("onset", a.onset()).put("duration", a.duration())
                    .put("description", a.description());
            if (!a.channel().isEmpty()) {
                o.put("channel", a.channel());
            }
        }
        return root;
    }

    private static ObjectNode channel(Channel c, ObjectMapper mapper) {
        ObjectNode o = mapper.createObjectNode();
        o.put("name", c.name());
        o.put("type", c.type().mneName());
        o.put("unit", c.unit());
        o.put("sfreq", c.samplingRate());
        o.put("n_samples", c.sampleCount());
        if (c.position().isPresent()) {
            SensorPosition p = c.position().get();
            o.putArray("position").add(p.x()).add(p.y()).add(p.z());
        }
        // fNIRS channels: the optode pair, wavelength and source-detector distance, as tools expect them.
        OpticalChannel.of(c).ifPresent(oc -> {
            o.put("source", oc.source());
            o.put("detector", oc.detector());
            oc.wavelengthNm().ifPresent(w -> o.put("wavelength_nm", w));
            oc.distanceMeters().ifPresent(d -> o.put("distance_m", d));
        });
        ObjectNode attributes = o.putObject("attributes");
        c.attributes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> attributes.put(e.getKey(), e.getValue()));
        return o;
    }

    /**
     * ISO local date-time with milliseconds, or with microseconds when the start has sub-millisecond
     * precision (EDF+ subsecond starts), rounded to the microsecond as Python's datetime (and MNE) hold it.
     */
    static String isoStart(LocalDateTime start) {
        LocalDateTime t = start.withNano(0).plusNanos(Math.round(start.getNano() / 1000.0) * 1000);
        int micros = t.getNano() / 1000;
        String fraction = micros % 1000 == 0 ? String.format(Locale.ROOT, "%03d", micros / 1000)
                : String.format(Locale.ROOT, "%06d", micros);
        return t.format(SECONDS) + "." + fraction;
    }
}
