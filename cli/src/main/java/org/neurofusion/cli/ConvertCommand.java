package org.neurofusion.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.modalities.fnirs.BeerLambert;
import org.neurofusion.modalities.fnirs.OpticalDensity;
import org.neurofusion.modalities.fmri.NiftiImage;
import org.neurofusion.modalities.fmri.NiftiReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion convert FILE OUT [--channels A,B] [--start S] [--duration S]}: writes channels × samples
 * of a recording, in SI units, to a file whose extension picks the {@link OutputFormat}. A NIfTI image goes to
 * {@code .npy} as its voxel array, or with {@code --atlas LABELS} as its parcel-mean time series.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Writes channels × samples of a recording, in SI units (volts, tesla, mol/L), to OUT.",
            "OUT.npy: a float64 NumPy array of shape (channels, samples), C order.",
            "OUT.snirf: SNIRF 1.1 (fNIRS), with optode positions, wavelengths and annotations.",
            "OUT.fif: raw FIF (MNE-Python's read_raw_fif), float32 samples, channel types, positions, annotations.",
            "A NIfTI image (.nii, .nii.gz, .hdr/.img) converts to OUT.npy: its voxels, scaled, as float64 of the image's",
            "shape in Fortran order (numpy.load gives nibabel's get_fdata()); with --atlas, parcels × volumes."})
final class ConvertCommand implements Callable<Integer> {
    @Mixin
    final RecordingArgs files;

    @Option(names = "--start", paramLabel = "S", defaultValue = "0",
            description = "Seconds from the first sample, rounded to the nearest sample (default: 0).")
    double start;

    @Option(names = "--duration", paramLabel = "S",
            description = "Seconds to write, rounded to the nearest number of samples (default: to the end).")
    Double duration;

    @Option(names = "--beer-lambert", description = "fNIRS: convert raw intensities (or optical density) to HbO/HbR"
            + " in mol/L first (optical density, then the modified Beer-Lambert law); channels are then named"
            + " 'S1_D1 hbo', 'S1_D1 hbr'.")
    boolean beerLambert;

    @Option(names = "--ppf", paramLabel = "PPF", description = "Partial pathlength factor for --beer-lambert"
            + " (default: 6.0, MNE's convention).")
    Double ppf;

    @Option(names = "--atlas", paramLabel = "LABELS", description = "NIfTI: write the parcel-mean time series"
            + " (parcels × volumes) under this 3-D integer label image instead of the voxels; an atlas on another grid"
            + " is resampled to the image's by nearest neighbour through the two affines.")
    Path atlas;

    @Spec
    CommandSpec spec;

    /** Optical density (unless the file already holds it), then Beer-Lambert. */
    private Recording haemoglobin(Recording r) {
        boolean raw = r.channels().stream().anyMatch(c -> c.type() == ChannelType.FNIRS_CW_AMPLITUDE);
        boolean od = r.channels().stream().anyMatch(c -> c.type() == ChannelType.FNIRS_OD);
        if (!raw && !od) {
            throw new ParameterException(spec.commandLine(), "--beer-lambert needs fNIRS intensities or optical"
                    + " density; " + files.input + " has neither");
        }
        BeerLambert.Builder b = BeerLambert.builder();
        if (ppf != null) {
            try {
                b.optPpf(ppf);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
        }
        try {
            return b.build().apply(raw ? new OpticalDensity().apply(r) : r);
        } catch (IllegalArgumentException e) {
            throw new RecordingException(files.input, -1, "cannot convert to haemoglobin: " + e.getMessage());
        }
    }

    /** A NIfTI image: its voxels as an N-D array, or its parcel means under --atlas, to .npy. */
    private String convertNifti(Path output) {
        if (!files.extension().equals(".npy")) {
            throw new ParameterException(spec.commandLine(), "a NIfTI image converts to .npy only, not '" + output
                    + "'");
        }
        if (!files.requestedChannels().isEmpty() || start != 0 || duration != null || beerLambert) {
            throw new ParameterException(spec.commandLine(), "--channels, --start, --duration and --beer-lambert do"
                    + " not apply to a NIfTI image (use --atlas for parcel time series)");
        }
        try (NiftiImage img = NiftiReader.open(files.input)) {
            return atlas == null ? NiftiCommands.writeVoxels(img, output, spec.commandLine().getErr())
                    : NiftiCommands.writeParcels(img, atlas, output);
        }
    }

    ConvertCommand(Function<Path, Recording> opener) {
        this.files = new RecordingArgs(opener);
    }

    @Override
    public Integer call() {
        // Checked before the input is opened: a typo in OUT should not cost a slow open.
        Path output = files.output;
        OutputFormat format = OutputFormat.forPath(output).orElseThrow(() -> new ParameterException(
                spec.commandLine(), "cannot tell the output format of '" + output + "': OUT must end in "
                        + OutputFormat.extensions()));
        files.requireOutputFile(spec);
        if (ppf != null && !beerLambert) {
            throw new ParameterException(spec.commandLine(), "--ppf only applies with --beer-lambert");
        }
        PrintWriter out = spec.commandLine().getOut();
        if (NiftiReader.recognizes(files.input)) {
            out.println(convertNifti(output));
            out.flush();
            return 0;
        }
        if (atlas != null) {
            throw new ParameterException(spec.commandLine(), "--atlas applies to NIfTI images; " + files.input
                    + " is not one");
        }
        try (Recording opened = files.open()) {
            Recording r = beerLambert ? haemoglobin(opened) : opened;
            ChannelSelection selection;
            try {
                List<String> chosen = files.requestedChannels().isEmpty() ? format.defaultChannels(r)
                        : files.requestedChannels();
                selection = ChannelSelection.resolve(r, chosen, start, duration);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            format.write(r, selection, files.output, spec.commandLine().getErr());
            int rows = selection.indices().length;
            out.printf(Locale.ROOT, "wrote %s: %d channel%s × %d samples at %s Hz, %.3f to %.3f s%n", output, rows,
                    rows == 1 ? "" : "s", selection.sampleCount(), RecordingSummary.number(selection.samplingRate()),
                    selection.startSeconds(), selection.endSeconds());
        }
        out.flush();
        return 0;
    }
}
