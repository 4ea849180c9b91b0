package org.neurofusion.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.fmri.NiftiImage;
import org.neurofusion.modalities.fmri.NiftiReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion info FILE [--json]}: what a recording holds, read from its header only. The text form
 * is for people (channels grouped by type and rate); the JSON form ({@link RecordingJson}) for programs. A NIfTI
 * image (recognised by its signature) is described by its header instead: shape, zooms, datatype, affine.
 */
@Command(name = "info",
        description = "Shows a recording's format, start, duration, channels (grouped by type and rate), "
                + "annotations and header fields; for a NIfTI image its shape, zooms, datatype, affine, units and "
                + "scaling. Reads the header only.")
final class InfoCommand implements Callable<Integer> {
    private final Function<Path, Recording> opener;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording (EDF, BDF, ...) or NIfTI image.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object instead of the text summary.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    @Spec
    CommandSpec spec;

    InfoCommand(Function<Path, Recording> opener) {
        this.opener = Objects.requireNonNull(opener);
    }

    @Override
    public Integer call() throws JsonProcessingException {
        PrintWriter out = spec.commandLine().getOut();
        // A NIfTI image is a voxel grid, not a recording of channels: it has its own description.
        if (NiftiReader.recognizes(file)) {
            try (NiftiImage img = NiftiReader.open(file)) {
                if (json) {
                    ObjectMapper mapper = new ObjectMapper();
                    out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(
                            NiftiCommands.describe(img, mapper)));
                } else {
                    NiftiCommands.print(img, out);
                }
            }
            out.flush();
            return 0;
        }
        try (Recording r = opener.apply(file)) {
            if (json) {
                ObjectMapper mapper = new ObjectMapper();
                out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(RecordingJson.describe(r, mapper)));
            } else {
                RecordingSummary.print(r, file, out);
            }
        }
        out.flush();
        return 0;
    }
}
