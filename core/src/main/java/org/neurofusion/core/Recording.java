package org.neurofusion.core;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A recording of any modality: channels at their native rates, annotations, start time and header
 * fields. Implementations are lazy and random-access: opening reads the header, and {@link #read} reads
 * only the samples asked for. Values are in SI units (see {@link Channel#unit()}).
 *
 * <p>A recording holds a file open until {@link #close()}; reads may be issued from several threads. Every read
 * of a closed recording raises {@link IllegalStateException} naming its source; closing twice is harmless.
 */
public interface Recording extends AutoCloseable {

    /** The file (or folder, or header file) this recording was opened from; empty for in-memory ones. */
    Optional<Path> source();

    /** Format and variant, e.g. {@code EDF+C}, {@code BDF+D}, {@code EDF}, {@code BrainVision}. */
    String format();

    /** The channels, in file order, names unique. */
    List<Channel> channels();

    /** Local date and time of the first sample, with sub-second precision where the format has it. */
    Optional<LocalDateTime> start();

    /** Annotations, onsets in seconds from the first sample, sorted by onset. */
    List<Annotation> annotations();

    /** Header fields as named in the format (patient, recording, equipment, ...), in a stable order. */
    Map<String, String> header();

    /** Contiguous acquisition segments; one segment for a continuous recording. */
    default List<Segment> segments() {
        return List.of(new Segment(0, 0, durationSeconds()));
    }

    /** What was done to produce this recording, oldest first. */
    default List<ProcessingStep> history() {
        return List.of();
    }

    /**
     * Reads {@code count} samples of one channel, starting at sample {@code firstSample} (at that
     * channel's rate), into {@code dst[offset ..]}, as float64 SI values.
     *
     * @throws IndexOutOfBoundsException when the channel does not exist, or the range lies outside the channel or
     *     the array (a negative count included)
     * @throws NullPointerException when {@code dst} is null
     * @throws IllegalStateException when the recording is closed
     * @throws RecordingException when the file cannot be read
     */
    void read(int channel, long firstSample, double[] dst, int offset, int count);

    /** As {@link #read(int, long, double[], int, int)}, narrowed to float32, with the same exceptions. */
    default void read(int channel, long firstSample, float[] dst, int offset, int count) {
        // Checked before reading, so a bad destination fails as the double read does, and writes nothing.
        Objects.checkFromIndexSize(offset, count, dst.length);
        double[] tmp = new double[Math.min(count, 1 << 16)];
        int done = 0;
        while (done < count) {
            int n = Math.min(tmp.length, count - done);
            read(channel, firstSample + done, tmp, 0, n);
            for (int i = 0; i < n; i++) {
                dst[offset + done + i] = (float) tmp[i];
            }
            done += n;
        }
    }

    /** Duration of the stored data in seconds (the longest channel). */
    default double durationSeconds() {
        double d = 0;
        for (Channel c : channels()) {
            d = Math.max(d, c.durationSeconds());
        }
        return d;
    }

    /** Index of the channel with this exact name. */
    default int channelIndex(String name) {
        List<Channel> cs = channels();
        for (int i = 0; i < cs.size(); i++) {
            if (cs.get(i).name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no channel named '" + name + "' in "
                + source().map(Path::toString).orElse("<in-memory recording>"));
    }

    /**
     * Reads a block of channels that share one sampling rate.
     *
     * @throws IllegalArgumentException when no channel is selected or the channels' rates differ (the message
     *     names them)
     * @throws IndexOutOfBoundsException as {@link #read(int, long, double[], int, int)} does
     */
    default SignalBlock read(int[] channelIndices, long firstSample, int count) {
        Objects.requireNonNull(channelIndices, "channelIndices");
        List<Channel> cs = channels();
        if (channelIndices.length == 0) {
            throw new IllegalArgumentException("no channels selected");
        }
        if (count < 0) {
            // Without this, the allocation below would fail with a NegativeArraySizeException.
            throw new IndexOutOfBoundsException("negative sample count " + count);
        }
        double rate = cs.get(channelIndices[0]).samplingRate();
        List<String> names = new ArrayList<>(channelIndices.length);
        for (int ci : channelIndices) {
            Channel c = cs.get(ci);
            if (Double.compare(c.samplingRate(), rate) != 0) {
                throw new IllegalArgumentException("selected channels have different sampling rates: "
                        + cs.get(channelIndices[0]).name() + " at " + rate + " Hz, " + c.name() + " at "
                        + c.samplingRate() + " Hz");
            }
            names.add(c.name());
        }
        float[] data = new float[Math.multiplyExact(channelIndices.length, count)];
        for (int i = 0; i < channelIndices.length; i++) {
            read(channelIndices[i], firstSample, data, i * count, count);
        }
        return new SignalBlock(names, rate, firstSample, count, data);
    }

    /**
     * Reads a time range of channels that share one rate: {@code start} and {@code duration} in seconds from
     * the first sample, each rounded to the nearest sample at that rate.
     *
     * @throws IllegalArgumentException when the rates differ or the range lies outside the data
     */
    default SignalBlock readSeconds(int[] channelIndices, double start, double duration) {
        if (channelIndices.length == 0) {
            throw new IllegalArgumentException("no channels selected");
        }
        if (!(start >= 0) || !(duration >= 0) || !Double.isFinite(start + duration)) {
            throw new IllegalArgumentException("time range must be finite and non-negative: start " + start
                    + " s, duration " + duration + " s");
        }
        Channel first = channels().get(channelIndices[0]);
        long from = Math.round(start * first.samplingRate());
        long n = Math.round(duration * first.samplingRate());
        if (from + n > first.sampleCount() || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("time range " + start + " s + " + duration + " s lies outside the "
                    + first.durationSeconds() + " s of channel " + first.name());
        }
        return read(channelIndices, from, (int) n);
    }

    /** Reads all samples of one channel as float64 SI values. */
    default double[] readAll(int channel) {
        long n = channels().get(channel).sampleCount();
        if (n > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("channel " + channels().get(channel).name() + " has " + n
                    + " samples, too many for one array; read it in windows");
        }
        double[] out = new double[(int) n];
        read(channel, 0, out, 0, (int) n);
        return out;
    }

    @Override
    void close();
}
