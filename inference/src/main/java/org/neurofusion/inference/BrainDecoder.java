package org.neurofusion.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelSubset;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.modalities.signal.EuclideanAlignment;
import org.neurofusion.modalities.signal.Pipeline;
import org.neurofusion.modalities.signal.Preprocessor;
import org.neurofusion.modalities.signal.Resample;

/**
 * A deployed model: loads an {@link Artifact} onto a device and turns raw recordings or prepared windows into class
 * probabilities under the artifact's {@link InputContract}. Channels are matched by name, then by position
 * ({@link ChannelMatch}); the contract's preprocessing runs here, so callers pass raw data in the contract's unit.
 * Every array is created on the model's device; windows go through the network {@code batchSize} at a time.
 */
public final class BrainDecoder implements AutoCloseable {
    /**
     * A channel whose window spans at most this much (peak to peak, in the contract's SI unit) is flat: a
     * disconnected electrode or a saturated amplifier, not a signal (real EEG varies by microvolts, fNIRS
     * haemoglobin by tens of nanomoles per litre). It is masked out of that window, as a missing channel is.
     */
    public static final double FLAT = 1e-15;

    private final Artifact artifact;
    private final DecoderNetwork network;
    private final Device device;
    private final int batchSize;
    // one manager for the decoder's life: each batch works in a sub-manager of it and frees its arrays on close
    private final NDManager manager;

    private BrainDecoder(Artifact artifact, Device device, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.artifact = artifact;
        this.device = device;
        this.batchSize = batchSize;
        this.network = new DecoderNetwork(artifact.spec(), device);
        try {
            network.load(artifact.tensors());
        } catch (RuntimeException e) {
            network.close();
            throw e;
        }
        this.manager = NDManager.newBaseManager(device);
    }

    /**
     * Reads, verifies and loads the artifact in {@code dir}.
     *
     * @throws ArtifactFormatException when a file is missing, tampered, of a newer format or disagrees with the spec
     */
    public static BrainDecoder load(Path dir, Device device, int batchSize) {
        Artifact a = Artifact.read(dir);
        try {
            return new BrainDecoder(a, device, batchSize);
        } catch (IllegalArgumentException e) {
            throw new ArtifactFormatException(dir.resolve(Artifact.FILES.get(1)), -1, e.getMessage());
        }
    }

    /** A decoder over an artifact already in memory (one just trained or read). */
    public static BrainDecoder of(Artifact artifact, Device device, int batchSize) {
        return new BrainDecoder(artifact, device, batchSize);
    }

    /** The input contract. */
    public InputContract contract() {
        return artifact.spec().contract();
    }

    /** The artifact. */
    public Artifact artifact() {
        return artifact;
    }

    /** The device the network runs on. */
    public Device device() {
        return device;
    }

    /** Number of parameter values. */
    public long parameterCount() {
        return network.parameterCount();
    }

    /**
     * The probabilities of windows already preprocessed as the contract says (at its rate, its window length), all
     * with the same channels.
     *
     * @param windows the windows, each channels × samples in the contract's unit
     * @param channels what the encoder reads of each row (position and type), one per row of every window
     * @return one probability vector per window, classes in the contract's label order; a {@link #FLAT} channel is
     *     masked out of its window
     * @throws IncompatibleInputException when a window has another rate, length or channel count, or every channel
     *     of a window is flat
     */
    public float[][] probabilities(List<SignalBlock> windows, List<Channel> channels) {
        return probabilities(windows, channels, null);
    }

    /**
     * As {@link #probabilities(List, List)} for a model whose contract aligns its input: each window is multiplied
     * by the subject's calibration matrix first (the flat-channel mask is read from the window as given).
     *
     * @param calibration the subject's {@link #calibrate calibration}; null for a model that does not align
     * @throws IncompatibleInputException also when the model aligns and no calibration, or one of other channels,
     *     is given
     */
    public float[][] probabilities(List<SignalBlock> windows, List<Channel> channels, Calibration calibration) {
        return run(windows, channels, SensorFeatures.of(channels), checkCalibration(channels, calibration,
                "the windows"));
    }

    /**
     * As {@link #probabilities(List, List, Calibration)} with the sensor features and the aligning matrix already
     * computed and checked ({@link #checkCalibration}; null: no alignment): a stream's and a decoded recording's,
     * which check them once, not per window.
     */
    float[][] run(List<SignalBlock> windows, List<Channel> channels, float[] sensors, float[] align) {
        InputContract c = contract();
        int t = c.windowSamples();
        int ch = channels.size();
        for (int i = 0; i < windows.size(); i++) {
            SignalBlock w = windows.get(i);
            if (w.channelCount() != ch || w.sampleCount() != t || Math.abs(w.samplingRate() - c.rate()) > 1e-9) {
                throw new IncompatibleInputException(String.format(java.util.Locale.ROOT, "window %d (at %.3f s) has"
                        + " %d channels × %d samples at %s Hz; the model reads %d channels × %d samples at %s Hz", i,
                        w.startSeconds(), w.channelCount(), w.sampleCount(), w.samplingRate(), ch, t, c.rate()));
            }
        }
        int classes = c.labels().size();
        float[][] out = new float[windows.size()][];
        for (int from = 0; from < windows.size(); from += batchSize) {
            int b = Math.min(batchSize, windows.size() - from);
            try (NDManager step = manager.newSubManager()) {
                float[] data = new float[b * ch * t];
                float[] sens = new float[b * sensors.length];
                float[] keep = new float[b * ch];
                for (int i = 0; i < b; i++) {
                    SignalBlock w = windows.get(from + i);
                    if (align == null) {
                        System.arraycopy(w.data(), 0, data, i * ch * t, ch * t);
                    } else {
                        EuclideanAlignment.apply(align, ch, w.data(), data, i * ch * t);
                    }
                    System.arraycopy(sensors, 0, sens, i * sensors.length, sensors.length);
                    boolean[] flat = flatChannels(w);
                    int live = 0;
                    for (int k = 0; k < ch; k++) {
                        keep[i * ch + k] = flat[k] ? 0f : 1f;
                        live += flat[k] ? 0 : 1;
                    }
                    if (live == 0) {
                        throw new IncompatibleInputException(String.format(java.util.Locale.ROOT,
                                "the window at %.3f s has no channel that is not flat", w.startSeconds()));
                    }
                }
                NDArray x = step.create(data, new Shape(b, ch, t));
                NDArray s = step.create(sens, new Shape(b, ch, SensorFeatures.COUNT));
                NDArray mask = step.create(keep, new Shape(b, ch));
                // the codes come from SensorFeatures.of(channels): valid by construction, so nothing is read back
                float[] p = network.probabilities(x, s, mask, true).toFloatArray();
                for (int i = 0; i < b; i++) {
                    out[from + i] = java.util.Arrays.copyOfRange(p, i * classes, (i + 1) * classes);
                }
            }
        }
        return out;
    }

    /**
     * Decodes {@code windows} synthetic windows (the contract's training channels and length, Gaussian noise of
     * 10 µV-scale in the contract's unit), one at a time, and discards the results: the JIT compiles the hot path
     * before the first real window arrives. Measured: p99 of single windows 5.5–9 ms after 50 such windows, 3.9–4.0 ms
     * after 1000 (docs/benchmarks.md).
     */
    public void warmUp(int windows) {
        InputContract c = contract();
        List<Channel> channels = c.channels().stream().map(x -> x.toChannel(c.rate())).toList();
        List<String> names = channels.stream().map(Channel::name).toList();
        java.util.SplittableRandom r = new java.util.SplittableRandom(windows);
        int n = c.windowSamples();
        Calibration identity = c.alignment() == null ? null : Calibration.identity(names, "warm-up");
        for (int i = 0; i < windows; i++) {
            float[] x = new float[names.size() * n];
            for (int k = 0; k < x.length; k++) {
                x[k] = (float) (1e-5 * r.nextGaussian());
            }
            probabilities(List.of(new SignalBlock(names, c.rate(), 0, n, x)), channels, identity);
        }
    }

    /** Which rows of {@code w} span at most {@link #FLAT}. */
    public static boolean[] flatChannels(SignalBlock w) {
        int n = w.sampleCount();
        float[] x = w.data();
        boolean[] out = new boolean[w.channelCount()];
        for (int c = 0; c < out.length; c++) {
            float lo = Float.POSITIVE_INFINITY;
            float hi = Float.NEGATIVE_INFINITY;
            for (int t = c * n; t < (c + 1) * n; t++) {
                lo = Math.min(lo, x[t]);
                hi = Math.max(hi, x[t]);
            }
            out[c] = (double) hi - lo <= FLAT;
        }
        return out;
    }

    /**
     * Why a window cannot be decoded under the contract, or null when it can: a value that is not finite, or more
     * flat channels than the training channels still allowed to be missing.
     */
    String unusable(SignalBlock w, ChannelMatch match) {
        int n = w.sampleCount();
        float[] x = w.data();
        for (int i = 0; i < x.length; i++) {
            if (!Float.isFinite(x[i])) {
                return String.format(java.util.Locale.ROOT, "window at %.3f s: channel '%s' holds %s",
                        w.startSeconds(), w.channelNames().get(i / n), x[i]);
            }
        }
        boolean[] flat = flatChannels(w);
        List<String> names = new ArrayList<>();
        for (int c = 0; c < flat.length; c++) {
            if (flat[c]) {
                names.add(w.channelNames().get(c));
            }
        }
        int allowed = contract().maxMissing() - match.missing().size();
        if (names.size() > allowed) {
            return String.format(java.util.Locale.ROOT, "window at %.3f s: %d channels are flat %s and %d training"
                    + " channels missing; at most %d may be absent", w.startSeconds(), names.size(), names,
                    match.missing().size(), contract().maxMissing());
        }
        return null;
    }

    /**
     * The calibration of one subject for a model whose contract aligns its input, from a recording of that subject
     * ({@link InputContract.Alignment#calibrationHint() which one} the contract's reference says): its channels matched
     * and preprocessed as for decoding, cut into windows of the model's length every {@code stride_s} of the
     * contract's alignment from the first sample (as the training subjects' resting windows were), the windows with a
     * value that is not finite or too many flat channels left out, and the aligning matrix fitted to the mean
     * covariance of the rest, as training fitted each training subject's.
     *
     * @throws IncompatibleInputException when the recording cannot stand in for the training montage, holds no usable
     *     window, has a channel flat in every window, or has no variance
     * @throws IllegalArgumentException when the model does not align its input
     */
    public Calibration calibrate(Recording recording, String source) {
        return Calibrator.fromRecording(this, recording, source);
    }

    /**
     * The calibration from windows already preprocessed as the contract says (at its rate and length), all with the
     * channels {@code names}: a stream's first minutes, or a window store's.
     *
     * @throws IncompatibleInputException when there is no window, a window has other channels, another length or
     *     rate or a value that is not finite, a channel is flat in every window, or the windows have no variance
     * @throws IllegalArgumentException when the model does not align its input
     */
    public Calibration calibrate(List<SignalBlock> windows, List<String> names, String source) {
        return Calibrator.fromWindows(this, windows, names, source);
    }

    /**
     * The aligning matrix for windows of {@code channels}, or null for a model that does not align.
     *
     * @throws IncompatibleInputException when the model aligns and the calibration is missing or of other channels
     * @throws IllegalArgumentException when the model does not align and a calibration is given
     */
    float[] checkCalibration(List<Channel> channels, Calibration calibration, String source) {
        if (contract().alignment() == null) {
            if (calibration != null) {
                throw new IllegalArgumentException(source + ": the model does not align its input; decode without a"
                        + " calibration (" + calibration.source() + ")");
            }
            return null;
        }
        if (calibration == null) {
            throw uncalibrated(source);
        }
        calibration.check(channels.stream().map(Channel::name).toList(), source);
        return calibration.shared();
    }

    private IncompatibleInputException uncalibrated(String source) {
        InputContract.Alignment a = contract().alignment();
        return new IncompatibleInputException(source + ": the model was trained on " + contract().modality()
                + " aligned per subject (reference '" + a.reference() + "'); decoding a new subject needs its"
                + " calibration from " + a.calibrationHint());
    }

    /** What decoding a recording gave: one prediction per window, the windows skipped and why, the channel match. */
    public record Decoded(List<Prediction> predictions, List<String> skipped, ChannelMatch match) {
        public Decoded {
            predictions = List.copyOf(predictions);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * Decodes a raw recording window by window: the contract's channels matched, its preprocessing and resampling
     * applied to the whole recording, windows of the contract's length every {@code strideSeconds} (the contract's
     * stride when NaN) from the start. A window holding a value that is not finite is skipped and reported.
     *
     * @param source a name for messages (the file)
     * @throws IncompatibleInputException when the recording cannot stand in for the training montage
     */
    public Decoded decode(Recording recording, String source, double strideSeconds) {
        return decode(recording, source, strideSeconds, null);
    }

    /**
     * As {@link #decode(Recording, String, double)}, each window aligned with the subject's {@code calibration}
     * (required when the contract aligns its input, refused otherwise).
     *
     * @throws IncompatibleInputException also when the calibration is missing or of other channels
     */
    public Decoded decode(Recording recording, String source, double strideSeconds, Calibration calibration) {
        InputContract c = contract();
        if (c.alignment() != null && calibration == null) {
            throw uncalibrated(source); // before the recording is prepared
        }
        double stride = Double.isNaN(strideSeconds) ? c.strideSeconds() : strideSeconds;
        if (!(stride > 0) || !Double.isFinite(stride)) {
            throw new IllegalArgumentException("stride must be positive, got " + stride);
        }
        Prepared p = prepare(recording, source);
        ChannelMatch match = p.match();
        float[] align = checkCalibration(match.channels(), calibration, source);
        float[] sensors = SensorFeatures.of(match.channels());
        List<Prediction> predictions = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        List<SignalBlock> pending = new ArrayList<>();
        cut(p, Math.max(1, Math.round(stride * c.rate())), w -> {
            pending.add(w);
            if (pending.size() == batchSize) {
                flush(pending, match.channels(), sensors, align, predictions);
            }
        }, skipped::add);
        flush(pending, match.channels(), sensors, align, predictions);
        return new Decoded(predictions, skipped, match);
    }

    /**
     * A recording as the network reads it: the matched channels (in the training order) after the contract's
     * preprocessing and resampling, lazily computed, at the contract's rate.
     *
     * @param recording the prepared recording
     * @param match how its channels stand in for the training ones
     */
    public record Prepared(Recording recording, ChannelMatch match) {
    }

    /**
     * Matches the channels of {@code recording} to the contract and applies its preprocessing and resampling, as
     * the training windows were made: the windows of the result are the network's input.
     *
     * @throws IncompatibleInputException when the recording cannot stand in for the training montage
     */
    public Prepared prepare(Recording recording, String source) {
        InputContract c = contract();
        ChannelMatch match = ChannelMatch.of(c, recording.channels(), source);
        int[] idx = match.recordingIndices();
        double rate = recording.channels().get(idx[0]).samplingRate();
        for (int i : idx) {
            if (recording.channels().get(i).samplingRate() != rate) {
                throw new IncompatibleInputException(source + ": the matched channels have different rates ("
                        + rate + " and " + recording.channels().get(i).samplingRate() + " Hz)");
            }
        }
        List<Preprocessor> steps = new ArrayList<>(c.preprocessing().steps());
        steps.add(new Resample(c.rate()));
        return new Prepared(new Pipeline(steps).apply(ChannelSubset.of(recording, idx)), match);
    }

    /**
     * Cuts the prepared recording into windows of the contract's length every {@code strideSamples} from its first
     * sample: each usable one to {@code use}, why each other one is not to {@code skip}.
     */
    void cut(Prepared p, long strideSamples, java.util.function.Consumer<SignalBlock> use,
            java.util.function.Consumer<String> skip) {
        int n = contract().windowSamples();
        int[] all = java.util.stream.IntStream.range(0, p.match().channels().size()).toArray();
        long total = p.recording().channels().get(0).sampleCount();
        for (long first = 0; first + n <= total; first += strideSamples) {
            SignalBlock w = p.recording().read(all, first, n);
            String why = unusable(w, p.match());
            if (why != null) {
                skip.accept(why);
            } else {
                use.accept(w);
            }
        }
    }

    private void flush(List<SignalBlock> pending, List<Channel> channels, float[] sensors, float[] align,
            List<Prediction> out) {
        if (pending.isEmpty()) {
            return;
        }
        float[][] p = run(pending, channels, sensors, align);
        for (int i = 0; i < p.length; i++) {
            SignalBlock w = pending.get(i);
            out.add(Prediction.of(w.startSeconds(), w.sampleCount() / w.samplingRate(), p[i]));
        }
        pending.clear();
    }

    @Override
    public void close() {
        manager.close();
        network.close();
    }
}
