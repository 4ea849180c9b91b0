package org.neurofusion.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.neurofusion.core.Recording;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion info FILE [--json]}: what a recording holds, read from its header only. The text form
 * is for people (channels grouped by type and rate); the JSON form ({@link RecordingJson}) for programs.
 */
@Command(name = "info",
        description = "Shows a recording's format, start, duration, channels (grouped by type and rate), "
                + "annotations and header fields. Reads the header only.")
final class InfoCommand implements Callable<Integer> {
    private final Function<Path, Recording> opener;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording (EDF, BDF, ...).")
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
