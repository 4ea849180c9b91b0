package org.neurofusion.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Recording;
import org.neurofusion.inference.BrainDecoder;
import org.neurofusion.inference.Calibration;
import org.neurofusion.inference.InputContract;
import org.neurofusion.inference.Prediction;
import org.neurofusion.inference.PredictionCsv;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code neurofusion predict}: decodes a recording window by window with an exported model. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Decodes FILE (any format neurofusion reads) with an exported model (neurofusion export):"
            + " matches its channels to the training ones by name, then by position, applies the model's"
            + " preprocessing, and predicts every window of the model's length along the recording.",
            "Writes CSV (to --out, or standard output): onset_s, duration_s, label, then p_<label> per class."
            + " Channel matching and skipped windows are reported on standard error."})
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "MODEL_DIR", description = "An exported model.")
    Path model;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording.")
    Path file;

    @Option(names = "--out", paramLabel = "CSV", description = "Where to write the predictions (default: standard"
            + " output).")
    Path out;

    @Option(names = "--stride", paramLabel = "SECONDS", description = "Stride between windows (default: the"
            + " model's contract).")
    Double stride;

    @Option(names = "--calibration", paramLabel = "FILE", description = "A recording of the same subject with the"
            + " same cap, for a model trained on EEG aligned per subject (its contract names which: a resting-state"
            + " recording, or the decoded recording itself). Required by such a model, refused by any other.")
    Path calibration;

    @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Windows per forward pass"
            + " (default: ${DEFAULT-VALUE}).")
    int batch;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    private final java.util.function.Function<Path, Recording> opener;

    PredictCommand(java.util.function.Function<Path, Recording> opener) {
        this.opener = opener;
    }

    @Override
    public Integer call() {
        var cl = spec.commandLine();
        try (BrainDecoder d = BrainDecoder.load(model, device.resolve(), batch);
                Recording r = opener.apply(file)) {
            PrintWriter err = cl.getErr();
            Calibration cal = calibrate(d, calibration, opener, cl);
            BrainDecoder.Decoded res = d.decode(r, file.toString(), stride == null ? Double.NaN : stride, cal);
            var m = res.match();
            err.printf(Locale.ROOT, "%s: %d of the model's %d channels used%s%s%s%n", file, m.channels().size(),
                    d.contract().channels().size(), m.bySite().isEmpty() ? "" : ", by 10-05 site " + m.bySite(),
                    m.byPosition().isEmpty() ? "" : ", by position " + m.byPosition(),
                    m.missing().isEmpty() ? "" : ", missing " + m.missing());
            res.skipped().forEach(s -> err.println("skipped " + s));
            List<String> labels = d.contract().labels();
            StringBuilder csv = new StringBuilder(PredictionCsv.header(labels)).append('\n');
            for (Prediction p : res.predictions()) {
                csv.append(PredictionCsv.row(p, labels)).append('\n');
            }
            if (out == null) {
                cl.getOut().print(csv);
                cl.getOut().flush();
            } else {
                AtomicFiles.write(out, os -> {
                    var w = new OutputStreamWriter(os, StandardCharsets.UTF_8);
                    w.write(csv.toString());
                    w.flush();
                });
                err.printf(Locale.ROOT, "%s: %d windows%n", out, res.predictions().size());
            }
        }
        return 0;
    }

    /**
     * The calibration {@code --calibration FILE} asks for, reported on standard error; null without the option.
     *
     * @throws ParameterException when the model needs one and none is given, or the model does not align
     */
    static Calibration calibrate(BrainDecoder d, Path file, java.util.function.Function<Path, Recording> opener,
            CommandLine cl) {
        InputContract.Alignment a = d.contract().alignment();
        if (file == null) {
            if (a != null) {
                throw new ParameterException(cl, "the model was trained on " + d.contract().modality() + " aligned"
                        + " per subject (reference '" + a.reference() + "'): pass --calibration FILE, "
                        + a.calibrationHint());
            }
            return null;
        }
        if (a == null) {
            throw new ParameterException(cl, "--calibration: the model does not align its input; leave it out");
        }
        try (Recording rec = opener.apply(file)) {
            Calibration c = d.calibrate(rec, file.toString());
            cl.getErr().printf(Locale.ROOT, "%s: calibrated on %d windows of %d channels (reference '%s')%s%n", file,
                    c.windows(), c.channels().size(), a.reference(), c.skipped() == 0 ? ""
                            : String.format(Locale.ROOT, "; %d unusable windows left out", c.skipped()));
            return c;
        }
    }
}
