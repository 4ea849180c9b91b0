package org.neurofusion.modalities.eeg;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Mappings;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.Segment;

/**
 * An open EDF, EDF+, BDF or BDF+ file. The data records are memory-mapped in chunks of whole records, so
 * a window read touches only the pages it needs; annotations are parsed on first use by streaming over
 * the annotation signals alone.
 *
 * <p>Values: physical = digital × gain + offset in the signal's unit, then scaled to SI (µV → V). Trigger
 * channels ("Status", "Trigger") carry integer event codes as MNE gives them: the digital value for BDF,
 * the truncated physical value for EDF, masked to the low 17 bits (BioSemi's upper status bits report
 * CMS and battery state, not events).
 */
public final class EdfRecording implements Recording {
    static final long CHUNK_TARGET_BYTES = 1L << 30;
    private static final int STIM_MASK = (1 << 17) - 1;

    private final Path file;
    private final FileChannel channel;
    private final EdfHeader header;
    private final List<Channel> channels;
    /** Index into {@code header.signals()} of each data channel. */
    private final int[] signalIndex;
    private final boolean[] stim;
    private final double[] gainSi;
    private final double[] offsetSi;
    private final int[] annotationSignals;
    private final long recordsPerChunk;
    private final AtomicReferenceArray<MappedByteBuffer> chunks;
    private final LocalDateTime start;
    private final double startFraction;
    private final Map<String, String> headerFields;
    private volatile EdfAnnotations annotations;
    private volatile boolean closed;

    /** @param chunkTargetBytes the size of one mapping (whole records, at least one); tests make it small */
    EdfRecording(Path file, FileChannel channel, EdfHeader header, long chunkTargetBytes) {
        this.file = file;
        this.channel = channel;
        this.header = header;
        List<EdfSignal> sigs = header.signals();
        List<Integer> data = new ArrayList<>();
        List<Integer> ann = new ArrayList<>();
        for (int i = 0; i < sigs.size(); i++) {
            (sigs.get(i).isAnnotation() ? ann : data).add(i);
        }
        this.signalIndex = data.stream().mapToInt(Integer::intValue).toArray();
        this.annotationSignals = ann.stream().mapToInt(Integer::intValue).toArray();
        this.stim = new boolean[signalIndex.length];
        this.gainSi = new double[signalIndex.length];
        this.offsetSi = new double[signalIndex.length];
        this.channels = buildChannels(sigs);
        long rb = Math.max(1, header.recordBytes());
        this.recordsPerChunk = Math.max(1, chunkTargetBytes / rb);
        long nChunks = header.recordCount() == 0 ? 0 : (header.recordCount() + recordsPerChunk - 1) / recordsPerChunk;
        this.chunks = new AtomicReferenceArray<>((int) nChunks);
        this.startFraction = annotationSignals.length > 0 && header.recordCount() > 0 ? firstRecordOnset() : 0;
        long nanos = Math.round(startFraction * 1e9);
        this.start = header.start().plusNanos(nanos);
        this.headerFields = EdfHeaderFields.describe(header);
    }

    private List<Channel> buildChannels(List<EdfSignal> sigs) {
        List<String> names = uniqueNames(Arrays.stream(signalIndex).mapToObj(si -> sigs.get(si).label())
                .toList());
        List<Channel> out = new ArrayList<>(signalIndex.length);
        for (int k = 0; k < signalIndex.length; k++) {
            EdfSignal s = sigs.get(signalIndex[k]);
            String name = names.get(k);
            ChannelType type = EegChannelTypes.guess(s.label(), s.transducer(), s.physicalDimension());
            stim[k] = EegChannelTypes.isStimLabel(s.label());
            String unit;
            if (stim[k]) {
                unit = "AU";
                gainSi[k] = header.bdf() ? 1 : s.gain();
                offsetSi[k] = header.bdf() ? 0 : s.offset();
            } else {
                gainSi[k] = s.gain() * s.unitScale();
                offsetSi[k] = s.offset() * s.unitScale();
                unit = s.unitScale() != 1.0 || s.physicalDimension().equals("V") ? "V"
                        : s.physicalDimension().isEmpty() ? "AU" : s.physicalDimension();
            }
            double rate = s.samplesPerRecord() / header.recordDuration();
            Map<String, String> attrs = new LinkedHashMap<>();
            attrs.put("label", s.label());
            attrs.put("transducer", s.transducer());
            attrs.put("physical_dimension", s.physicalDimension());
            attrs.put("physical_min", EdfNumbers.format(s.physicalMin()));
            attrs.put("physical_max", EdfNumbers.format(s.physicalMax()));
            attrs.put("digital_min", Integer.toString(s.digitalMin()));
            attrs.put("digital_max", Integer.toString(s.digitalMax()));
            attrs.put("prefiltering", s.prefiltering());
            attrs.put("samples_per_record", Integer.toString(s.samplesPerRecord()));
            out.add(new Channel(name, type, unit, rate, header.recordCount() * s.samplesPerRecord(), Optional.empty(),
                    attrs));
        }
        return List.copyOf(out);
    }

    /**
     * Channel names from labels as MNE's {@code _unique_channel_names} gives them: the i-th channel of a repeated
     * label L becomes L-i, or L-a, L-b, ... when that name is already a channel's.
     */
    static List<String> uniqueNames(List<String> labels) {
        Map<String, Integer> counts = new HashMap<>();
        labels.forEach(l -> counts.merge(l, 1, Integer::sum));
        List<String> names = new ArrayList<>(labels);
        Set<String> taken = new HashSet<>(labels);
        Map<String, Integer> seen = new HashMap<>();
        for (int k = 0; k < names.size(); k++) {
            String label = labels.get(k);
            if (counts.get(label) == 1) {
                continue;
            }
            int idx = seen.merge(label, 1, Integer::sum) - 1;
            String name = label + "-" + idx;
            for (char c = 'a'; taken.contains(name) && c <= 'z'; c++) {
                name = label + "-" + c;
            }
            // MNE gives up here; numbering on keeps every name distinct.
            for (int n = idx + 1; taken.contains(name); n++) {
                name = label + "-" + n;
            }
            taken.add(name);
            names.set(k, name);
        }
        return names;
    }

    /** The parsed header (package use: the writer copies ranges from it). */
    EdfHeader edfHeader() {
        return header;
    }

    /** The EDF signal behind data channel {@code channel}. */
    EdfSignal signal(int channelIndex) {
        return header.signals().get(signalIndex[Objects.checkIndex(channelIndex, signalIndex.length)]);
    }

    @Override
    public Optional<Path> source() {
        return Optional.of(file);
    }

    @Override
    public String format() {
        return header.formatName();
    }

    @Override
    public List<Channel> channels() {
        return channels;
    }

    @Override
    public Optional<LocalDateTime> start() {
        return Optional.of(start);
    }

    @Override
    public Map<String, String> header() {
        return headerFields;
    }

    @Override
    public double durationSeconds() {
        return header.recordCount() * header.recordDuration();
    }

    @Override
    public List<Annotation> annotations() {
        return parsedAnnotations().annotations();
    }

    @Override
    public List<Segment> segments() {
        if (!header.discontinuous()) {
            return Recording.super.segments();
        }
        return parsedAnnotations().segments();
    }

    private EdfAnnotations parsedAnnotations() {
        EdfAnnotations a = annotations;
        if (a == null) {
            synchronized (this) {
                a = annotations;
                if (a == null) {
                    ensureOpen();
                    a = EdfAnnotations.read(this, annotationSignals, startFraction);
                    annotations = a;
                }
            }
        }
        return a;
    }

    private double firstRecordOnset() {
        EdfSignal s = header.signals().get(annotationSignals[0]);
        byte[] b = new byte[s.samplesPerRecord() * header.bytesPerSample()];
        long pos = header.recordOffset(0) + s.byteOffset();
        bytes(pos, b, 0, b.length);
        List<TalParser.Tal> tals = TalParser.parse(file, pos, b, 0, b.length);
        if (tals.isEmpty()) {
            throw new org.neurofusion.core.CorruptRecordingException(file, pos,
                    "the first data record has no time-keeping annotation");
        }
        return tals.get(0).onset();
    }

    /** Copies {@code len} bytes at absolute file position {@code pos} (inside the data records). */
    void bytes(long pos, byte[] dst, int off, int len) {
        long rel = pos - header.headerBytes();
        long chunkBytes = recordsPerChunk * header.recordBytes();
        while (len > 0) {
            int ci = (int) (rel / chunkBytes);
            int within = (int) (rel - ci * chunkBytes);
            MappedByteBuffer buf = chunk(ci);
            int n = Math.min(len, buf.capacity() - within);
            buf.get(within, dst, off, n);
            off += n;
            len -= n;
            rel += n;
        }
    }

    private MappedByteBuffer chunk(int ci) {
        MappedByteBuffer b = chunks.get(ci);
        if (b == null) {
            long firstRecord = ci * recordsPerChunk;
            long records = Math.min(recordsPerChunk, header.recordCount() - firstRecord);
            try {
                b = Mappings.readOnly(channel, header.recordOffset(firstRecord),
                        records * header.recordBytes());
            } catch (IOException e) {
                throw new RecordingException(file, header.recordOffset(firstRecord), "cannot map data records: "
                        + e.getMessage(), e);
            }
            b.order(ByteOrder.LITTLE_ENDIAN);
            chunks.compareAndSet(ci, null, b);
            b = chunks.get(ci);
        }
        return b;
    }

    @Override
    public void read(int ch, long firstSample, double[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        decode(ch, firstSample, count, dst, null, null, offset);
    }

    @Override
    public void read(int ch, long firstSample, float[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        decode(ch, firstSample, count, null, dst, null, offset);
    }

    /** Reads digital (integer, unscaled) samples of a data channel, as stored in the file. */
    public void readDigital(int ch, long firstSample, int[] dst, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, dst.length);
        decode(ch, firstSample, count, null, null, dst, offset);
    }

    /**
     * Decodes straight from the mapped records into exactly one of the destinations: SI doubles, SI floats or
     * digital integers. One loop per record run, no intermediate copies: this is the hot path of every read.
     */
    private void decode(int ch, long firstSample, int count, double[] dd, float[] df, int[] di, int offset) {
        ensureOpen();
        EdfSignal s = header.signals().get(signalIndex[Objects.checkIndex(ch, signalIndex.length)]);
        Objects.checkFromIndexSize(firstSample, count, channels.get(ch).sampleCount());
        double g = gainSi[ch];
        double o = offsetSi[ch];
        boolean isStim = stim[ch];
        boolean bdf = header.bdf();
        int bps = header.bytesPerSample();
        int spr = s.samplesPerRecord();
        long chunkBytes = recordsPerChunk * header.recordBytes();
        long record = firstSample / spr;
        int within = (int) (firstSample % spr);
        int pos = offset;
        int left = count;
        while (left > 0) {
            int n = Math.min(spr - within, left);
            long rel = record * header.recordBytes() + s.byteOffset() + (long) within * bps;
            int ci = (int) (rel / chunkBytes);
            MappedByteBuffer buf = chunk(ci);
            int p = (int) (rel - ci * chunkBytes);
            if (di != null) {
                for (int i = 0; i < n; i++, p += bps) {
                    di[pos + i] = bdf ? int24(buf, p) : buf.getShort(p);
                }
            } else if (isStim) {
                for (int i = 0; i < n; i++, p += bps) {
                    double v = (double) (((long) ((bdf ? int24(buf, p) : buf.getShort(p)) * g + o)) & STIM_MASK);
                    if (dd != null) {
                        dd[pos + i] = v;
                    } else {
                        df[pos + i] = (float) v;
                    }
                }
            } else if (dd != null) {
                if (bdf) {
                    // One 4-byte load per sample, shifted to sign-extend the low 24 bits; the run's last
                    // sample may sit at the very end of the mapping, so it is read byte by byte.
                    int last = n - 1;
                    for (int i = 0; i < last; i++, p += 3) {
                        dd[pos + i] = (buf.getInt(p) << 8 >> 8) * g + o;
                    }
                    dd[pos + last] = int24(buf, p) * g + o;
                } else {
                    for (int i = 0; i < n; i++, p += 2) {
                        dd[pos + i] = buf.getShort(p) * g + o;
                    }
                }
            } else {
                if (bdf) {
                    int last = n - 1;
                    for (int i = 0; i < last; i++, p += 3) {
                        df[pos + i] = (float) ((buf.getInt(p) << 8 >> 8) * g + o);
                    }
                    df[pos + last] = (float) (int24(buf, p) * g + o);
                } else {
                    for (int i = 0; i < n; i++, p += 2) {
                        df[pos + i] = (float) (buf.getShort(p) * g + o);
                    }
                }
            }
            pos += n;
            left -= n;
            record++;
            within = 0;
        }
    }

    /** A little-endian signed 24-bit sample. */
    private static int int24(MappedByteBuffer b, int p) {
        return (b.get(p) & 0xff) | (b.get(p + 1) & 0xff) << 8 | b.get(p + 2) << 16;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(file + ": recording is closed");
        }
    }

    /** Number of data records. */
    long recordCount() {
        return header.recordCount();
    }

    Path file() {
        return file;
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot close: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return format() + " " + file + " (" + channels.size() + " channels, " + header.recordCount() + " records)";
    }
}
