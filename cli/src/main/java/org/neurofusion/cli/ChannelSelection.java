package org.neurofusion.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;

/**
 * What {@code convert} writes: channels of one sampling rate, in the order asked for, over a range of
 * samples at that rate. Built from the user's names and seconds by {@link #resolve}, which explains in one
 * sentence what is wrong with a selection it refuses.
 *
 * @param indices channel indices in the recording, in output order
 * @param names the same channels' names
 * @param samplingRate the rate they share, in Hz
 * @param firstSample the first sample written, at that rate
 * @param sampleCount how many samples per channel are written
 */
record ChannelSelection(int[] indices, List<String> names, double samplingRate, long firstSample, long sampleCount) {
    ChannelSelection {
        names = List.copyOf(names);
    }

    /** Start of the range, in seconds from the first sample. */
    double startSeconds() {
        return firstSample / samplingRate;
    }

    /** End of the range, in seconds from the first sample. */
    double endSeconds() {
        return (firstSample + sampleCount) / samplingRate;
    }

    /** The recording's annotations whose onset falls inside the range, onsets counted from the range's start. */
    List<org.neurofusion.core.Annotation> annotationsIn(Recording r) {
        double from = startSeconds();
        double to = endSeconds();
        List<org.neurofusion.core.Annotation> out = new ArrayList<>();
        for (org.neurofusion.core.Annotation a : r.annotations()) {
            if (a.onset() >= from && a.onset() < to) {
                out.add(new org.neurofusion.core.Annotation(a.onset() - from, a.duration(), a.description(),
                        a.channel()));
            }
        }
        return out;
    }

    /** The time of the range's first sample, when the recording knows its start. */
    java.util.Optional<java.time.LocalDateTime> startIn(Recording r) {
        return r.start().map(s -> s.plusNanos(Math.round(startSeconds() * 1e9)));
    }

    /**
     * Resolves a selection.
     *
     * @param requested channel names, or null or empty for all channels
     * @param start seconds from the first sample, rounded to the nearest sample
     * @param duration seconds, rounded to the nearest number of samples; null for the rest of the data
     * @throws IllegalArgumentException saying which name, rate or time is wrong
     */
    static ChannelSelection resolve(Recording r, List<String> requested, double start, Double duration) {
        List<Channel> channels = r.channels();
        int[] indices = indices(r, requested);
        List<String> names = new ArrayList<>();
        Map<Double, List<String>> byRate = new LinkedHashMap<>();
        long available = Long.MAX_VALUE;
        for (int i : indices) {
            Channel c = channels.get(i);
            names.add(c.name());
            byRate.computeIfAbsent(c.samplingRate(), k -> new ArrayList<>()).add(c.name());
            available = Math.min(available, c.sampleCount());
        }
        if (byRate.size() > 1) {
            StringBuilder sb = new StringBuilder("the selected channels have different sampling rates (");
            byRate.forEach((rate, ns) -> sb.append(RecordingSummary.number(rate)).append(" Hz: ")
                    .append(String.join(", ", ns)).append("; "));
            sb.setLength(sb.length() - 2);
            throw new IllegalArgumentException(sb.append("); choose channels of one rate with --channels").toString());
        }
        double rate = byRate.keySet().iterator().next();
        if (available == 0) {
            throw new IllegalArgumentException("the selected channels hold no samples");
        }
        double dataEnd = available / rate;
        if (!Double.isFinite(start) || start < 0) {
            throw new IllegalArgumentException("--start must be a number of seconds >= 0, got " + start);
        }
        long first = Math.round(start * rate);
        if (first >= available) {
            throw new IllegalArgumentException("--start " + start + " s lies at or beyond the end of the data ("
                    + seconds(dataEnd) + " s at " + RecordingSummary.number(rate) + " Hz)");
        }
        long count;
        if (duration == null) {
            count = available - first;
        } else {
            if (!Double.isFinite(duration) || duration <= 0) {
                throw new IllegalArgumentException("--duration must be a number of seconds > 0, got " + duration);
            }
            count = Math.round(duration * rate);
            if (count == 0) {
                throw new IllegalArgumentException("--duration " + duration + " s is shorter than one sample at "
                        + RecordingSummary.number(rate) + " Hz");
            }
            if (count > available - first) {
                throw new IllegalArgumentException("--start " + start + " s with --duration " + duration
                        + " s ends at " + seconds((first + count) / rate) + " s, beyond the end of the data at "
                        + seconds(dataEnd) + " s");
            }
        }
        return new ChannelSelection(indices, names, rate, first, count);
    }

    /**
     * The indices of the channels named, in that order, or of every channel when none is named.
     *
     * @throws IllegalArgumentException naming each unknown channel and the closest names
     */
    static int[] indices(Recording r, List<String> requested) {
        return requested == null || requested.isEmpty() ? allChannels(r) : byName(r, requested);
    }

    private static int[] allChannels(Recording r) {
        int n = r.channels().size();
        if (n == 0) {
            throw new IllegalArgumentException(where(r) + " has no channels");
        }
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
    }

    private static int[] byName(Recording r, List<String> requested) {
        Map<String, Integer> index = new LinkedHashMap<>();
        List<Channel> channels = r.channels();
        for (int i = 0; i < channels.size(); i++) {
            index.put(channels.get(i).name(), i);
        }
        int[] out = new int[requested.size()];
        List<String> problems = new ArrayList<>();
        for (int k = 0; k < requested.size(); k++) {
            String name = requested.get(k);
            // "A, B" on the command line: the space belongs to the separator, not to the name.
            Integer i = index.containsKey(name) ? index.get(name) : index.get(name.strip());
            if (i == null) {
                List<String> close = closest(name, index.keySet());
                problems.add("no channel named '" + name + "'"
                        + (close.isEmpty() ? "" : " (closest: " + String.join(", ", close) + ")"));
            } else {
                out[k] = i;
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems) + " in " + where(r) + ", which has "
                    + channels.size() + " channels (see 'neurofusion info')");
        }
        return out;
    }

    /** Up to three names within a few edits of {@code name}, ignoring case, nearest first. */
    static List<String> closest(String name, Iterable<String> candidates) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        int limit = Math.max(2, n.length() / 3);
        record Scored(String name, int distance) {
        }
        List<Scored> scored = new ArrayList<>();
        for (String c : candidates) {
            int d = distance(n, c.toLowerCase(Locale.ROOT));
            if (d <= limit) {
                scored.add(new Scored(c, d));
            }
        }
        scored.sort(Comparator.comparingInt(Scored::distance));
        return scored.stream().limit(3).map(Scored::name).toList();
    }

    /** Levenshtein distance. */
    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static String where(Recording r) {
        return r.source().map(Path::toString).orElse("the recording");
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
