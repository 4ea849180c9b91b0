package org.neurofusion.datasets.bids;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import org.neurofusion.core.Provenance;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.PairedWindows;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.store.WindowStore;

/**
 * The windows of a BIDS dataset in a window store: every run that a part of the {@link WindowingSpec} applies to
 * (optionally only runs of one task) paired, cut and written once, one run open at a time. A spec with several
 * parts (say event windows of the {@code mi} runs and sliding windows of the {@code rest} runs) puts the runs of
 * several tasks in one store. The store's provenance holds the SHA-256 of
 * every file of the dataset, the spec and the task, so a second call with the same inputs reuses the store and
 * any change rebuilds it.
 */
public final class BidsWindowStore {
    /**
     * What {@link #openOrBuild} gave.
     *
     * @param store   the open store (the caller closes it)
     * @param reused  true when a matching store was found and nothing was cut
     * @param runs    runs paired and cut (0 when reused)
     * @param dropped trials that could not be cut, with the reason (empty when reused)
     * @param parts   per part of the spec, the windows cut over every run (empty when reused)
     */
    public record Built(WindowStore store, boolean reused, int runs, List<String> dropped,
            List<PairedWindows.PartCount> parts) {
        public Built {
            Objects.requireNonNull(store, "store");
            dropped = List.copyOf(dropped);
            parts = List.copyOf(parts);
        }
    }

    /** Told after each run is cut. */
    @FunctionalInterface
    public interface RunListener {
        void cut(int done, int total, RecordingKey run);
    }

    private BidsWindowStore() {
    }

    /**
     * The provenance a store of these windows carries: the checksum of every file outside {@code derivatives/},
     * the spec and the task.
     *
     * @param task the task whose runs are cut, or null for every run
     */
    public static Provenance provenance(BidsDataset ds, WindowingSpec spec, String task) {
        // derivatives/ holds outputs (this store among them, by default in pretrain): they must not key the store
        return Provenance.builder().addInputTree(ds.root(), java.util.Set.of("derivatives"))
                .addConfiguration("windowing_spec", spec.toJson())
                .addConfiguration("task", task == null ? "(all)" : task).build();
    }

    /** {@link #openOrBuild(BidsDataset, WindowingSpec, String, Path, RunListener)} with the parts choosing the runs. */
    public static Built openOrBuild(BidsDataset ds, WindowingSpec spec, Path dir, RunListener listener) {
        return openOrBuild(ds, spec, null, dir, listener);
    }

    /**
     * Opens the store in {@code dir} when it holds these windows; builds it otherwise. The runs cut are those
     * some part of {@code spec} applies to (by its task and run filters), of {@code task} when it is given.
     *
     * @param task the task whose runs are cut, or null for every run the spec's parts apply to
     * @throws IllegalArgumentException when no run of the dataset is cut, naming the tasks it has
     */
    public static Built openOrBuild(BidsDataset ds, WindowingSpec spec, String task, Path dir, RunListener listener) {
        List<RecordingKey> runs = runs(ds, spec, task);
        List<String> dropped = new ArrayList<>();
        List<PairedWindows.PartCount> parts = new ArrayList<>(
                Collections.nCopies(spec.parts().size(), PairedWindows.PartCount.NONE));
        int[] cut = {0};
        boolean[] built = {false};
        WindowStore store = WindowStore.openOrBuild(dir, provenance(ds, spec, task), () -> {
            built[0] = true;
            return windows(ds, runs, spec, dropped, parts, cut, listener);
        });
        return new Built(store, !built[0], cut[0], dropped, built[0] ? parts : List.of());
    }

    /**
     * The runs {@link #openOrBuild} cuts: of {@code task} (null: any) and applied to by some part of the spec.
     *
     * @throws IllegalArgumentException when there is none, naming the dataset's tasks
     */
    public static List<RecordingKey> runs(BidsDataset ds, WindowingSpec spec, String task) {
        List<RecordingKey> runs = ds.runs().stream().filter(k -> task == null || k.task().equals(task))
                .filter(spec::applies).toList();
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(ds.root() + " has no runs" + (task == null ? "" : " of task '" + task
                    + "'") + " that a part of the windowing spec applies to (parts: " + spec.parts().stream()
                    .map(WindowingSpec.Part::describe).toList() + "; tasks in the dataset: " + ds.runs().stream()
                    .map(RecordingKey::task).distinct().sorted().toList() + ")");
        }
        return runs;
    }

    /** Windows of every run, streamed: one run is open at a time. */
    private static Iterator<PairedWindow> windows(BidsDataset ds, List<RecordingKey> runs, WindowingSpec spec,
            List<String> dropped, List<PairedWindows.PartCount> parts, int[] cut, RunListener listener) {
        Iterator<RecordingKey> keys = runs.iterator();
        return new Iterator<>() {
            private Iterator<PairedWindow> current = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && keys.hasNext()) {
                    RecordingKey k = keys.next();
                    try (PairedRecording pr = ds.pair(k)) {
                        PairedWindows.Result r = PairedWindows.cut(pr, spec);
                        dropped.addAll(r.dropped());
                        for (int p = 0; p < parts.size(); p++) {
                            parts.set(p, parts.get(p).plus(r.parts().get(p)));
                        }
                        current = r.windows().iterator();
                    }
                    listener.cut(++cut[0], runs.size(), k);
                }
                return current.hasNext();
            }

            @Override
            public PairedWindow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }
}
