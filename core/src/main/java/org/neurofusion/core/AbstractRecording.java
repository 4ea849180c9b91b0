package org.neurofusion.core;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The metadata every {@link Recording} holds once opened — source, format, channels, start, annotations and
 * header — kept in one place, so each reader implements only how samples are read (and whatever it computes
 * lazily, by overriding the accessor). Annotations are sorted by onset (stably: file order among equal
 * onsets) and every collection is copied and unmodifiable.
 */
public abstract class AbstractRecording implements Recording {
    private final Path source;
    private final String format;
    private final List<Channel> channels;
    private final LocalDateTime start;
    private final List<Annotation> annotations;
    private final Map<String, String> header;

    /**
     * @param source the file or folder read, or null for an in-memory recording
     * @param start local date-time of the first sample, or null when unknown
     */
    protected AbstractRecording(Path source, String format, List<Channel> channels, LocalDateTime start,
            List<Annotation> annotations, Map<String, String> header) {
        this.source = source;
        this.format = Objects.requireNonNull(format, "format");
        this.channels = List.copyOf(channels);
        this.start = start;
        List<Annotation> sorted = new ArrayList<>(annotations);
        sorted.sort(Comparator.comparingDouble(Annotation::onset));
        this.annotations = List.copyOf(sorted);
        this.header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
    }

    @Override
    public Optional<Path> source() {
        return Optional.ofNullable(source);
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public Optional<LocalDateTime> start() {
        return Optional.ofNullable(start);
    }

    @Override
    public List<Annotation> annotations() {
        return annotations;
    }

    @Override
    public Map<String, String> header() {
        return header;
    }
}
