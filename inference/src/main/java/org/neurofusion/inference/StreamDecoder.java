package org.neurofusion.inference;

import java.util.ArrayList;
import java.util.List;
import org.neurofusion.core.Channel;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.modalities.signal.Preprocessor;
import org.neurofusion.modalities.signal.StreamingStep;

/**
 * Live decoding: an amplifier's samples arrive in chunks of any size; each matched channel runs through the
 * contract's preprocessing kernels ({@link StreamingStep}) and into a ring buffer one window long, and every window
 * the stride (or a given list of window starts) asks for is decoded the moment its last sample has arrived, one
 * window at a time. The kernels are the ones that made the training windows, started at the stream's first sample,
 * so a stream of a recording produces the windows — and the predictions — that {@link BrainDecoder#decode} gives on
 * the whole file, whatever the chunk size. A contract with a step a stream cannot compute (a zero-phase filter, an
 * FFT resampling) is refused.
 */
public final class StreamDecoder {
    /** A prediction with the time from the arrival of the chunk that completed its window to its result. */
    public record Timed(Prediction prediction, long latencyNanos) {
    }

    private final BrainDecoder decoder;
    // the calibration's matrix, checked against the matched channels once (null: the model does not align)
    private final float[] align;
    private final ChannelMatch match;
    private final int[] deviceIndex;
    private final List<List<StreamingStep.Kernel>> kernels = new ArrayList<>();
    private final int n;
    private final double rate;
    private final float[][] ring;
    private final long strideSamples;
    private final long[] starts;
    private final List<String> skipped = new ArrayList<>();
    // the matched channels never change during a stream: their names and sensor features are computed once
    private final List<String> names;
    private final float[] sensors;
    private int nextStart;
    private long produced;
    private long nextEnd;

    /**
     * A stream over a device whose channels are {@code deviceChannels} (every channel the amplifier sends, in the
     * order of the chunks' rows).
     *
     * @param strideSeconds the stride between windows (NaN: the contract's)
     * @param windowStarts window starts in output samples, ascending, instead of the stride (null for the stride):
     *     windows locked to cues known in advance
     * @throws IncompatibleInputException when the contract's preprocessing cannot run on a stream, the device's
     *     rate does not lead to the model's, or the channels cannot stand in for the training ones
     */
    public StreamDecoder(BrainDecoder decoder, List<Channel> deviceChannels, String source, double strideSeconds,
            long[] windowStarts) {
        this(decoder, deviceChannels, source, strideSeconds, windowStarts, null);
    }

    /**
     * As {@link #StreamDecoder(BrainDecoder, List, String, double, long[])}, each window aligned with the subject's
     * {@code calibration} (required when the model's contract aligns its input, refused otherwise).
     *
     * @throws IncompatibleInputException also when the model aligns and the calibration is missing or of other
     *     channels than the device's matched ones
     */
    public StreamDecoder(BrainDecoder decoder, List<Channel> deviceChannels, String source, double strideSeconds,
            long[] windowStarts, Calibration calibration) {
        this.decoder = decoder;
        InputContract c = decoder.contract();
        this.match = ChannelMatch.of(c, deviceChannels, source);
        // fails now, not at the first window: no calibration, a calibration of other channels, or one the model has
        // no use for
        this.align = decoder.checkCalibration(match.channels(), calibration, source);
        this.deviceIndex = match.recordingIndices();
        double r = deviceChannels.get(deviceIndex[0]).samplingRate();
        for (int i : deviceIndex) {
            if (deviceChannels.get(i).samplingRate() != r) {
                throw new IncompatibleInputException(source + ": the matched channels have different rates (" + r
                        + " and " + deviceChannels.get(i).samplingRate() + " Hz)");
            }
        }
        List<StreamingStep> steps = new ArrayList<>();
        for (Preprocessor p : c.preprocessing().steps()) {
            if (!(p instanceof StreamingStep s)) {
                throw new IncompatibleInputException(source + ": the model's preprocessing step '" + p.name()
                        + "' " + p.parameters() + " needs the whole recording (it reads the future); a stream can run"
                        + " only causal_filter and decimate steps. Decode the file with predict, or train on a"
                        + " streamable pipeline");
            }
            steps.add(s);
        }
        double out = r;
        for (StreamingStep s : steps) {
            out = s.outputRate(out);
        }
        if (Math.abs(out - c.rate()) > 1e-9) {
            throw new IncompatibleInputException(source + ": the device's " + r + " Hz become " + out + " Hz after the"
                    + " model's preprocessing, but the model reads " + c.rate() + " Hz; a stream cannot resample");
        }
        for (int k = 0; k < deviceIndex.length; k++) {
            List<StreamingStep.Kernel> chain = new ArrayList<>();
            double rr = r;
            for (StreamingStep s : steps) {
                chain.add(s.kernel(rr));
                rr = s.outputRate(rr);
            }
            kernels.add(chain);
        }
        this.n = c.windowSamples();
        this.rate = c.rate();
        this.ring = new float[deviceIndex.length][n];
        double stride = Double.isNaN(strideSeconds) ? c.strideSeconds() : strideSeconds;
        if (windowStarts == null && (!(stride > 0) || !Double.isFinite(stride))) {
            throw new IllegalArgumentException("stride must be positive, got " + stride);
        }
        this.strideSamples = Math.max(1, Math.round(stride * rate));
        if (windowStarts != null) {
            for (int i = 0; i < windowStarts.length; i++) {
                if (windowStarts[i] < 0 || i > 0 && windowStarts[i] <= windowStarts[i - 1]) {
                    throw new IllegalArgumentException("window starts must be ascending and not negative");
                }
            }
            this.starts = windowStarts.clone();
        } else {
            this.starts = null;
        }
        this.nextEnd = firstEnd();
        this.names = match.channels().stream().map(Channel::name).toList();
        this.sensors = org.neurofusion.core.SensorFeatures.of(match.channels());
    }

    private long firstEnd() {
        if (starts == null) {
            return n;
        }
        return starts.length == 0 ? Long.MAX_VALUE : starts[0] + n;
    }

    /** How the device's channels stand in for the training ones. */
    public ChannelMatch match() {
        return match;
    }

    /** Output samples produced so far (at the model's rate). */
    public long produced() {
        return produced;
    }

    /**
     * Takes the next chunk: {@code chunk[c]} holds the new samples of device channel {@code c}, every row of one
     * length.
     *
     * @return the windows this chunk completed, decoded, in order
     * @throws IllegalArgumentException when rows differ in length or a filter meets a value that is not finite
     */
    public List<Timed> push(double[][] chunk) {
        long arrived = System.nanoTime();
        int len = chunk[deviceIndex[0]].length;
        for (int i : deviceIndex) {
            if (chunk[i].length != len) {
                throw new IllegalArgumentException("a chunk's rows differ in length: " + len + " and "
                        + chunk[i].length);
            }
        }
        double[][] outs = new double[deviceIndex.length][];
        for (int k = 0; k < deviceIndex.length; k++) {
            double[] x = chunk[deviceIndex[k]];
            for (StreamingStep.Kernel kernel : kernels.get(k)) {
                x = kernel.push(x, 0, x.length);
            }
            outs[k] = x;
        }
        List<Timed> done = new ArrayList<>();
        int produce = outs[0].length;
        for (int t = 0; t < produce; t++) {
            int slot = (int) (produced % n);
            for (int k = 0; k < outs.length; k++) {
                ring[k][slot] = (float) outs[k][t];
            }
            produced++;
            while (produced == nextEnd) {
                Prediction p = decodeLast();
                if (p != null) {
                    done.add(new Timed(p, System.nanoTime() - arrived));
                }
                advance();
            }
        }
        return done;
    }

    private void advance() {
        if (starts == null) {
            nextEnd += strideSamples;
        } else {
            nextStart++;
            nextEnd = nextStart < starts.length ? starts[nextStart] + n : Long.MAX_VALUE;
        }
    }

    /** The windows that could not be decoded so far (too many flat channels), with the reason. */
    public List<String> skipped() {
        return List.copyOf(skipped);
    }

    /** The window that ends at the newest sample, or null (and a reason in {@link #skipped}) if it is unusable. */
    private Prediction decodeLast() {
        int ch = ring.length;
        float[] data = new float[ch * n];
        int head = (int) (produced % n); // the oldest sample of the window
        for (int k = 0; k < ch; k++) {
            System.arraycopy(ring[k], head, data, k * n, n - head);
            System.arraycopy(ring[k], 0, data, k * n + n - head, head);
        }
        long first = produced - n;
        SignalBlock w = new SignalBlock(names, rate, first, n, data);
        String why = decoder.unusable(w, match);
        if (why != null) {
            skipped.add(why);
            return null;
        }
        float[] p = decoder.run(List.of(w), match.channels(), sensors, align)[0];
        return Prediction.of(first / rate, n / rate, p);
    }
}
