package org.neurofusion.modalities.meg;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * Where the samples of a raw FIF recording are: its data buffers in order (each {@code samples} × channels,
 * sample-major, as MNE stores them), with the zero-filled stretches that FIFF_DATA_SKIP tags declare, over one
 * file or the parts of a split recording. A read finds the first buffer it touches by binary search and decodes
 * only the bytes of the channel and range asked for, with absolute reads on the mapped file, so reads are
 * thread-safe and cost no more than the data they return.
 */
final class FifRawData {
    /** A stretch of samples: a data buffer tag of a file, or a skip (tag null, read as zeros). */
    record Buffer(FifFile file, FifTag tag, long start, long samples) {
        boolean isSkip() {
            return tag == null;
        }
    }

    /** The buffers of one file's raw block, its first sample number, and its FIFF_DATA_SKIP_SAMP count. */
    record Part(FifFile file, long firstSample, List<Buffer> buffers, String dataType, int ignoredSampleSkips) {
    }

    private final int nchan;
    private final Buffer[] buffers;
    private final long[] starts;
    private final long samples;

    FifRawData(int nchan, List<Part> parts) {
        this.nchan = nchan;
        List<Buffer> all = new ArrayList<>();
        long at = 0;
        for (Part p : parts) {
            for (Buffer b : p.buffers()) {
                all.add(new Buffer(b.file(), b.tag(), at, b.samples()));
                at += b.samples();
            }
        }
        this.buffers = all.toArray(new Buffer[0]);
        this.starts = all.stream().mapToLong(Buffer::start).toArray();
        this.samples = at;
    }

    /** Stored samples per channel (skips included). */
    long samples() {
        return samples;
    }

    List<Buffer> buffers() {
        return Arrays.asList(buffers);
    }

    /** Bytes of one stored value of a buffer of this type, or -1 when the type is not a raw data type. */
    static int width(int type) {
        return switch (type) {
            case FifConstants.T_SHORT, FifConstants.T_DAU_PACK16 -> 2;
            case FifConstants.T_INT, FifConstants.T_FLOAT -> 4;
            case FifConstants.T_DOUBLE -> 8;
            default -> -1;
        };
    }

    /**
     * The longest stretch of zeros the acquisition skips of one file may add, in seconds (a day). A skip is a pause
     * of the acquisition, read as zeros without a byte of the file behind them; a count that pauses longer than
     * any recording session is corrupt, and would otherwise make a small file declare a recording that no array
     * holds (or, summed over several skips, overflow the sample count).
     */
    static final double MAX_SKIPPED_SECONDS = 24 * 3600.0;

    /**
     * Reads the buffers of a FIFFB_RAW_DATA (or FIFFB_CONTINUOUS_DATA) block as MNE-Python does: FIFF_FIRST_SAMPLE
     * and a FIFF_DATA_SKIP before the first buffer set the first sample number (the skip in buffers of the first
     * buffer's length); a later FIFF_DATA_SKIP inserts that many buffers of zeros before the next buffer. The
     * zeros the skips insert may add up to {@link #MAX_SKIPPED_SECONDS} at {@code rate}; more is refused as
     * corrupt, naming the skip that passes the bound.
     */
    static Part parse(FifFile f, FifBlock raw, int nchan, double rate) {
        long maxSkipped = (long) Math.floor(MAX_SKIPPED_SECONDS * rate);
        long skipped = 0;
        FifTag pendingTag = null;
        long firstSample = 0;
        long firstSkip = 0;
        long pendingSkip = 0;
        boolean seenBuffer = false;
        int sampleSkips = 0;
        String dataType = null;
        List<Buffer> out = new ArrayList<>();
        for (FifTag t : raw.tags()) {
            switch (t.kind()) {
                case FifConstants.FIRST_SAMPLE -> {
                    if (!seenBuffer && pendingSkip == 0 && firstSkip == 0) {
                        firstSample = f.intValue(t);
                    }
                }
                case FifConstants.DATA_SKIP -> {
                    int n = f.intValue(t);
                    if (n < 0) {
                        throw f.corrupt(t.dataPos(), "FIFF_DATA_SKIP at byte " + t.pos() + " skips " + n
                                + " buffers");
                    }
                    if (seenBuffer) {
                        pendingSkip = n;
                        pendingTag = t;
                    } else {
                        firstSkip = n;
                    }
                }
                case FifConstants.DATA_SKIP_SAMP -> sampleSkips++;
                case FifConstants.DATA_BUFFER -> {
                    long nsamp = bufferSamples(f, t, nchan);
                    if (dataType == null) {
                        dataType = FifConstants.typeName(t.type());
                    }
                    if (!seenBuffer && firstSkip > 0) {
                        firstSample += nsamp * firstSkip;
                    }
                    seenBuffer = true;
                    if (pendingSkip > 0 && nsamp > 0) {
                        long zeros = pendingSkip * nsamp; // both below 2^31: no overflow
                        skipped += zeros;
                        if (skipped > maxSkipped) {
                            throw f.corrupt(pendingTag.dataPos(), "FIFF_DATA_SKIP at byte " + pendingTag.pos()
                                    + " skips " + pendingSkip + " buffers of " + nsamp + " samples: the acquisition "
                                    + "skips of this file add up to " + skipped + " samples ("
                                    + String.format(java.util.Locale.ROOT, "%.1f", skipped / rate / 3600)
                                    + " h at " + rate + " Hz), more than the " + (long) (MAX_SKIPPED_SECONDS / 3600)
                                    + " h a recording's pauses can last");
                        }
                        out.add(new Buffer(f, null, 0, zeros));
                    }
                    pendingSkip = 0;
                    if (nsamp > 0) {
                        out.add(new Buffer(f, t, 0, nsamp));
                    }
                }
                default -> {
                    // Block ids, references and the like carry no samples.
                }
            }
        }
        return new Part(f, firstSample, out, dataType == null ? "none" : dataType, sampleSkips);
    }

    private static long bufferSamples(FifFile f, FifTag t, int nchan) {
        int width = width(t.type());
        if (width < 0) {
            String why = switch (t.type()) {
                case FifConstants.T_COMPLEX_FLOAT, FifConstants.T_COMPLEX_DOUBLE -> "complex-valued samples";
                case FifConstants.T_DAU_PACK13, FifConstants.T_DAU_PACK14, FifConstants.T_OLD_PACK ->
                        "differentially packed samples";
                default -> "not a sample type";
            };
            throw new UnsupportedFormatException(f.path(), t.pos(), "data buffer of type "
                    + FifConstants.typeName(t.type()) + " (" + why + ") is not supported: this reader reads "
                    + "FIFFT_SHORT, FIFFT_DAU_PACK16, FIFFT_INT, FIFFT_FLOAT and FIFFT_DOUBLE buffers");
        }
        long frame = (long) nchan * width;
        if (t.size() % frame != 0) {
            throw f.corrupt(t.pos() + 8, "data buffer at byte " + t.pos() + " holds " + t.size() + " bytes, not a "
                    + "whole number of samples of " + nchan + " channels × " + width + " bytes");
        }
        return t.size() / frame;
    }

    /**
     * Decodes {@code count} samples of channel {@code ch} from {@code first} (already checked to lie inside the
     * data) times {@code scale} into exactly one of {@code dd} and {@code df} from {@code offset}.
     */
    void read(int ch, long first, int count, double scale, double[] dd, float[] df, int offset) {
        if (count == 0) {
            return;
        }
        int bi = Arrays.binarySearch(starts, first);
        if (bi < 0) {
            bi = -bi - 2;
        }
        long pos = first;
        int out = offset;
        int left = count;
        while (left > 0) {
            Buffer b = buffers[bi];
            long within = pos - b.start();
            int n = (int) Math.min(left, b.samples() - within);
            if (b.isSkip()) {
                if (dd != null) {
                    Arrays.fill(dd, out, out + n, 0.0);
                } else {
                    Arrays.fill(df, out, out + n, 0f);
                }
            } else {
                decode(b, ch, within, n, scale, dd, df, out);
            }
            pos += n;
            out += n;
            left -= n;
            bi++;
        }
    }

    private void decode(Buffer b, int ch, long within, int n, double scale, double[] dd, float[] df, int out) {
        ByteBuffer bytes = b.file().buffer();
        int type = b.tag().type();
        int width = width(type);
        int stride = nchan * width;
        int p = (int) (b.tag().dataPos() + (within * nchan + ch) * width);
        for (int i = 0; i < n; i++, p += stride) {
            double raw = switch (type) {
                case FifConstants.T_SHORT, FifConstants.T_DAU_PACK16 -> bytes.getShort(p);
                case FifConstants.T_INT -> bytes.getInt(p);
                case FifConstants.T_FLOAT -> bytes.getFloat(p);
                default -> bytes.getDouble(p);
            };
            double v = raw * scale;
            if (dd != null) {
                dd[out + i] = v;
            } else {
                df[out + i] = (float) v;
            }
        }
    }
}
