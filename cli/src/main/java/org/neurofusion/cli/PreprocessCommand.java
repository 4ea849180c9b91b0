package org.neurofusion.cli;


import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelSubset;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.modalities.eeg.EdfWriter;
import org.neurofusion.modalities.io.NpyWriter;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Notch;
import org.neurofusion.modalities.signal.Pipeline;
import org.neurofusion.modalities.signal.Preprocessor;
import org.neurofusion.modalities.signal.Resample;
import org.neurofusion.modalities.signal.Rereference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion preprocess FILE OUT --channels A,B [--bandpass LO,HI] [--notch F] [--resample HZ]
 * [--reference average|NAME,...] [--method fir|iir]}: applies the steps in that order and writes float64 SI
 * values (.npy, channels × samples) or an EDF+/BDF+ file, and the pipeline as JSON with {@code --pipeline}.
 */
@Command(name = "preprocess", mixinStandardHelpOptions = true,
        description = {"Filters, notches, resamples and re-references channels, in that order, and writes them.",
            "OUT.npy: float64 (channels, samples) in SI units; OUT.edf / OUT.bdf: EDF+ / BDF+ with annotations.",
            "With --method fir (the default) the band-pass is MNE-Python's default design, as raw.filter(lo, hi)."})
final class PreprocessCommand implements Callable<Integer> {
    private final Function<Path, Recording> opener;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording to read.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (.npy, .edf or .bdf).")
    Path output;

    @Option(names = "--channels", split = ",", paramLabel = "NAME", description = "Channels to process and write,"
            + " in this order (default: all).")
    List<String> channels;

    @Option(names = "--bandpass", split = ",", paramLabel = "HZ", description = "Band edges LO,HI in Hz.")
    List<Double> bandpass;

    @Option(names = "--notch", paramLabel = "HZ", description = "Line frequency; its harmonics below Nyquist too.")
    Double notch;

    @Option(names = "--resample", paramLabel = "HZ", description = "New sampling rate of the data channels.")
    Double resample;

    @Option(names = "--reference", paramLabel = "REF", description = "'average', or channel name(s) A[,B] whose"
            + " mean becomes the reference.")
    String reference;

    @Option(names = "--method", defaultValue = "fir", paramLabel = "fir|iir", description = "Band-pass design:"
            + " fir (MNE's default, zero phase) or iir (4th-order Butterworth, forward-backward). Default: fir.")
    String method;

    @Option(names = "--pipeline", paramLabel = "JSON", description = "Also write the pipeline (the steps and"
            + " their parameters) as JSON to this file.")
    Path pipelineFile;

    @Spec
    CommandSpec spec;

    PreprocessCommand(Function<Path, Recording> opener) {
        this.opener = Objects.requireNonNull(opener);
    }

    @Override
    public Integer call() {
        String ext = extension(output);
        if (!List.of(".npy", ".edf", ".bdf").contains(ext)) {
            throw new ParameterException(spec.commandLine(), "OUT must end in .npy, .edf or .bdf, got '" + output
                    + "'");
        }
        Pipeline pipeline = pipeline();
        try (Recording opened = opener.apply(input)) {
            int[] idx = select(opened);
            Recording processed;
            try {
                processed = pipeline.apply(ChannelSubset.of(opened, idx));
            } catch (IllegalArgumentException e) {
                throw new RecordingException(input, -1, "cannot preprocess: " + e.getMessage(), e);
            }
            if (ext.equals(".npy")) {
                writeNpy(processed);
            } else {
                EdfWriter.builder().optBdf(ext.equals(".bdf")).build().write(processed, output);
            }
            if (pipelineFile != null) {
                AtomicFiles.write(pipelineFile, os -> os.write(pipeline.toJson().getBytes(
                        java.nio.charset.StandardCharsets.UTF_8)));
            }
            Channel c0 = processed.channels().get(0);
            spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %d channels × %d samples at %s Hz; steps: %s%n",
                    output, processed.channels().size(), c0.sampleCount(), trim(c0.samplingRate()),
                    String.join(", ", pipeline.steps().stream().map(Preprocessor::name).toList()));
        }
        return 0;
    }

    private Pipeline pipeline() {
        List<Preprocessor> steps = new ArrayList<>();
        try {
            if (bandpass != null) {
                if (bandpass.size() != 2) {
                    throw new IllegalArgumentException("--bandpass takes LO,HI");
                }
                steps.add(new Filter(bandpass.get(0), bandpass.get(1), method));
            } else if (!method.equals("fir") && !method.equals("iir")) {
                throw new IllegalArgumentException("--method must be fir or iir");
            }
            if (notch != null) {
                steps.add(new Notch(notch));
            }
            if (resample != null) {
                steps.add(new Resample(resample));
            }
            if (reference != null) {
                steps.add(reference.equals("average")
                        ? Rereference.average(org.neurofusion.core.ChannelType.EEG, Set.of())
                        : Rereference.toChannels(org.neurofusion.core.ChannelType.EEG, List.of(reference.split(","))));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return new Pipeline(steps);
    }

    private int[] select(Recording r) {
        if (channels == null || channels.isEmpty()) {
            return java.util.stream.IntStream.range(0, r.channels().size()).toArray();
        }
        int[] idx = new int[channels.size()];
        for (int i = 0; i < idx.length; i++) {
            try {
                idx[i] = r.channelIndex(channels.get(i));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        return idx;
    }

    private void writeNpy(Recording r) {
        List<Channel> cs = r.channels();
        Channel c0 = cs.get(0);
        for (Channel c : cs) {
            if (c.samplingRate() != c0.samplingRate() || c.sampleCount() != c0.sampleCount()) {
                throw new ParameterException(spec.commandLine(), "OUT.npy needs one rate, but after preprocessing "
                        + c0.name() + " is at " + trim(c0.samplingRate()) + " Hz and " + c.name() + " at "
                        + trim(c.samplingRate()) + " Hz; select channels of one rate or add --resample");
            }
        }
        new NpyWriter().write(output, cs.size(), c0.sampleCount(),
                (row, column, dst, count) -> r.read(row, column, dst, 0, count));
    }

    private static String extension(Path p) {
        String n = p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot < 0 ? "" : n.substring(dot);
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

}
