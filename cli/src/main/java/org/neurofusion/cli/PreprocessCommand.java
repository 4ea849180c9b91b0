package org.neurofusion.cli;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelSubset;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.modalities.eeg.EdfWriter;
import org.neurofusion.modalities.signal.Pipeline;
import org.neurofusion.modalities.signal.Preprocessor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion preprocess FILE OUT [--channels A,B] [--bandpass LO,HI] [--notch F] [--resample HZ]
 * [--reference average|NAME,...] [--method fir|iir]}: applies the steps in that order and writes float64 SI
 * values (.npy, channels × samples) or an EDF+/BDF+ file, and the pipeline as JSON with {@code --pipeline}.
 */
@Command(name = "preprocess", mixinStandardHelpOptions = true, description = "Filters, notches, resamples and"
        + " re-references channels, in that order, and writes them.%nOUT.npy: float64 (channels, samples) in SI"
        + " units; OUT.edf / OUT.bdf: EDF+ / BDF+ with annotations.%nWith --method fir (the default) the band-pass"
        + " is MNE-Python's default design, as raw.filter(lo, hi).")
final class PreprocessCommand implements Callable<Integer> {
    /** The steps: the options this command is about, so they come first in its help. */
    @Mixin
    StepOptions options;

    @Mixin
    final RecordingArgs files;

    @Option(names = "--pipeline", paramLabel = "JSON", description = "Also write the pipeline (the steps and"
            + " their parameters) as JSON to this file.")
    Path pipelineFile;

    @Spec
    CommandSpec spec;

    PreprocessCommand(Function<Path, Recording> opener) {
        this.files = new RecordingArgs(opener);
    }

    @Override
    public Integer call() {
        String ext = files.extension();
        if (!List.of(".npy", ".edf", ".bdf").contains(ext)) {
            throw new ParameterException(spec.commandLine(), "OUT must end in .npy, .edf or .bdf, got '"
                    + files.output + "'");
        }
        files.requireOutputFile(spec);
        Pipeline pipeline;
        try {
            pipeline = options.pipeline();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        try (Recording opened = files.open()) {
            int[] chosen;
            try {
                chosen = ChannelSelection.indices(opened, files.requestedChannels());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            Recording processed;
            Progress steps = Progress.onTerminal(spec.commandLine().getErr(), "preprocessing",
                    pipeline.steps().size());
            try {
                // A lazy selection: the first step reads straight from the file.
                processed = pipeline.apply(ChannelSubset.of(opened, chosen), step -> steps.advance(1));
            } catch (IllegalArgumentException e) {
                throw new RecordingException(files.input, -1, "cannot preprocess: " + e.getMessage(), e);
            } finally {
                steps.finish();
            }
            write(processed, ext);
            if (pipelineFile != null) {
                AtomicFiles.write(pipelineFile, os -> os.write(pipeline.toJson().getBytes(StandardCharsets.UTF_8)));
            }
            Channel c0 = processed.channels().get(0);
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %d channels × %d samples at %s Hz; steps: %s%n",
                    files.output, processed.channels().size(), c0.sampleCount(), RecordingSummary.number(c0.samplingRate()),
                    String.join(", ", pipeline.steps().stream().map(Preprocessor::name).toList()));
        }
        return 0;
    }

    private void write(Recording processed, String ext) {
        if (!ext.equals(".npy")) {
            EdfWriter.builder().optBdf(ext.equals(".bdf")).build().write(processed, files.output);
            return;
        }
        ChannelSelection all;
        try {
            all = ChannelSelection.resolve(processed, List.of(), 0, null);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "OUT.npy needs one rate after preprocessing: "
                    + e.getMessage() + ", or add --resample", e);
        }
        new NpyOutput().write(processed, all, files.output, spec.commandLine().getErr());
    }
}
