package org.neurofusion.modalities.fnirs;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.AbstractRecording;

/**
 * A NIRx recording opened by {@link NirxReader}: channels, montage, events and header are known from the
 * start; the two wavelength files are parsed together on the first read (they are text, so there is nothing
 * to seek in) and the selected columns kept in memory until {@link #close()}.
 */
final class NirxRecording extends AbstractRecording {
    private final Path source;
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
        super(source, format, channels, start, annotations, header);
        this.source = source;
        this.wl1 = wl1;
        this.wl2 = wl2;
        this.columnCount = columnCount;
        this.pairColumns = pairColumns.clone();
    }

    @Override
    public void read(int channel, long firstSample, double[] dst, int offset, int count) {
        Objects.checkIndex(channel, channels().size());
        Objects.checkFromIndexSize(firstSample, count, channels().get(channel).sampleCount());
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
