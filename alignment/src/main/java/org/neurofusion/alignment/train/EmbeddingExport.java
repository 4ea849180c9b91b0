package org.neurofusion.alignment.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.dataset.Record;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurofusion.alignment.run.Checkpoint;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.alignment.run.RunDirectoryException;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.store.PaddingBatchifier;
import org.neurofusion.datasets.store.WindowDataset;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.modalities.io.NpyWriter;

/**
 * {@code neurofusion embed}: every window of a store that has the chosen modality, through a pre-trained run's best
 * (or last) encoder and projection head, into the shared latent space: an {@code .npy} of windows × latent dim
 * (float64, rows L2-normalised) and, beside it, a {@code .tsv} naming each row's window (store index, recording,
 * onset, label, start and length of the modality on the reference clock), for Python users.
 */
public final class EmbeddingExport {
    /** What was written. */
    public record Written(Path npy, Path tsv, int windows, int dim, String checkpoint) {
    }

    private EmbeddingExport() {
    }

    /**
     * @throws RunDirectoryException when the run has no configuration or no checkpoint
     * @throws IllegalArgumentException when the run has no encoder for {@code modality} or the store has none of it
     */
    /**
     * Every window of {@code store} that has {@code modality}, in the shared latent space: rows L2-normalised, with
     * each row's window and the checkpoint read ({@code best}, else {@code last}).
     *
     * @throws RunDirectoryException when the run has no configuration or no checkpoint
     * @throws IllegalArgumentException when the run has no encoder for {@code modality} or the store has none of it
     */
    public static Embeddings compute(Path runDir, WindowStore store, String modality, int batchSize, Device device) {
        Engine.getInstance();
        JniUtils.setGradMode(false);
        JsonNode stored = RunDirectory.readConfig(runDir);
        JsonNode cfg = stored.get("config");
        long seed = stored.get("seed").asLong();
        Modality m = Pretrainer.modality(modality);
        if (!store.modalities().contains(m)) {
            throw new IllegalArgumentException("the window store " + store.directory() + " has no " + modality
                    + " windows; it has " + store.modalities());
        }
        AlignmentModel built;
        try {
            built = AlignmentModel.fromSpecsJson(cfg.path("model"), seed, device);
        } catch (IllegalArgumentException e) {
            throw new RunDirectoryException(runDir.resolve(RunDirectory.CONFIG), -1, "does not describe a model"
                    + " ('config' -> 'model'): " + e.getMessage(), e);
        }
        try (AlignmentModel model = built;
                NDManager root = NDManager.newBaseManager(device)) {
            model.encoder(modality);
            String which = RunDirectory.BEST;
            Checkpoint c = RunDirectory.readCheckpoint(runDir, RunDirectory.BEST, root)
                    .orElse(null);
            if (c == null) {
                which = RunDirectory.LAST;
                c = RunDirectory.readCheckpoint(runDir, RunDirectory.LAST, root).orElseThrow(
                        () -> new RunDirectoryException(runDir, -1, "has no checkpoint yet"));
            }
            c.requireShapes(model.shapes(), java.util.Map.of());
            model.load(c.parameters());
            WindowDataset ds = WindowDataset.builder().setStore(store).optModalities(m)
                    .optFilter(w -> store.has(w.index(), m)).setSampling(batchSize, false).build();
            int n = Math.toIntExact(ds.size());
            int d = model.latentDim();
            float[][] z = new float[n][];
            PaddingBatchifier bf = new PaddingBatchifier();
            for (int from = 0; from < n; from += batchSize) {
                int to = Math.min(n, from + batchSize);
                try (NDManager sm = root.newSubManager()) {
                    NDList[] ex = new NDList[to - from];
                    for (int i = from; i < to; i++) {
                        Record r = ds.get(sm, i);
                        ex[i - from] = r.getData();
                    }
                    NDArray e = model.embed(modality, bf.batchify(ex), false);
                    float[] flat = e.toFloatArray();
                    for (int i = from; i < to; i++) {
                        z[i] = java.util.Arrays.copyOfRange(flat, (i - from) * d, (i - from + 1) * d);
                    }
                }
            }
            List<WindowInfo> infos = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                infos.add(ds.info(i));
            }
            return new Embeddings(z, infos, which);
        }
    }

    /** Latent rows and the windows they belong to. */
    public record Embeddings(float[][] rows, List<WindowInfo> windows, String checkpoint) {
    }

    public static Written write(Path runDir, WindowStore store, String modality, Path out, int batchSize,
            Device device) {
        Embeddings e = compute(runDir, store, modality, batchSize, device);
        Modality m = Pretrainer.modality(modality);
        float[][] z = e.rows();
        int n = z.length;
        int d = n == 0 ? 0 : z[0].length;
        List<WindowInfo> infos = e.windows();
        String which = e.checkpoint();
        new NpyWriter().write(out, n, d, (row, col, dst, count) -> {
            for (int k = 0; k < count; k++) {
                dst[k] = z[row][(int) col + k];
            }
        });
        Path tsv = out.resolveSibling(stripNpy(out.getFileName().toString()) + ".tsv");
        List<String> lines = new ArrayList<>();
        lines.add("row\tstore_index\trecording\tonset_s\tlabel\tstart_s\tlength_s");
        for (int i = 0; i < n; i++) {
            WindowInfo w = infos.get(i);
            lines.add(String.format(Locale.ROOT, "%d\t%d\t%s\t%.6f\t%s\t%.6f\t%.6f", i, w.index(), w.key(),
                    w.onset(), w.label().isPresent() ? Integer.toString(w.label().getAsInt()) : "n/a",
                    w.extent(m).start(), w.extent(m).length()));
        }
        byte[] text = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(tsv, os -> os.write(text));
        return new Written(out, tsv, n, d, which);
    }

    private static String stripNpy(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
    }
}
