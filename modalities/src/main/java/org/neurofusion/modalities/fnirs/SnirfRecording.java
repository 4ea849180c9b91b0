package org.neurofusion.modalities.fnirs;

import io.jhdf.HdfFile;
import io.jhdf.api.Dataset;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurofusion.core.AbstractRecording;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;

/**
 * An open SNIRF file: one data block ({@code /nirs/data1} unless another was asked for) and the auxiliary
 * series of its {@code nirs} group. Samples are read on demand with jHDF's sliced reads, so a window
 * touches only the rows (contiguous layout) or chunks (chunked layout) it needs; the last window of all
 * columns is kept, so reading a block of channels over one window reads the file once.
 *
 * <p>Reads may come from several threads: jHDF's objects are not documented as thread-safe, so access to
 * the file is serialised by one lock per recording. The {@link #header()} fields {@code nan_channels} and
 * {@code nan_channel_count} need every sample: they are computed, streaming in bounded blocks, on the first
 * call to {@code header()}.
 */
public final class SnirfRecording extends AbstractRecording {
    /** Window reads of all columns up to this size are cached; larger ones read one column. */
    private static final long BLOCK_BYTES = 4L << 20;
    private static final int COLUMN_PIECE = 1 << 16;

    /** Where a channel's samples live: one column of a (rows × width) dataset, times a scale to SI. */
    record Series(Dataset dataset, int column, int width, long rows, double scale) {
    }

    private final Path file;
    private final HdfFile hdf;
    private final SnirfHdf h;
    private final List<Series> series;
    private final int dataChannelCount;
    private final Map<String, String> baseHeader;
    private final Object lock = new Object();
    private volatile Map<String, String> header;
    private boolean closed;
    private Dataset cachedDataset;
    private long cachedFirst;
    private int cachedRows;
    private double[] cachedValues;

    SnirfRecording(Path file, HdfFile hdf, String format, List<Channel> channels, List<Series> series,
            int dataChannelCount, Optional<LocalDateTime> start, List<Annotation> annotations,
            Map<String, String> header) {
        super(file, format, channels, start.orElse(null), annotations, Map.of());
        this.file = file;
        this.hdf = hdf;
        this.h = new SnirfHdf(file);
        this.series = List.copyOf(series);
        this.dataChannelCount = dataChannelCount;
        this.baseHeader = Collections.unmodifiableMap(new LinkedHashMap<>(header));
    }

    /**
     * Header fields: {@code formatVersion}, the block read and all blocks in the file, every
     * {@code metaDataTags} entry under its own name, {@code landmark.<label>} positions in metres, notes on
     * skipped auxiliary series, and the NaN report ({@code nan_channels}: name and NaN count of every data
     * channel holding NaN; {@code nan_channel_count}). The first call reads every sample once (see above).
     */
    @Override
    public Map<String, String> header() {
        Map<String, String> m = header;
        if (m == null) {
            synchronized (lock) {
                if (header == null) {
                    Map<String, String> full = new LinkedHashMap<>(baseHeader);
                    full.putAll(nanReport());
                    header = Collections.unmodifiableMap(full);
                }
                m = header;
            }
        }
        return m;
    }

    private Map<String, String> nanReport() {
        long[] nan = new long[dataChannelCount];
        if (dataChannelCount > 0) {
            long rows = channels().get(0).sampleCount();
            int width = series.get(0).width();
            int step = (int) Math.max(1, Math.min(rows, BLOCK_BYTES / 8 / Math.max(1, width)));
            for (long first = 0; first < rows; first += step) {
                int n = (int) Math.min(step, rows - first);
                double[] block = rowsOf(series.get(0), first, n);
                for (int c = 0; c < dataChannelCount; c++) {
                    int col = series.get(c).column();
                    for (int r = 0; r < n; r++) {
                        if (Double.isNaN(block[r * width + col])) {
                            nan[c]++;
                        }
                    }
                }
            }
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c < dataChannelCount; c++) {
            if (nan[c] > 0) {
                names.add(channels().get(c).name() + " (" + nan[c] + " of " + channels().get(c).sampleCount()
                        + " samples NaN)");
            }
        }
        Map<String, String> m = new LinkedHashMap<>();
        m.put("nan_channel_count", Integer.toString(names.size()));
        m.put("nan_channels", String.join("; ", names));
        return m;
    }

    @Override
    public void read(int channel, long firstSample, double[] dst, int offset, int count) {
        Objects.checkIndex(channel, channels().size());
        Objects.checkFromIndexSize(firstSample, count, channels().get(channel).sampleCount());
        Objects.checkFromIndexSize(offset, count, dst.length);
        if (count == 0) {
            return;
        }
        Series s = series.get(channel);
        synchronized (lock) {
            long bytes = (long) count * s.width() * 8;
            if (bytes <= BLOCK_BYTES || s.width() == 1) {
                double[] block = rowsOf(s, firstSample, count);
                int base = (int) (firstSample - cachedFirst);
                for (int i = 0; i < count; i++) {
                    dst[offset + i] = block[(base + i) * s.width() + s.column()] * s.scale();
                }
                return;
            }
            for (int done = 0; done < count; ) {
                int n = Math.min(COLUMN_PIECE, count - done);
                double[] col = slice(s, new long[] {firstSample + done, s.column()}, new int[] {n, 1});
                for (int i = 0; i < n; i++) {
                    dst[offset + done + i] = col[i] * s.scale();
                }
                done += n;
            }
        }
    }

    /**
     * Rows {@code [first, first + count)} of all columns of the series' dataset, row-major and unscaled;
     * from the cache when it holds them. Caller holds the lock.
     */
    private double[] rowsOf(Series s, long first, int count) {
        if (cachedDataset == s.dataset() && first >= cachedFirst && first + count <= cachedFirst + cachedRows) {
            return cachedValues;
        }
        boolean vector = s.width() == 1 && h.dimensions(s.dataset()).length == 1;
        double[] v = vector ? slice(s, new long[] {first}, new int[] {count})
                : slice(s, new long[] {first, 0}, new int[] {count, s.width()});
        cachedDataset = s.dataset();
        cachedFirst = first;
        cachedRows = count;
        cachedValues = v;
        return v;
    }

    private double[] slice(Series s, long[] offset, int[] shape) {
        if (closed) {
            // A closed recording is a mistake of the caller, not of the file: the same error as every reader's.
            throw new IllegalStateException(file + ": recording is closed");
        }
        Dataset d = s.dataset();
        int n = 1;
        for (int x : shape) {
            n = Math.multiplyExact(n, x);
        }
        double[] out = new double[n];
        int filled = h.call(SnirfHdf.pathOf(d), () -> SnirfArrays.flatten(d.getData(offset, shape), out, 0));
        if (filled != n) {
            throw h.corrupt(SnirfHdf.pathOf(d), "slice returned " + filled + " values, expected " + n);
        }
        return out;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (!closed) {
                closed = true;
                cachedValues = null;
                cachedDataset = null;
                hdf.close();
            }
        }
    }
}
