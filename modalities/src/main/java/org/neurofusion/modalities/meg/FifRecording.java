package org.neurofusion.modalities.meg;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurofusion.core.AbstractRecording;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.ProcessingStep;
import org.neurofusion.core.Segment;

/**
 * An open raw FIF recording. Opening read the tag structure and the measurement info; samples are decoded on
 * demand from the memory-mapped file(s), only from the data buffers a read touches, and scaled to SI units as
 * MNE-Python scales them (stored value × range × calibration). All channels share the file's sampling rate.
 *
 * <p>Time: sample 0 here is MNE's {@code first_samp}; {@link #start()} is the UTC time of that sample
 * (measurement date + {@code first_samp / sfreq}), so it differs from MNE's {@code meas_date} by
 * {@link #firstSample()} samples. Annotations count from sample 0, as MNE's do. Acquisition skips
 * (FIFF_DATA_SKIP) read as zeros, are annotated {@code BAD_ACQ_SKIP} as in MNE, and split {@link #segments()}.
 * Projectors and CTF compensation are exposed ({@link #measurementInfo()}) and never applied.
 */
public final class FifRecording extends AbstractRecording {
    private final List<FifFile> files;
    private final FifMeasurementInfo info;
    private final FifRawData data;
    private final long firstSample;
    private final double[] scales;
    private final List<Segment> segments;
    private volatile boolean closed;

    FifRecording(Path source, List<FifFile> files, FifMeasurementInfo info, List<FifRawData.Part> parts,
            FifAnnotations.Block annotations, List<String> warnings) {
        this(source, files, info, parts, new FifRawData(info.channels().size(), parts), annotations, warnings);
    }

    private FifRecording(Path source, List<FifFile> files, FifMeasurementInfo info, List<FifRawData.Part> parts,
            FifRawData data, FifAnnotations.Block annotations, List<String> warnings) {
        super(source, "FIF", FifChannels.of(info, data.samples()), start(source, info, parts.get(0).firstSample()),
                annotations(info, parts.get(0).firstSample(), data, annotations),
                header(files, info, parts, data, warnings));
        this.files = List.copyOf(files);
        this.info = info;
        this.data = data;
        this.firstSample = parts.get(0).firstSample();
        this.scales = info.channels().stream().mapToDouble(FifChannel::scale).toArray();
        this.segments = segments(data, info.samplingRate());
    }

    /** The UTC time of sample 0: the measurement date plus {@code first_samp / sfreq}. */
    private static LocalDateTime start(Path source, FifMeasurementInfo info, long firstSample) {
        double seconds = firstSample / info.samplingRate();
        long whole = (long) Math.floor(seconds);
        long nanos = Math.round((seconds - whole) * 1e9);
        try {
            return info.measurementDate().map(d -> LocalDateTime.ofInstant(d.plusSeconds(whole).plusNanos(nanos),
                    ZoneOffset.UTC)).orElse(null);
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new org.neurofusion.core.CorruptRecordingException(source, -1, "first sample " + firstSample
                    + " at " + info.samplingRate() + " Hz lies outside any date");
        }
    }

    private static List<double[]> skips(FifRawData data, double rate) {
        List<double[]> out = new ArrayList<>();
        for (FifRawData.Buffer b : data.buffers()) {
            if (b.isSkip()) {
                out.add(new double[] {b.start() / rate, b.samples() / rate});
            }
        }
        return out;
    }

    private static List<Annotation> annotations(FifMeasurementInfo info, long firstSample, FifRawData data,
            FifAnnotations.Block block) {
        double rate = info.samplingRate();
        return FifAnnotations.relative(block.annotations(), block.origin(), info.measurementDate().orElse(null),
                firstSample / rate, data.samples() / rate, skips(data, rate));
    }

    /** One segment per run of stored buffers between skips (skips are read as zeros, so data and time agree). */
    private static List<Segment> segments(FifRawData data, double rate) {
        List<Segment> out = new ArrayList<>();
        long runStart = -1;
        long runEnd = 0;
        for (FifRawData.Buffer b : data.buffers()) {
            if (b.isSkip()) {
                if (runStart >= 0) {
                    out.add(new Segment(runStart / rate, runStart / rate, (runEnd - runStart) / rate));
                    runStart = -1;
                }
            } else {
                if (runStart < 0) {
                    runStart = b.start();
                }
                runEnd = b.start() + b.samples();
            }
        }
        if (runStart >= 0) {
            out.add(new Segment(runStart / rate, runStart / rate, (runEnd - runStart) / rate));
        }
        return out.size() <= 1 && data.buffers().stream().noneMatch(FifRawData.Buffer::isSkip)
                ? List.of(new Segment(0, 0, data.samples() / rate)) : List.copyOf(out);
    }

    private static Map<String, String> header(List<FifFile> files, FifMeasurementInfo info,
            List<FifRawData.Part> parts, FifRawData data, List<String> warnings) {
        Map<String, String> h = new LinkedHashMap<>();
        double rate = info.samplingRate();
        long first = parts.get(0).firstSample();
        info.measurementDate().ifPresent(d -> h.put("meas_date", d.toString()));
        h.put("first_samp", Long.toString(first));
        h.put("first_time_s", Double.toString(first / rate));
        h.put("sfreq", Double.toString(rate));
        h.put("highpass", Double.toString(info.highpass().orElse(0)));
        h.put("lowpass", Double.toString(info.lowpass().orElse(rate / 2)));
        info.lineFrequency().ifPresent(v -> h.put("line_freq", Double.toString(v)));
        h.put("data_type", parts.get(0).dataType());
        long buffers = data.buffers().stream().filter(b -> !b.isSkip()).count();
        h.put("data_buffers", Long.toString(buffers));
        h.put("acquisition_skips", Long.toString(data.buffers().size() - buffers));
        h.putAll(new java.util.TreeMap<>(info.fields()));
        if (!info.bads().isEmpty()) {
            h.put("bads", String.join(",", info.bads()));
        }
        h.put("projectors", Integer.toString(info.projectors().size()));
        for (int i = 0; i < info.projectors().size(); i++) {
            FifProjector p = info.projectors().get(i);
            h.put("projector_" + (i + 1), p.description() + " (kind " + p.kind() + ", " + (p.active() ? "active"
                    : "inactive") + ", " + p.vectorCount() + " × " + p.channelNames().size() + ", not applied)");
        }
        boolean meg = info.channels().stream().anyMatch(c -> c.kind() == FifChannelTypes.MEG);
        if (meg || !info.compensations().isEmpty()) {
            h.put("ctf_compensation_grade", Integer.toString(info.compensationGrade()));
        }
        if (!info.compensations().isEmpty()) {
            h.put("ctf_compensations", String.join(", ", info.compensations().stream().map(c -> c.ctfName()
                    + (c.grade() <= 3 ? " (grade " + c.grade() + ")" : "")).toList()) + "; not applied");
        }
        h.put("dev_head_t", info.deviceToHead().isPresent() ? "present" : "absent");
        if (files.size() > 1) {
            h.put("split_parts", String.join(", ", files.stream().map(f -> f.path().getFileName().toString())
                    .toList()));
        }
        if (files.get(0).compressed()) {
            h.put("compression", "gzip (decompressed into memory)");
        }
        List<String> notes = new ArrayList<>(warnings);
        int sampleSkips = parts.stream().mapToInt(FifRawData.Part::ignoredSampleSkips).sum();
        if (sampleSkips > 0) {
            notes.add(sampleSkips + " FIFF_DATA_SKIP_SAMP tag(s) ignored, as MNE ignores them");
        }
        if (!notes.isEmpty()) {
            h.put("warnings", String.join("; ", notes));
        }
        return h;
    }

    /** The measurement information: FIFF channel records, projectors, compensation, bads, transformations. */
    public FifMeasurementInfo measurementInfo() {
        return info;
    }

    /** MNE's {@code first_samp}: the number of this recording's sample 0 since the acquisition began. */
    public long firstSample() {
        return firstSample;
    }

    /** The measurement date (UTC) as stored, which MNE reports as {@code meas_date}. */
    public Optional<Instant> measurementDate() {
        return info.measurementDate();
    }

    /** The files read, the first part first (one unless the recording is split). */
    public List<Path> files() {
        return files.stream().map(FifFile::path).toList();
    }

    @Override
    public List<Segment> segments() {
        return segments;
    }

    @Override
    public List<ProcessingStep> history() {
        return List.of(new ProcessingStep("read", Map.of("file", files.get(0).path().toString(), "format", "FIF")));
    }

    @Override
    public double durationSeconds() {
        return data.samples() / info.samplingRate();
    }

    @Override
    public void read(int channel, long first, double[] dst, int offset, int count) {
        check(channel, first, offset, count, dst.length);
        data.read(channel, first, count, scales[channel], dst, null, offset);
    }

    @Override
    public void read(int channel, long first, float[] dst, int offset, int count) {
        check(channel, first, offset, count, dst.length);
        data.read(channel, first, count, scales[channel], null, dst, offset);
    }

    private void check(int channel, long first, int offset, int count, int length) {
        if (closed) {
            throw new IllegalStateException(files.get(0).path() + ": recording is closed");
        }
        Objects.checkIndex(channel, scales.length);
        Objects.checkFromIndexSize(first, count, data.samples());
        Objects.checkFromIndexSize(offset, count, length);
    }

    @Override
    public void close() {
        closed = true;
        RuntimeException failure = null;
        for (FifFile f : files) {
            try {
                f.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return "FifRecording[" + files.get(0).path() + ", " + scales.length + " channels × " + data.samples()
                + " samples at " + info.samplingRate() + " Hz]";
    }
}
