package org.neurofusion.cli;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;
import org.neurofusion.core.Segment;

/**
 * The text form of {@code neurofusion info}, for people: format, start, duration, segments, channels grouped by
 * type, rate and unit, the first annotations and the header fields ({@link RecordingJson} is the form for
 * programs).
 */
final class RecordingSummary {
    /** Annotations listed in the text summary; the JSON form lists them all. */
    static final int ANNOTATIONS_SHOWN = 5;
    /** Channel names listed per group in the text summary. */
    private static final int NAMES_SHOWN = 8;

    private RecordingSummary() {
    }

    /** The summary of {@code r}; {@code file} names it when the recording does not know its source. */
    static void print(Recording r, Path file, PrintWriter out) {
        out.printf("file         %s%n", r.source().map(Path::toString).orElse(file.toString()));
        out.printf("format       %s%n", r.format());
        out.printf("start        %s%n", r.start().map(RecordingJson::isoStart).orElse("unknown"));
        out.printf("duration     %s s (%s)%n", seconds(r.durationSeconds()), clock(r.durationSeconds()));
        List<Segment> segments = r.segments();
        if (segments.size() == 1) {
            out.printf("segments     1 (continuous)%n");
        } else {
            out.printf("segments     %d%n", segments.size());
            for (Segment s : segments.subList(0, Math.min(ANNOTATIONS_SHOWN, segments.size()))) {
                out.printf("  at %s s for %s s (data from %s s)%n", seconds(s.onset()), seconds(s.duration()),
                        seconds(s.dataOffset()));
            }
            more(out, segments.size() - ANNOTATIONS_SHOWN, "segments");
        }
        printChannels(r.channels(), out);
        List<Annotation> annotations = r.annotations();
        out.printf("annotations  %d%n", annotations.size());
        for (Annotation a : annotations.subList(0, Math.min(ANNOTATIONS_SHOWN, annotations.size()))) {
            out.printf("  %12s s  %10s s  %s%s%n", seconds(a.onset()), seconds(a.duration()), a.description(),
                    a.channel().isEmpty() ? "" : " [" + a.channel() + "]");
        }
        more(out, annotations.size() - ANNOTATIONS_SHOWN, "annotations (--json lists them all)");
        if (!r.header().isEmpty()) {
            out.printf("header%n");
            int width = r.header().keySet().stream().mapToInt(String::length).max().orElse(0);
            r.header().forEach((k, v) -> out.printf("  %-" + width + "s  %s%n", k, v));
        }
    }

    /** Channels grouped by type, rate and unit, in order of first appearance. */
    private static void printChannels(List<Channel> channels, PrintWriter out) {
        out.printf("channels     %d%n", channels.size());
        record Group(ChannelType type, double rate, String unit) {
        }
        Map<Group, List<String>> groups = new LinkedHashMap<>();
        for (Channel c : channels) {
            groups.computeIfAbsent(new Group(c.type(), c.samplingRate(), c.unit()), g -> new ArrayList<>())
                    .add(c.name());
        }
        if (groups.isEmpty()) {
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"type", "rate (Hz)", "unit", "count", "names"});
        for (Map.Entry<Group, List<String>> e : groups.entrySet()) {
            List<String> names = e.getValue();
            String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())))
                    + (names.size() > NAMES_SHOWN ? ", ... (" + (names.size() - NAMES_SHOWN) + " more)" : "");
            Group g = e.getKey();
            rows.add(new String[] {g.type().mneName(), number(g.rate()), g.unit(), Integer.toString(names.size()),
                shown});
        }
        int[] width = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            out.printf("  %-" + width[0] + "s  %" + width[1] + "s  %-" + width[2] + "s  %" + width[3] + "s  %s%n",
                    (Object[]) row);
        }
        LinkedHashSet<Double> rates = new LinkedHashSet<>();
        channels.forEach(c -> rates.add(c.samplingRate()));
        if (rates.size() > 1) {
            out.printf("  (several rates: convert needs --channels of one rate)%n");
        }
    }

    private static void more(PrintWriter out, int hidden, String what) {
        if (hidden > 0) {
            out.printf("  ... %d more %s%n", hidden, what);
        }
    }

    /** A rate or count without a useless ".0" (200, 0.5, 8.1777). */
    static String number(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    private static String clock(double s) {
        long ms = Math.round(s * 1000);
        return String.format(Locale.ROOT, "%d:%02d:%02d.%03d", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                ms % 1000);
    }
}
