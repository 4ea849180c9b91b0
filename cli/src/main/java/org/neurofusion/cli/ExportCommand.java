package org.neurofusion.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.fusion.train.ModelExport;
import org.neurofusion.fusion.train.SourceRun;
import org.neurofusion.inference.Artifact;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code neurofusion export}: a trained student or single-modality run as a deployable artifact. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes a trained student (neurofusion distil) or single-modality control as a deployable"
            + " model: MODEL_DIR/spec.json (architecture and input contract), parameters.safetensors,"
            + " provenance.json and checksums.sha256, into a fresh folder. The contract (training channels,"
            + " preprocessing, rate, window, class names) is read from the window store the run trained on; a run"
            + " trained on EEG aligned per subject (eeg_alignment) records it, and its model then needs predict"
            + " --calibration.",
            "Use it with neurofusion predict --model MODEL_DIR; docs/inference.md describes the files."})
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--run", required = true, paramLabel = "RUN_DIR", description = "A distil run folder.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "MODEL_DIR", description = "The artifact folder (must"
            + " not exist, or be empty).")
    Path out;

    @Option(names = "--data", paramLabel = "STORE_DIR", description = "The window store the run trained on"
            + " (default: the one its pre-training run recorded).")
    Path data;

    @Option(names = "--stride", defaultValue = "1.0", paramLabel = "SECONDS", description = "Stride of sliding"
            + " prediction over a recording, written into the contract (default: ${DEFAULT-VALUE}).")
    double stride;

    @Option(names = "--max-missing", defaultValue = "0.5", paramLabel = "FRACTION", description = "Share of the"
            + " training channels a recording may lack (default: ${DEFAULT-VALUE}).")
    double maxMissing;

    @Option(names = "--position-tolerance", defaultValue = "0.01", paramLabel = "METRES", description = "How far a"
            + " sensor of another name may lie from a training sensor and stand in for it (default:"
            + " ${DEFAULT-VALUE}).")
    double tolerance;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        SourceRun r = SourceRun.read(run);
        Path dir = data;
        if (dir == null) {
            Path pre = Path.of(r.config().path("pretrained").asText(""));
            dir = SourceRun.read(pre).storeDirectory().orElseThrow(() -> new ParameterException(cl,
                    "the pre-training run " + pre + " does not record where its windows lie: give --data"));
        }
        try (WindowStore store = WindowStore.open(dir)) {
            Artifact a = ModelExport.export(run, store, new ModelExport.Options(stride, maxMissing, tolerance));
            a.write(out);
            var c = a.spec().contract();
            cl.getOut().printf(Locale.ROOT, "%s: %s reading %d %s channels, %.1f s windows at %.0f Hz, classes %s;"
                    + " %d tensors%n", out, a.spec().kind(), c.channels().size(), c.modality(), c.windowSeconds(),
                    c.rate(), c.labels(), a.tensors().size());
        }
        return 0;
    }
}
