package org.neurofusion.modalities.fnirs;

import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * The {@code metaDataTags} of a SNIRF block: every tag as text (for the recording's header), the start
 * date-time, and the length and time units the other fields are written in.
 *
 * @param start local date-time of the measurement as written; empty when the file says "unknown" or
 *     writes something unreadable (the tags keep what it wrote)
 * @param lengthUnit {@code LengthUnit} as written, null when absent
 * @param secondsPerTimeUnit what one unit of {@code time} is in seconds ({@code TimeUnit} s, ms, us;
 *     "unknown" or absent counts as seconds, as in MNE)
 */
record SnirfMetadata(Map<String, String> tags, Optional<LocalDateTime> start, String lengthUnit,
        double secondsPerTimeUnit, String path) {
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
    // hh:mm:ss with an optional fraction and an optional zone designator (ISO 8601, as the spec asks).
    private static final Pattern TIME = Pattern.compile(
            "(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?\\s*(Z|[+-]\\d{2}(?::?\\d{2})?)?");

    static SnirfMetadata read(SnirfHdf h, Optional<Group> group, String nirsPath) {
        String path = nirsPath + "/metaDataTags";
        Map<String, String> tags = new LinkedHashMap<>();
        if (group.isPresent()) {
            Group g = group.get();
            for (String name : h.call(path, () -> java.util.List.copyOf(g.getChildren().keySet()))) {
                Node n = h.child(g, name).orElseThrow();
                if (n instanceof Dataset d) {
                    tags.put(name, h.text(d).trim());
                }
            }
        }
        String time = tags.get("MeasurementTime");
        Optional<LocalDateTime> start = parseStart(tags.get("MeasurementDate"), time);
        String timeUnit = tags.getOrDefault("TimeUnit", "s");
        double perUnit = switch (timeUnit) {
            case "s", "unknown", "" -> 1;
            case "ms" -> 1e-3;
            case "us" -> 1e-6;
            default -> throw new UnsupportedFormatException(h.file(), -1, path + "/TimeUnit: time unit \""
                    + timeUnit + "\" is not one of s, ms, us");
        };
        return new SnirfMetadata(tags, start, tags.get("LengthUnit"), perUnit, path);
    }

    /** The date-time written in the file, to the nanosecond; empty when it is "unknown" or malformed. */
    static Optional<LocalDateTime> parseStart(String date, String time) {
        if (date == null || time == null) {
            return Optional.empty();
        }
        Matcher d = DATE.matcher(date.trim());
        Matcher t = TIME.matcher(time.trim());
        if (!d.matches() || !t.matches()) {
            return Optional.empty();
        }
        try {
            int nanos = 0;
            if (t.group(4) != null) {
                String f = (t.group(4) + "000000000").substring(0, 9);
                nanos = Integer.parseInt(f);
            }
            return Optional.of(LocalDateTime.of(Integer.parseInt(d.group(1)), Integer.parseInt(d.group(2)),
                    Integer.parseInt(d.group(3)), Integer.parseInt(t.group(1)), Integer.parseInt(t.group(2)),
                    Integer.parseInt(t.group(3)), nanos));
        } catch (java.time.DateTimeException e) {
            return Optional.empty();
        }
    }
}
