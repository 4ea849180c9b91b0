package org.neurofusion.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.PairedWindows;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.store.WindowStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion windows DIR --spec SPEC.json --out STORE}: pairs every run of a BIDS dataset, cuts it into
 * windows by the spec and writes them once to a window store, keyed by the checksums of the input files and
 * the spec, so a second run with the same inputs reuses the store.
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
        String key = key(ds, ws);
        AtomicInteger runs = new AtomicInteger();
        List<String> dropped = new ArrayList<>();
        long t0 = System.nanoTime();
        boolean[] built = {false};
        WindowStore store = WindowStore.openOrBuild(out, key, () -> {
            built[0] = true;
            return windows(ds, ws, runs, dropped);
        });
        try (store) {
            double s = (System.nanoTime() - t0) / 1e9;
            var o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%s %s: %d windows, %d modalities %s, %.1f MB of samples, in %.1f s%n",
                    built[0] ? "built" : "reused", out, store.size(), store.modalities().size(), store.modalities(),
                    store.dataBytes() / 1e6, s);
            if (built[0]) {
                o.printf(Locale.ROOT, "from %d runs; %d trials dropped%n", runs.get(), dropped.size());
                dropped.stream().limit(5).forEach(d -> o.println("  dropped: " + d));
            }
            o.println("key " + key);
        }
        return 0;
    }

    /** Windows of every paired run, streamed: one run is open at a time. */
    private static Iterator<PairedWindow> windows(BidsDataset ds, WindowingSpec ws, AtomicInteger runs,
            List<String> dropped) {
        Iterator<PairedRecording> pairs = ds.pairs().iterator();
        return new Iterator<>() {
            private Iterator<PairedWindow> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && pairs.hasNext()) {
                    try (PairedRecording pr = pairs.next()) {
                        PairedWindows.Result r = PairedWindows.cut(pr, ws);
                        runs.incrementAndGet();
                        dropped.addAll(r.dropped());
                        current = r.windows().iterator();
                    }
                }
                return current.hasNext();
            }

            @Override
            public PairedWindow next() {
                if (!hasNext()) {
                    throw new java.util.NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    /** SHA-256 over the spec and every data file's relative path and content. */
    static String key(BidsDataset ds, WindowingSpec ws) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        md.update(ws.toJson().getBytes(StandardCharsets.UTF_8));
        List<Path> files = new ArrayList<>();
        try (var s = Files.walk(ds.root())) {
            s.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
            throw new RecordingException(ds.root(), -1, "cannot list the dataset: " + e.getMessage(), e);
        }
        byte[] buf = new byte[1 << 16];
        for (Path f : files) {
            md.update(ds.root().relativize(f).toString().getBytes(StandardCharsets.UTF_8));
            try (InputStream in = Files.newInputStream(f)) {
                for (int n; (n = in.read(buf)) > 0;) {
                    md.update(buf, 0, n);
                }
            } catch (IOException e) {
                throw new RecordingException(f, -1, "cannot read: " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

}
