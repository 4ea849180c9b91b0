package org.neurofusion.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.neurofusion.core.Recording;

/**
 * A kind of file {@code convert} can write, chosen by the output's extension. A new output format is one
 * more implementation listed in {@link #ALL}; it receives the open recording and the resolved selection, so
 * it can write metadata (channel names, annotations) as well as samples.
 */
interface OutputFormat {
    /** The formats convert writes, in the order they are listed in messages. */
    List<OutputFormat> ALL = List.of(new NpyOutput(), new SnirfOutput(), new FifOutput());

    /** The channels written when the user names none; empty means every channel. */
    default List<String> defaultChannels(Recording r) {
        return List.of();
    }

    /** The extension this format claims, lower case with its dot, e.g. {@code .npy}. */
    String extension();

    /**
     * Writes the selection to {@code out}; nothing appears at {@code out} unless the write completes.
     *
     * @param progress told how many values (samples × channels) have been written so far
     */
    void write(Recording recording, ChannelSelection selection, Path out, Progress progress);

    /** Writes the selection to {@code out} with a progress bar on {@code err} when that is a terminal. */
    default void write(Recording recording, ChannelSelection selection, Path out, PrintWriter err) {
        long values = Math.multiplyExact(selection.indices().length, selection.sampleCount());
        Progress progress = Progress.onTerminal(err, "writing " + out, values);
        try {
            write(recording, selection, out, progress);
        } finally {
            progress.finish();
        }
    }

    /** The format whose extension {@code out} ends with (ignoring case). */
    static Optional<OutputFormat> forPath(Path out) {
        Path name = out.getFileName();
        String n = name == null ? "" : name.toString().toLowerCase(Locale.ROOT);
        return ALL.stream().filter(f -> n.endsWith(f.extension()) && n.length() > f.extension().length())
                .findFirst();
    }

    /** The extensions known, for messages: ".npy" or ".npy, .edf". */
    static String extensions() {
        return String.join(", ", ALL.stream().map(OutputFormat::extension).toList());
    }
}
