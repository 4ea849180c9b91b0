package org.neurofusion.modalities.meg;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.neurofusion.core.Annotation;

/**
 * The annotations MNE-Python stores in a FIF file (FIFFB_MNE_ANNOTATIONS: onsets, ends, colon-separated
 * descriptions, an optional origin time and channel lists) and the acquisition skips it adds as
 * {@code BAD_ACQ_SKIP}, converted to the project's convention: onsets in seconds from the first sample, cropped
 * to the data as MNE crops them when it attaches annotations to a recording.
 */
final class FifAnnotations {
    /** One stored annotation: onset in seconds from {@code origin} (or from the first sample when absent). */
    record Stored(double onset, double duration, String description, String channels) {
    }

    /** What the block holds: the annotations and the time their onsets count from (null: the first sample). */
    record Block(List<Stored> annotations, Instant origin) {
    }

    private FifAnnotations() {
    }

    /** The annotations of the first FIFFB_MNE_ANNOTATIONS block, and the origin time they count from. */
    static Block read(FifFile f, FifBlock root) {
        List<FifBlock> blocks = root.findAll(FifConstants.B_MNE_ANNOTATIONS);
        if (blocks.isEmpty()) {
            return new Block(List.of(), null);
        }
        Instant origin = null;
        FifBlock b = blocks.get(0);
        double[] onset = new double[0];
        double[] end = new double[0];
        List<String> descriptions = List.of();
        List<String> channels = null;
        for (FifTag t : b.tags()) {
            switch (t.kind()) {
                case FifConstants.MNE_BASELINE_MIN, FifConstants.OLD_BASELINE_MIN -> onset = f.reals(t);
                case FifConstants.MNE_BASELINE_MAX, FifConstants.OLD_BASELINE_MAX -> end = f.reals(t);
                case FifConstants.COMMENT -> descriptions = FifMeasInfoParser.names(f.string(t));
                case FifConstants.MEAS_DATE -> origin = origin(f, t);
                case FifConstants.MNE_EPOCHS_DROP_LOG -> channels = channelLists(f, t);
                default -> {
                    // nothing else is stored there
                }
            }
        }
        if (onset.length != end.length || onset.length != descriptions.size()
                || (channels != null && channels.size() != onset.length)) {
            throw f.corrupt(b.pos(), "annotations (FIFFB_MNE_ANNOTATIONS) at byte " + b.pos() + " hold " + onset.length
                    + " onsets, " + end.length + " ends and " + descriptions.size() + " descriptions"
                    + (channels == null ? "" : " and " + channels.size() + " channel lists"));
        }
        List<Stored> out = new ArrayList<>(onset.length);
        for (int i = 0; i < onset.length; i++) {
            double d = end[i] - onset[i];
            if (!Double.isFinite(onset[i]) || !(d >= 0) || !Double.isFinite(d)) {
                throw f.corrupt(b.pos(), "annotation " + i + " at byte " + b.pos() + " has onset " + onset[i]
                        + " s and end " + end[i] + " s");
            }
            out.add(new Stored(onset[i], d, descriptions.get(i), channels == null ? "" : channels.get(i)));
        }
        return new Block(out, origin);
    }

    /** The origin time: (seconds, microseconds) in new files, seconds as a double in old ones. */
    private static Instant origin(FifFile f, FifTag t) {
        if (t.type() == FifConstants.T_DOUBLE || t.type() == FifConstants.T_FLOAT) {
            double s = f.realValue(t);
            long secs = (long) Math.floor(s);
            return Instant.ofEpochSecond(secs, Math.round((s - secs) * 1e9));
        }
        int[] v = f.ints(t);
        if (v.length == 0) {
            throw f.corrupt(t.pos(), t + " holds no time");
        }
        return Instant.ofEpochSecond(v[0], v.length > 1 ? v[1] * 1000L : 0);
    }

    /** The channel list of every annotation, from MNE's JSON list of lists, each joined with commas. */
    private static List<String> channelLists(FifFile f, FifTag t) {
        try {
            JsonNode root = new ObjectMapper().readTree(f.string(t));
            List<String> out = new ArrayList<>();
            for (JsonNode one : root) {
                List<String> names = new ArrayList<>();
                one.forEach(n -> names.add(n.asText()));
                out.add(String.join(",", names));
            }
            return out;
        } catch (java.io.IOException e) {
            throw f.corrupt(t.pos(), "the annotations' channel lists are not JSON: " + e.getMessage());
        }
    }

    /**
     * The stored annotations relative to the first sample, cropped to the {@code duration} seconds of data, with one
     * {@code BAD_ACQ_SKIP} per skip: what MNE's {@code raw.annotations} holds.
     *
     * @param measDate the recording's measurement date (null when unknown)
     * @param firstTime the first sample's time after the measurement date, in seconds
     */
    static List<Annotation> relative(List<Stored> stored, Instant origin, Instant measDate, double firstTime,
            double duration, List<double[]> skips) {
        double shift;
        if (origin == null) {
            shift = 0; // stored relative to the first sample
        } else {
            Instant ref = measDate == null ? origin : measDate;
            Duration d = Duration.between(ref, origin);
            shift = d.getSeconds() + d.getNano() / 1e9 - firstTime;
        }
        List<Annotation> out = new ArrayList<>();
        for (Stored s : stored) {
            double onset = s.onset() + shift;
            double offset = onset + s.duration();
            if (onset > duration || offset < 0) {
                continue;
            }
            double from = Math.max(onset, 0);
            out.add(new Annotation(from, Math.min(offset, duration) - from, s.description(), s.channels()));
        }
        for (double[] skip : skips) {
            out.add(new Annotation(skip[0], skip[1], "BAD_ACQ_SKIP"));
        }
        return out;
    }
}
