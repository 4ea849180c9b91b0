package org.neurofusion.modalities.eeg;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ProcessingStep;
import org.neurofusion.core.Recording;
import org.neurofusion.core.Segment;
import org.neurofusion.modalities.eeg.BrainVisionHeader.ChannelInfo;
import org.neurofusion.modalities.eeg.BrainVisionMarkers.Marker;

/**
 * An open BrainVision recording: channels, annotations, segments and header fields are known at open; samples
 * are read on demand from the memory-mapped data file and scaled to SI units.
 */
final class BrainVisionRecording implements Recording {
    private final Path source;
    private final List<Channel> channels;
    private final double[] factors;
    private final BrainVisionDataFile data;
    private final Optional<LocalDateTime> start;
    private final List<Annotation> annotations;
    private final List<Segment> segments;
    private final Map<String, String> header;
    private volatile boolean closed;

    BrainVisionRecording(BrainVisionHeader h, BrainVisionDataFile data, BrainVisionMarkers markers,
            List<String> warnings) {
        this.source = h.file;
        this.data = data;
        long samples = data.samples();
        double rate = h.samplingRate;
        if (!Double.isFinite(samples / rate)) {
            throw BrainVisionIni.corrupt(h.file, h.samplingIntervalLine, "SamplingInterval=" + h.samplingIntervalText + " µs makes the "
                    + samples + " samples of data last longer than any duration that can be represented");
        }
        List<Channel> cs = new ArrayList<>(h.channels.size());
        factors = new double[h.channels.size()];
        for (int i = 0; i < factors.length; i++) {
            ChannelInfo c = h.channels.get(i);
            factors[i] = c.factor();
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("channel_number", Integer.toString(c.number()));
            attrs.put("resolution", Double.toString(c.resolution()));
            attrs.put("unit_in_file", c.unitInFile());
            if (!c.reference().isEmpty()) {
                attrs.put("reference", c.reference());
            }
            cs.add(new Channel(c.name(), c.type(), c.unit(), rate, samples, c.position(), attrs));
        }
        this.channels = List.copyOf(cs);
        List<Marker> ms = markers == null ? List.of() : markers.markers;
        this.start = markers == null ? Optional.empty() : markers.start;
        List<String> notes = new ArrayList<>(warnings);
        this.annotations = annotations(ms, rate, samples, notes);
        this.segments = segments(ms, rate, samples, start);

        Map<String, String> hd = new LinkedHashMap<>(h.fields);
        hd.put("SamplesRead", Long.toString(samples));
        if (markers != null) {
            hd.put("MarkerFileVersion", markers.version);
            hd.put("MarkerFileEncoding", markers.encoding);
        }
        if (!notes.isEmpty()) {
            hd.put("Warnings", String.join("; ", notes));
        }
        this.header = Collections.unmodifiableMap(hd);
    }

    /**
     * Markers as MNE reports them: onset (position - 1) / rate, duration length / rate, then cropped to the
     * data as MNE's set_annotations does (markers wholly outside are dropped, overhanging ones clipped).
     */
    private List<Annotation> annotations(List<Marker> ms, double rate, long samples, List<String> notes) {
        double tmax = samples / rate;
        List<Annotation> out = new ArrayList<>(ms.size());
        int dropped = 0;
        for (Marker m : ms) {
            double onset = (m.position() - 1) / rate;
            double duration = m.length() / rate;
            double offset = onset + duration;
            if (onset > tmax || offset < 0) {
                dropped++;
                continue;
            }
            if (onset < 0 || offset > tmax) {
                onset = Math.max(onset, 0);
                duration = Math.min(offset, tmax) - onset;
            }
            String channel = m.channel() > 0 ? channels.get(m.channel() - 1).name() : "";
            out.add(new Annotation(onset, duration, m.annotationText(), channel));
        }
        if (dropped > 0) {
            notes.add(dropped + " marker(s) lie outside the " + samples + " samples of data and were omitted, as MNE"
                    + " omits them");
        }
        out.sort(Comparator.comparingDouble(Annotation::onset)); // stable: file order among equal onsets
        return List.copyOf(out);
    }

    /** One segment per New Segment marker inside the data (and one from sample 0 if none starts there). */
    private static List<Segment> segments(List<Marker> ms, double rate, long samples, Optional<LocalDateTime> start) {
        if (samples == 0) {
            return List.of(new Segment(0, 0, 0));
        }
        TreeMap<Long, Marker> bounds = new TreeMap<>();
        for (Marker m : ms) {
            if (m.isNewSegment() && m.position() >= 1 && m.position() <= samples) {
                bounds.putIfAbsent(m.position() - 1, m);
            }
        }
        if (!bounds.containsKey(0L)) {
            bounds.put(0L, null);
        }
        List<Segment> out = new ArrayList<>(bounds.size());
        List<Long> keys = new ArrayList<>(bounds.keySet());
        for (int i = 0; i < keys.size(); i++) {
            long first = keys.get(i);
            long end = i + 1 < keys.size() ? keys.get(i + 1) : samples;
            double dataOffset = first / rate;
            Marker m = bounds.get(first);
            double onset = dataOffset;
            if (m != null && m.date().isPresent() && start.isPresent()) {
                // Acquisition time of this segment, from its own date stamp.
                Duration d = Duration.between(start.get(), m.date().get());
                onset = d.getSeconds() + d.getNano() / 1e9;
            }
            out.add(new Segment(dataOffset, onset, (end - first) / rate));
        }
        return List.copyOf(out);
    }

    @Override
    public Optional<Path> source() {
        return Optional.of(source);
    }

    @Override
    public String format() {
        return "BrainVision";
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public Optional<LocalDateTime> start() {
        return start;
    }

    @Override
    public List<Annotation> annotations() {
        return annotations;
    }

    @Override
    public Map<String, String> header() {
        return header;
    }

    @Override
    public List<Segment> segments() {
        return segments;
    }

    @Override
    public List<ProcessingStep> history() {
        return List.of(new ProcessingStep("read", Map.of("file", source.toString(), "format", "BrainVision")));
    }

    @Override
    public void read(int channel, long firstSample, double[] dst, int offset, int count) {
        if (closed) {
            // Named by the header the user opened, as every reader names a closed recording by its source.
            throw new IllegalStateException(source + ": recording is closed");
        }
        Objects.checkIndex(channel, channels.size());
        Objects.checkFromIndexSize(firstSample, count, data.samples());
        Objects.checkFromIndexSize(offset, count, dst.length);
        data.read(channel, firstSample, factors[channel], dst, offset, count);
    }

    @Override
    public void close() {
        closed = true;
        data.close();
    }

    @Override
    public String toString() {
        return "BrainVisionRecording[" + source + ", " + channels.size() + " channels × " + data.samples()
                + " samples]";
    }
}
