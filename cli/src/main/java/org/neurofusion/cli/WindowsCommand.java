package org.neurofusion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.store.WindowStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion windows DIR --spec SPEC.json --out STORE}: every run of a BIDS dataset paired, cut by the
 * spec and written once to a window store ({@link BidsWindowStore}), keyed by the checksums of the input files
 * and the spec, so that a second run with the same inputs reuses the store.
 */
@Command(name = "windows", mixinStandardHelpOptions = true,
        description = {"Builds (or reuses) a window store from a BIDS dataset and a windowing spec, and prints its"
            + " size."})
final class WindowsCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "DIR", description = "The BIDS dataset.")
    Path dataset;

    @Option(names = "--spec", required = true, paramLabel = "SPEC.json", description = "The windowing spec.")
    Path specFile;

    @Option(names = "--out", required = true, paramLabel = "STORE", description = "The store folder.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        WindowingSpec ws;
        try {
            ws = WindowingSpec.fromJson(Files.readString(specFile));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no spec file " + specFile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), specFile + ": " + e.getMessage(), e);
        }
        BidsDataset ds = BidsDataset.open(dataset);
        long t0 = System.nanoTime();
        var err = spec.commandLine().getErr();
        Progress bar = Progress.onTerminal(err, "cutting runs", ds.runs().size());
        BidsWindowStore.Built built = BidsWindowStore.openOrBuild(ds, ws, null, out, (done, total, run) ->
                bar.advance(1));
        bar.finish();
        try (WindowStore store = built.store()) {
            var o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%s %s: %d windows, %d modalities %s, %.1f MB of samples, in %.1f s%n",
                    built.reused() ? "reused" : "built", out, store.size(), store.modalities().size(),
                    store.modalities(), store.dataBytes() / 1e6, (System.nanoTime() - t0) / 1e9);
            if (!built.reused()) {
                o.printf(Locale.ROOT, "from %d runs; %d trials dropped%n", built.runs(), built.dropped().size());
                built.dropped().stream().limit(5).forEach(d -> o.println("  dropped: " + d));
            }
            o.println("key " + store.provenance().key());
        }
        return 0;
    }
}
