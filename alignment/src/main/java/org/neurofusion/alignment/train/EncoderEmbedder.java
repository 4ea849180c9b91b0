package org.neurofusion.alignment.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.neurofusion.alignment.run.Checkpoint;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.alignment.run.RunDirectoryException;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.evaluation.EmbeddingProbe;
import org.neurofusion.models.EncoderSpec;

/**
 * A pre-training run's encoder of one modality, frozen, as the {@link EmbeddingProbe.Embedder} of the frozen-backbone
 * conditions: each window becomes the encoder's pooled output (its embedding before the projection head), computed
 * without gradient from the run's best checkpoint (its last when it kept no best). Windows must be what the encoder
 * was built for: its modality, its rate and its length; anything else is refused naming the window and the run.
 */
public final class EncoderEmbedder implements EmbeddingProbe.Embedder, AutoCloseable {
    private final Path run;
    private final String modality;
    private final Modality m;
    private final EncoderSpec spec;
    private final AlignmentModel model;
    private final NDManager manager;
    private final int batchSize;

    private EncoderEmbedder(Path run, String modality, AlignmentModel model, NDManager manager, int batchSize) {
        this.run = run;
        this.modality = modality;
        this.m = Pretrainer.modality(modality);
        this.model = model;
        this.spec = model.encoder(modality).spec();
        this.manager = manager;
        this.batchSize = batchSize;
    }

    /**
     * Loads the encoder of {@code modality} from the pre-training run in {@code runDir}.
     *
     * @throws RunDirectoryException when the run has no configuration, model or checkpoint
     * @throws IllegalArgumentException when the run has no encoder for {@code modality}
     */
    public static EncoderEmbedder load(Path runDir, String modality, Device device, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        Engine.getInstance();
        JniUtils.setGradMode(false);
        JsonNode stored = RunDirectory.readConfig(runDir);
        AlignmentModel model;
        try {
            model = AlignmentModel.fromSpecsJson(stored.get("config").path("model"), stored.path("seed").asLong(),
                    device);
        } catch (IllegalArgumentException e) {
            throw new RunDirectoryException(runDir.resolve(RunDirectory.CONFIG), -1, "does not describe a model"
                    + " ('config' -> 'model'): " + e.getMessage(), e);
        }
        NDManager manager = NDManager.newBaseManager(device);
        try {
            model.encoder(modality);
            Checkpoint c = RunDirectory.readCheckpoint(runDir, RunDirectory.BEST, manager).orElse(null);
            if (c == null) {
                c = RunDirectory.readCheckpoint(runDir, RunDirectory.LAST, manager).orElseThrow(
                        () -> new RunDirectoryException(runDir, -1, "has no checkpoint yet"));
            }
            c.requireShapes(model.shapes(), java.util.Map.of());
            model.load(c.parameters());
            return new EncoderEmbedder(runDir, modality, model, manager, batchSize);
        } catch (RuntimeException e) {
            manager.close();
            model.close();
            throw e;
        }
    }

    /** The encoder's spec. */
    public EncoderSpec spec() {
        return spec;
    }

    @Override
    public Modality modality() {
        return m;
    }

    @Override
    public String source() {
        return run.toAbsolutePath().normalize().toString();
    }

    @Override
    public void check(PairedWindow w) {
        SignalBlock b = w.blocks().get(m);
        if (b == null) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "window %s at %.3f s has no %s block; the"
                    + " pre-trained run %s encodes %s", w.key(), w.onset(), modality, run, modality));
        }
        if (b.sampleCount() != spec.windowSamples() || Math.abs(b.samplingRate() - spec.sampleRate()) > 1e-9) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "window %s at %.3f s: its %s block is %d"
                    + " samples at %s Hz, but the pre-trained run %s's encoder reads %d samples at %s Hz; cut the"
                    + " windows as the run's were cut", w.key(), w.onset(), modality, b.sampleCount(),
                    b.samplingRate(), run, spec.windowSamples(), spec.sampleRate()));
        }
    }

    @Override
    public double[][] embed(List<PairedWindow> windows) {
        double[][] out = new double[windows.size()][];
        int t = spec.windowSamples();
        for (int from = 0; from < windows.size(); from += batchSize) {
            int bsz = Math.min(batchSize, windows.size() - from);
            int c = 0;
            for (int i = 0; i < bsz; i++) {
                check(windows.get(from + i));
                c = Math.max(c, windows.get(from + i).blocks().get(m).channelCount());
            }
            // windows of fewer channels are padded: zeros, mask 0 (the encoder ignores padding whatever it holds)
            float[] data = new float[bsz * c * t];
            float[] sensors = new float[bsz * c * SensorFeatures.COUNT];
            float[] mask = new float[bsz * c];
            for (int i = 0; i < bsz; i++) {
                PairedWindow w = windows.get(from + i);
                SignalBlock b = w.blocks().get(m);
                List<Channel> cs = w.channels().get(m);
                float[] f = SensorFeatures.of(cs);
                System.arraycopy(b.data(), 0, data, i * c * t, b.channelCount() * t);
                System.arraycopy(f, 0, sensors, i * c * SensorFeatures.COUNT, f.length);
                for (int k = 0; k < b.channelCount(); k++) {
                    mask[i * c + k] = 1;
                }
            }
            try (NDManager step = manager.newSubManager()) {
                NDList in = new NDList(step.create(data, new Shape(bsz, c, t)),
                        step.create(sensors, new Shape(bsz, c, SensorFeatures.COUNT)),
                        step.create(mask, new Shape(bsz, c)));
                NDArray pooled = model.encode(modality, in, false);
                float[] p = pooled.toFloatArray();
                int e = (int) pooled.getShape().get(1);
                for (int i = 0; i < bsz; i++) {
                    double[] row = new double[e];
                    for (int j = 0; j < e; j++) {
                        row[j] = p[i * e + j];
                    }
                    out[from + i] = row;
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        manager.close();
        model.close();
    }
}
