package org.neurofusion.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurofusion.alignment.train.EmbeddingExport;
import org.neurofusion.datasets.store.WindowStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurofusion embed}: a store's windows through a pre-trained encoder, into an .npy and a .tsv. */
@Command(name = "embed", mixinStandardHelpOptions = true,
        description = {"Embeds every window of a store that has the modality with a pre-trained run's best"
            + " checkpoint: EMB.npy (windows x latent dim, float64, rows L2-normalised) and EMB.tsv (one line per"
            + " row: store index, recording, onset, label, start and length)."})
final class EmbedCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "RUN_DIR", description = "A pretrain run folder.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "STORE", description = "A window store.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "EMB.npy", description = "The embeddings file; the"
            + " .tsv goes beside it.")
    Path out;

    @Option(names = "--modality", defaultValue = "eeg", description = "Which encoder (default: ${DEFAULT-VALUE}).")
    String modality;

    @Option(names = "--batch", defaultValue = "64", description = "Windows per forward pass (default:"
            + " ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (batch < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--batch must be at least 1, got "
                    + batch);
        }
        try (WindowStore store = WindowStore.open(data)) {
            EmbeddingExport.Written w = EmbeddingExport.write(model, store, modality, out, batch, device.resolve());
            spec.commandLine().getOut().printf(Locale.ROOT, "%d windows x %d dims (%s checkpoint) -> %s, %s%n",
                    w.windows(), w.dim(), w.checkpoint(), w.npy(), w.tsv());
        }
        return 0;
    }
}
