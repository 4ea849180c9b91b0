package org.neurofusion.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import org.neurofusion.core.Recording;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/**
 * The arguments of the commands that read a recording and write some of its channels to a file
 * ({@code convert}, {@code preprocess}), as a picocli mixin: FILE, OUT and {@code --channels}, with the
 * opener that turns FILE into a recording (tests pass one that serves in-memory recordings).
 */
final class RecordingArgs {
    private final Function<Path, Recording> opener;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording to read.")
    Path input;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write; its extension picks the format.")
    Path output;

    @Option(names = "--channels", split = ",", paramLabel = "NAME",
            description = "Channels to write, in this order (default: all).")
    List<String> channels;

    RecordingArgs(Function<Path, Recording> opener) {
        this.opener = Objects.requireNonNull(opener);
    }

    /** Opens FILE; the caller closes it. */
    Recording open() {
        return opener.apply(input);
    }

    /** OUT's extension, lower case with its dot ({@code .npy}), or "" when it has none. */
    String extension() {
        Path name = output.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        return dot <= 0 ? "" : n.substring(dot);
    }

    /** Refuses an OUT that names a folder, before anything is read. */
    void requireOutputFile(CommandSpec spec) {
        if (Files.isDirectory(output)) {
            throw new ParameterException(spec.commandLine(), "OUT '" + output + "' is a folder; name the file to write");
        }
    }

    /** The channel names asked for, or an empty list for all. */
    List<String> requestedChannels() {
        return channels == null ? List.of() : channels;
    }
}
