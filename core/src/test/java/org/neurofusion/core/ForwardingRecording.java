package org.neurofusion.core;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A recording that passes everything to another; tests override what they watch or break. */
public class ForwardingRecording implements Recording {
    private final Recording delegate;

    public ForwardingRecording(Recording delegate) {
        this.delegate = delegate;
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
    public void read(int channel, long firstSample, double[] dst, int offset, int count) {
        delegate.read(channel, firstSample, dst, offset, count);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
