package org.neurofusion.core;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A recording that passes every call to another, for views that change part of what a recording says (its
 * channel list, its annotations, where it comes from) and keep the rest, and for tests that watch or break one
 * call. Both reads are forwarded, so the delegate's own float32 read (no float64 detour) serves a view.
 * Closing closes the delegate unless a subclass says otherwise.
 */
public class ForwardingRecording implements Recording {
    private final Recording delegate;

    /** A recording that forwards to {@code delegate}. */
    public ForwardingRecording(Recording delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The recording calls are passed to. */
    protected final Recording delegate() {
        return delegate;
    }

    @Override
    public Optional<Path> source() {
        return delegate.source();
    }

    @Override
    public String format() {
        return delegate.format();
    }

    @Override
    public List<Channel> channels() {
        return delegate.channels();
    }

    @Override
    public Optional<LocalDateTime> start() {
        return delegate.start();
    }

    @Override
    public List<Annotation> annotations() {
        return delegate.annotations();
    }

    @Override
    public Map<String, String> header() {
        return delegate.header();
    }

    @Override
    public List<Segment> segments() {
        return delegate.segments();
    }

    @Override
    public List<ProcessingStep> history() {
        return delegate.history();
    }

    @Override
    public void read(int channel, long firstSample, double[] dst, int offset, int count) {
        delegate.read(channel, firstSample, dst, offset, count);
    }

    @Override
    public void read(int channel, long firstSample, float[] dst, int offset, int count) {
        delegate.read(channel, firstSample, dst, offset, count);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
