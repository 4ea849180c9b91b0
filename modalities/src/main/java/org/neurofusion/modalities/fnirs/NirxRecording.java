package org.neurofusion.modalities.fnirs;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;

/**
 * A NIRx recording opened by {@link NirxReader}: channels, montage, events and header are known from the
 * start; the two wavelength files are parsed together on the first read (they are text, so there is nothing
 * to seek in) and the selected columns kept in memory until {@link #close()}.
 */
final class NirxRecording implements Recording {
    private final Path source;
    private final String format;
    private final List<Channel> channels;
    private final List<Annotation> annotations;
    private final Map<String, String> header;
    private final LocalDateTime start;
    private final NirxWavelengthFile wl1;
    private final NirxWavelengthFile wl2;
    private final int columnCount;
    /** Data columns of the probe's pairs, in channel-pair order. */
    private final int[] pairColumns;
    private final Object lock = new Object();
    /** [channel][sample], filled once by the first read; channel 2k is wl1 of pair k, 2k + 1 its wl2. */
    private volatile double[][] data;
    private volatile boolean closed;

    NirxRecording(Path source, String format, List<Channel> channels, List<Annotation> annotations,
            Map<String, String> header, LocalDateTime start, NirxWavelengthFile wl1, NirxWavelengthFile wl2,
            int columnCount, int[] pairColumns) {
        this.source = source;
        this.format = format;
        this.channels = List.copyOf(channels);
        this.annotations = annotations.stream().sorted(java.util.Comparator.comparingDouble(Annotation::onset))
                .toList();
        this.header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        this.start = start;
        this.wl1 = wl1;
        this.wl2 = wl2;
        this.columnCount = columnCount;
        this.pairColumns = pairColumns.clone();
    }

    @Override
    public Optional<Path> source() {
        return Optional.of(source);
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

    @Override
    public void read(int channel, long firstSample, double[] dst, int offset, int count) {
        Objects.checkIndex(channel, channels.size());
        Objects.checkFromIndexSize(firstSample, count, channels.get(channel).sampleCount());
        Objects.checkFromIndexSize(offset, count, dst.length);
        System.arraycopy(data()[channel], (int) firstSample, dst, offset, count);
    }

    /** Whether the wavelength files have been parsed (they are not at open). */
    boolean parsed() {
        return data != null;
    }

    private double[][] data() {
        double[][] d = data;
        if (d != null) {
            return d;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException(source + ": recording is closed");
            }
            if (data == null) {
                double[][] a = wl1.parse(columnCount, pairColumns);
                double[][] b = wl2.parse(columnCount, pairColumns);
                double[][] all = new double[2 * pairColumns.length][];
                for (int k = 0; k < pairColumns.length; k++) {
                    all[2 * k] = a[k];
                    all[2 * k + 1] = b[k];
                }
                data = all;
            }
            return data;
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            data = null;
        }
    }
}
