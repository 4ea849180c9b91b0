package org.neurofusion.modalities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;

/**
 * What a peer reader (MNE-Python, nibabel) returned for one file of {@code ../shared/data}, from
 * {@code expected/<path>.json}, and the comparison of a recording of ours against it.
 */
public final class ExpectedRecording {
    /** Relative tolerance on values, as the issue sets it. */
    public static final double RELATIVE_TOLERANCE = 1e-6;
    /** Absolute tolerance on values near zero, in SI units. */
    public static final double ABSOLUTE_TOLERANCE = 1e-12;

    private final JsonNode root;
    private final String relative;

    private ExpectedRecording(JsonNode root, String relative) {
        this.root = root;
        this.relative = relative;
    }

    /** Loads {@code expected/<relative>.json} under the data folder. */
    public static ExpectedRecording load(Path dataDir, String relative) {
        Path p = dataDir.resolve("expected").resolve(relative + ".json");
        try {
            // MNE writes NaN for the statistics of all-NaN channels (Kernel's hb.snirf): accept the token.
            ObjectMapper mapper = new ObjectMapper();
            mapper.enable(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS.mappedFeature());
            return new ExpectedRecording(mapper.readTree(p.toFile()), relative);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read oracle " + p, e);
        }
    }

    public JsonNode json() {
        return root;
    }

    public double sfreq() {
        return root.get("sfreq").asDouble();
    }

    public long nTimes() {
        return root.get("n_times").asLong();
    }

    /** Expected channels, in file order (MNE's names). */
    public List<JsonNode> channels() {
        List<JsonNode> out = new ArrayList<>();
        root.get("channels").forEach(out::add);
        return out;
    }

    /** Expected annotations. */
    public List<Annotation> annotations() {
        List<Annotation> out = new ArrayList<>();
        root.get("annotations").forEach(a -> out.add(new Annotation(a.get("onset").asDouble(),
                a.get("duration").asDouble(), a.get("description").asText())));
        return out;
    }

    /**
     * Asserts that our recording agrees with the peer: channel names and order, rates and sample counts,
     * stim channels, annotations (onset and duration to 1 µs), and for every comparable channel the first
     * five samples, mean and std (relative 1e-6 or absolute 1e-12).
     */
    public void assertMatches(Recording r) {
        List<JsonNode> exp = channels();
        List<Channel> ours = r.channels();
        assertEquals(exp.stream().map(c -> c.get("name").asText()).toList(),
                ours.stream().map(Channel::name).toList(), relative + ": channel names");
        for (int i = 0; i < exp.size(); i++) {
            JsonNode e = exp.get(i);
            Channel c = ours.get(i);
            String where = relative + ", channel " + c.name();
            JsonNode native_ = e.get("native_sfreq");
            double rate = native_ != null && !native_.isNull() ? native_.asDouble() : sfreq();
            assertEquals(rate, c.samplingRate(), 1e-9 * rate, where + ": sampling rate");
            if (Double.compare(rate, sfreq()) == 0) {
                assertEquals(nTimes(), c.sampleCount(), where + ": sample count");
            }
            if ("stim".equals(e.get("type").asText())) {
                assertEquals(ChannelType.STIM, c.type(), where + ": MNE reads a stim channel here");
            }
            if (e.get("comparable").asBoolean()) {
                double[] v = r.readAll(i);
                JsonNode first = e.get("first5");
                for (int k = 0; k < first.size(); k++) {
                    assertClose(first.get(k).asDouble(), v[k], where + ": sample " + k);
                }
                double mean = 0;
                for (double x : v) {
                    mean += x;
                }
                mean /= v.length;
                double ss = 0;
                for (double x : v) {
                    ss += (x - mean) * (x - mean);
                }
                double std = Math.sqrt(ss / v.length);
                assertClose(e.get("mean").asDouble(), mean, where + ": mean");
                assertClose(e.get("std").asDouble(), std, where + ": std");
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (double x : v) {
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
                assertClose(e.get("min").asDouble(), min, where + ": min");
                assertClose(e.get("max").asDouble(), max, where + ": max");
            }
        }
        assertAnnotations(r.annotations());
        assertStart(r);
    }

    /**
     * Asserts the start date-time agrees with MNE's {@code meas_date} (UTC as MNE stores it; the file's local
     * time here): to the microsecond where MNE kept a fraction, to the second where it dropped it (EDF).
     */
    public void assertStart(Recording r) {
        JsonNode m = root.get("meas_date");
        if (m == null || m.isNull()) {
            return;
        }
        java.time.OffsetDateTime expected = java.time.OffsetDateTime.parse(m.asText());
        java.time.LocalDateTime ours = r.start().orElseThrow(() -> new AssertionError(relative + ": no start"));
        java.time.LocalDateTime e = expected.toLocalDateTime();
        if (e.getNano() == 0) {
            ours = ours.withNano(0);
        } else {
            ours = ours.withNano(ours.getNano() / 1000 * 1000);
        }
        assertEquals(e, ours, relative + ": start");
    }

    /** Asserts the annotations agree (onset and duration to 1 µs, description exactly). */
    public void assertAnnotations(List<Annotation> ours) {
        List<Annotation> exp = annotations();
        if (exp.size() != ours.size()) {
            fail(relative + ": expected " + exp.size() + " annotations " + exp + ", got " + ours.size() + " " + ours);
        }
        for (int i = 0; i < exp.size(); i++) {
            Annotation e = exp.get(i);
            Annotation o = ours.get(i);
            String where = relative + ", annotation " + i + " " + e;
            assertEquals(e.description(), o.description(), where + ": description");
            assertEquals(e.onset(), o.onset(), 1e-6, where + ": onset");
            assertEquals(e.duration(), o.duration(), 1e-6, where + ": duration");
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            // NaN where the peer has NaN (numpy's statistics propagate it, as ours do), nowhere else.
            assertTrue(Double.isNaN(expected) && Double.isNaN(actual), what + ": expected " + expected + ", got "
                    + actual);
            return;
        }
        double err = Math.abs(expected - actual);
        assertTrue(err <= ABSOLUTE_TOLERANCE || err <= RELATIVE_TOLERANCE * Math.abs(expected),
                what + ": expected " + expected + ", got " + actual);
    }
}
