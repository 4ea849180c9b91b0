package org.neurofusion.core;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A recording whose samples are held in memory, one float64 array per channel: what processing steps
 * return, what simulators produce, and what writers are tested with.
 *
 * <p>{@link Builder#addChannel} copies the array it is given; {@link Builder#addOwnedChannel} takes the array
 * over instead, which is how a step that has just computed a fresh array passes it on without a copy.
 */
public final class InMemoryRecording extends AbstractRecording {
    private final double[][] samples;
    private final List<Segment> segments;
    private final List<ProcessingStep> history;

    private InMemoryRecording(Builder b) {
        super(b.source, b.format, channels(b), b.start, b.annotations, b.header);
        this.samples = b.samples.toArray(new double[0][]);
        this.segments = b.segments == null ? null : List.copyOf(b.segments);
        this.history = List.copyOf(b.history);
    }

    /** The builder's channels, names checked unique, each with its array's length as sample count. */
    private static List<Channel> channels(Builder b) {
        if (b.channels.size() != b.samples.size()) {
            throw new IllegalArgumentException("channels and sample arrays differ in number");
        }
        List<Channel> cs = new ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (int i = 0; i < b.channels.size(); i++) {
            Channel c = b.channels.get(i);
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("duplicate channel name '" + c.name() + "'");
            }
            double[] s = b.samples.get(i);
            // The channel's sample count is the array's length, whatever the caller passed.
            cs.add(new Channel(c.name(), c.type(), c.unit(), c.samplingRate(), s.length, c.position(), c.attributes()));
        }
        return cs;
    }

    /**
     * A builder holding everything of {@code in} but its channels: format, start, source, annotations, header,
     * segments and history. Processing steps add their channels and extend the history.
     */
    public static Builder builderFrom(Recording in) {
        Builder b = new Builder().setFormat(in.format()).optSegments(in.segments()).optHistory(in.history());
        in.start().ifPresent(b::optStart);
        in.source().ifPresent(b::optSource);
        in.annotations().forEach(b::addAnnotation);
        in.header().forEach(b::optHeader);
        return b;
    }

    /** The given channels of {@code in}, read whole, with all its metadata and history. */
    public static InMemoryRecording copyOf(Recording in, int[] channels) {
        Builder b = builderFrom(in);
        for (int i : channels) {
            // readAll returns a fresh array: hand it over rather than copy it a second time.
            b.addOwnedChannel(in.channels().get(i), in.readAll(i));
        }
        return b.build();
    }

    /** A builder; {@code setFormat} and at least one channel or annotation are expected. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public List<Segment> segments() {
        return segments == null ? super.segments() : segments;
    }

    @Override
    public List<ProcessingStep> history() {
        return history;
    }

    @Override
    public void read(int channel, long firstSample, double[] dst, int offset, int count) {
        double[] s = samples[Objects.checkIndex(channel, samples.length)];
        Objects.checkFromIndexSize(firstSample, count, s.length);
        System.arraycopy(s, (int) firstSample, dst, offset, count);
    }

    /** Narrows straight from the stored array, without the default's intermediate buffer. */
    @Override
    public void read(int channel, long firstSample, float[] dst, int offset, int count) {
        double[] s = samples[Objects.checkIndex(channel, samples.length)];
        Objects.checkFromIndexSize(firstSample, count, s.length);
        Objects.checkFromIndexSize(offset, count, dst.length);
        int from = (int) firstSample;
        for (int i = 0; i < count; i++) {
            dst[offset + i] = (float) s[from + i];
        }
    }

    @Override
    public void close() {
        // nothing to release
    }

    /**
     * Builds an {@link InMemoryRecording}. Arrays passed to {@link #addChannel} are copied; arrays passed to
     * {@link #addOwnedChannel} are handed over.
     */
    public static final class Builder {
        private String format = "in-memory";
        private final List<Channel> channels = new ArrayList<>();
        private final List<double[]> samples = new ArrayList<>();
        private LocalDateTime start;
        private final List<Annotation> annotations = new ArrayList<>();
        private final Map<String, String> header = new LinkedHashMap<>();
        private List<Segment> segments;
        private final List<ProcessingStep> history = new ArrayList<>();
        private Path source;

        private Builder() {
        }

        public Builder setFormat(String f) {
            this.format = Objects.requireNonNull(f);
            return this;
        }

        /** Adds a channel with its samples (SI units); the channel's sample count is taken from the array. */
        public Builder addChannel(Channel c, double[] values) {
            channels.add(Objects.requireNonNull(c));
            samples.add(values.clone());
            return this;
        }

        /**
         * Adds a channel whose samples array is handed over, not copied: the recording keeps this very array,
         * so its reads return exactly these values without the cost of a copy. The caller gives up the array:
         * it must not write to it after this call (a write would show through every read of the recording).
         * Use it for an array the caller has just made and keeps no other use for.
         */
        public Builder addOwnedChannel(Channel c, double[] values) {
            channels.add(Objects.requireNonNull(c));
            samples.add(Objects.requireNonNull(values, "values"));
            return this;
        }

        public Builder optStart(LocalDateTime t) {
            this.start = t;
            return this;
        }

        public Builder addAnnotation(Annotation a) {
            annotations.add(Objects.requireNonNull(a));
            return this;
        }

        public Builder optHeader(String key, String value) {
            header.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
            return this;
        }

        public Builder optSegments(List<Segment> s) {
            this.segments = s;
            return this;
        }

        public Builder optHistory(List<ProcessingStep> steps) {
            history.clear();
            history.addAll(steps);
            return this;
        }

        public Builder optSource(Path p) {
            this.source = p;
            return this;
        }

        public InMemoryRecording build() {
            return new InMemoryRecording(this);
        }
    }
}
