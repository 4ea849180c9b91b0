package org.neurofusion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.neurofusion.datasets.PairedWindows;
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
 * {@code neurofusion windows DIR --spec SPEC.json [--part MODE:KEY=VALUE,...]... --out STORE}: every run of a
 * BIDS dataset that a part of the spec applies to, paired, cut and written once to a window store
 * ({@link BidsWindowStore}), keyed by the checksums of the input files and the spec, so that a second run with the
 * same inputs reuses the store. {@code --part} options replace the spec file's parts (the file still gives the
 * modality windows); the command only parses them into {@link WindowingSpec.Part}s.
 */
@Command(name = "windows", mixinStandardHelpOptions = true,
        description = {"Builds (or reuses) a window store from a BIDS dataset and a windowing spec, and prints its"
            + " size."})
final class WindowsCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR", description = "The BIDS dataset (not with"
            + " --merge).")
    Path dataset;

    @Option(names = "--spec", paramLabel = "SPEC.json", description = "The windowing spec (required with DIR).")
    Path specFile;

    @Option(names = "--merge", paramLabel = "STORE", description = {"Instead of DIR: a store whose windows join the"
        + " new one (repeatable, at least two; e.g. real EEG and a simulated cohort cut alike, to pre-train on"
        + " together). Modalities the stores share must be cut alike, and no recording may be in two of them."})
    List<Path> merge = new ArrayList<>();

    @Option(names = "--part", paramLabel = "MODE[:KEY=VALUE,...]", description = {"A part of the store (repeatable;"
        + " replaces the spec file's parts): events or sliding, then task=T (runs of task T; several as T1+T2), run=R"
        + " (run entities, R1+R2), stride=S (sliding: seconds between windows), labels=NAME:INT+NAME:INT (events;"
        + " default: the spec file's labels), withhold (events: store the windows unlabelled).",
        "E.g. --part events:task=mi --part sliding:task=rest,stride=2"})
    List<String> parts = new ArrayList<>();

    @Option(names = "--out", required = true, paramLabel = "STORE", description = "The store folder.")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        if (!merge.isEmpty()) {
            return merge();
        }
        if (dataset == null || specFile == null) {
            throw new ParameterException(spec.commandLine(), "give a BIDS dataset DIR and --spec SPEC.json, or two"
                    + " or more --merge STORE");
        }
        WindowingSpec ws;
        try {
            ws = WindowingSpec.fromJson(Files.readString(specFile));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no spec file " + specFile);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), specFile + ": " + e.getMessage(), e);
        }
        if (!parts.isEmpty()) {
            List<WindowingSpec.Part> ps = new ArrayList<>();
            try {
                for (String p : parts) {
                    ps.add(parsePart(p, ws.labels()));
                }
                ws = ws.withParts(ps);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--part: " + e.getMessage(), e);
            }
        }
        BidsDataset ds = BidsDataset.open(dataset);
        long t0 = System.nanoTime();
        var err = spec.commandLine().getErr();
        int runs;
        try {
            runs = BidsWindowStore.runs(ds, ws, null).size();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Progress bar = Progress.onTerminal(err, "cutting runs", runs);
        BidsWindowStore.Built built = BidsWindowStore.openOrBuild(ds, ws, out, (done, total, run) ->
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
                for (int i = 0; i < ws.parts().size(); i++) {
                    PairedWindows.PartCount c = built.parts().get(i);
                    o.printf(Locale.ROOT, "part %d (%s): %d labelled, %d unlabelled, %d dropped%n", i + 1,
                            ws.parts().get(i).describe(), c.labelled(), c.unlabelled(), c.dropped());
                }
            }
            // Per task from the store itself, so a reused store reports its contents too.
            Map<String, int[]> byTask = new TreeMap<>();
            for (int i = 0; i < store.size(); i++) {
                var info = store.info(i);
                byTask.computeIfAbsent(info.key().task(), t -> new int[2])[info.label().isPresent() ? 0 : 1]++;
            }
            byTask.forEach((t, c) -> o.printf(Locale.ROOT, "task %s: %d labelled, %d unlabelled%n",
                    t.isEmpty() ? "(none)" : t, c[0], c[1]));
            o.println("key " + store.provenance().key());
        }
        return 0;
    }

    private Integer merge() {
        var cl = spec.commandLine();
        if (dataset != null || specFile != null || !parts.isEmpty()) {
            throw new ParameterException(cl, "--merge takes stores only: no DIR, --spec or --part");
        }
        if (merge.size() < 2) {
            throw new ParameterException(cl, "--merge needs at least two stores, got " + merge.size());
        }
        List<WindowStore> stores = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            for (Path p : merge) {
                stores.add(WindowStore.open(p));
            }
            try (WindowStore merged = org.neurofusion.datasets.store.StoreMerge.merge(out, stores)) {
                var o = cl.getOut();
                o.printf(Locale.ROOT, "%s: %d windows from %d stores, %d modalities %s, %.1f MB of samples, in"
                        + " %.1f s%n", out, merged.size(), stores.size(), merged.modalities().size(),
                        merged.modalities(), merged.dataBytes() / 1e6, (System.nanoTime() - t0) / 1e9);
                o.println("key " + merged.provenance().key());
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, e.getMessage(), e);
        } finally {
            stores.forEach(WindowStore::close);
        }
        return 0;
    }

    /**
     * One {@code --part}: {@code MODE[:KEY=VALUE,...]}; an events part without {@code labels=} takes
     * {@code defaultLabels}.
     *
     * @throws IllegalArgumentException naming the option value and what is wrong with it
     */
    static WindowingSpec.Part parsePart(String text, Map<String, Integer> defaultLabels) {
        int colon = text.indexOf(':');
        WindowingSpec.Mode mode = WindowingSpec.Mode.parse(colon < 0 ? text : text.substring(0, colon), "'" + text
                + "'");
        Map<String, Integer> labels = new LinkedHashMap<>();
        Set<String> tasks = new TreeSet<>();
        Set<String> runs = new TreeSet<>();
        double stride = 0;
        boolean withhold = false;
        if (colon >= 0) {
            for (String kv : text.substring(colon + 1).split(",")) {
                int eq = kv.indexOf('=');
                String key = eq < 0 ? kv : kv.substring(0, eq);
                String value = eq < 0 ? "" : kv.substring(eq + 1);
                if (eq < 0 && !key.equals("withhold") || eq >= 0 && value.isEmpty()) {
                    throw new IllegalArgumentException("'" + text + "': '" + kv + "' is not KEY=VALUE");
                }
                switch (key) {
                    case "task" -> tasks.addAll(List.of(value.split("\\+")));
                    case "run" -> runs.addAll(List.of(value.split("\\+")));
                    case "stride" -> stride = number(text, value);
                    case "withhold" -> {
                        if (eq >= 0 && !value.equals("true") && !value.equals("false")) {
                            throw new IllegalArgumentException("'withhold=" + value + "' is not true or false");
                        }
                        withhold = eq < 0 || value.equals("true");
                    }
                    case "labels" -> {
                        for (String nl : value.split("\\+")) {
                            int c = nl.lastIndexOf(':');
                            if (c <= 0) {
                                throw new IllegalArgumentException("'" + text + "': label '" + nl
                                        + "' is not NAME:INT");
                            }
                            try {
                                labels.put(nl.substring(0, c), Integer.parseInt(nl.substring(c + 1)));
                            } catch (NumberFormatException e) {
                                throw new IllegalArgumentException("'" + text + "': label of '" + nl.substring(0, c)
                                        + "' is not an integer", e);
                            }
                        }
                    }
                    default -> throw new IllegalArgumentException("'" + text + "': unknown key '" + key
                            + "' (task, run, stride, labels, withhold)");
                }
            }
        }
        if (mode == WindowingSpec.Mode.EVENTS && labels.isEmpty()) {
            if (defaultLabels.isEmpty()) {
                throw new IllegalArgumentException("'" + text + "': an events part needs labels=NAME:INT+..., and the"
                        + " spec file has none");
            }
            labels.putAll(defaultLabels);
        }
        try {
            return new WindowingSpec.Part(mode, labels, stride, tasks, runs, withhold);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    private static double number(String text, String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "': '" + value + "' is not a number", e);
        }
    }
}
