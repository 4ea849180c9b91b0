package org.neurofusion.alignment.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.modalities.fnirs.BeerLambert;
import org.neurofusion.modalities.fnirs.OpticalDensity;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * What {@code pretrain --data} accepts: a window store, or a BIDS dataset (such as {@code neurofusion simulate}
 * writes) that is cut once into a store with {@link #defaultSpec}, and where the simulator's ground truth lies.
 */
public final class PretrainData {
    /** The windows to train on, and the BIDS root whose simulator truth gives the oracle, if any. */
    public record Resolved(WindowStore store, Optional<Path> truth, boolean reused) {
    }

    private PretrainData() {
    }

    /**
     * Opens {@code data}: a BIDS dataset (it has {@code dataset_description.json}) is cut into a store under
     * {@code storeDir} (reused when the inputs and spec are unchanged); anything else is opened as a store.
     *
     * @param listener told about each run cut (done, total, run)
     */
    public static Resolved open(Path data, Path storeDir, BidsWindowStore.RunListener listener) {
        return open(data, storeDir, PretrainData::defaultSpec, listener);
    }

    /**
     * As {@link #open(Path, Path, BidsWindowStore.RunListener)}, a BIDS dataset cut with the spec {@code spec}
     * gives for the tasks it holds.
     */
    public static Resolved open(Path data, Path storeDir, java.util.function.Function<Set<String>, WindowingSpec> spec,
            BidsWindowStore.RunListener listener) {
        if (Files.isRegularFile(data.resolve("dataset_description.json"))) {
            BidsDataset ds = BidsDataset.open(data);
            Set<String> tasks = new TreeSet<>();
            ds.runs().forEach(k -> tasks.add(k.task()));
            BidsWindowStore.Built b = BidsWindowStore.openOrBuild(ds, spec.apply(tasks), storeDir, listener);
            Optional<Path> truth = Files.isDirectory(CohortWriter.truthFolder(data)) ? Optional.of(data)
                    : Optional.empty();
            return new Resolved(b.store(), truth, b.reused());
        }
        return new Resolved(WindowStore.open(data), Optional.empty(), true);
    }

    /**
     * The default pre-training windows: EEG 4 s at 100 Hz band-passed 1–40 Hz; fNIRS (HbO and HbR, ppf 6) 10 s
     * starting 2 s after the EEG window, for the haemodynamic lag. Labelled trials of the motor-imagery
     * ({@code left_hand} 0, {@code right_hand} 1) and mental-arithmetic runs ({@code mental_arithmetic} 2,
     * {@code rest} 3), and unlabelled windows every 2 s over resting runs ({@code task-rest}), for the tasks present.
     */
    public static WindowingSpec defaultSpec(Set<String> tasks) {
        return spec(tasks, new Pipeline(List.of(new Filter(1, 40, "fir"))), 100);
    }

    /**
     * The default windows with the EEG band-passed 8–30 Hz (the mu and beta rhythms whose power motor imagery
     * lowers) by a causal 4th-order Butterworth and decimated by {@code decimation} instead of resampled: a pipeline
     * a live stream computes (docs/inference.md), so a model trained on it deploys on a stream. The EEG's native
     * rate divided by {@code decimation} is the windows' rate (the simulator's 200 Hz / 2 = 100 Hz).
     */
    public static WindowingSpec muBetaStreamableSpec(Set<String> tasks, int decimation) {
        return spec(tasks, new Pipeline(List.of(new org.neurofusion.modalities.signal.CausalFilter(8, 30, 4),
                new org.neurofusion.modalities.signal.Decimate(decimation))), Double.NaN);
    }

    private static WindowingSpec spec(Set<String> tasks, Pipeline eeg, double eegRate) {
        Map<String, Integer> mi = new LinkedHashMap<>();
        mi.put("left_hand", 0);
        mi.put("right_hand", 1);
        Map<String, Integer> ma = new LinkedHashMap<>();
        ma.put("mental_arithmetic", 2);
        ma.put("rest", 3);
        List<WindowingSpec.Part> parts = new ArrayList<>();
        if (tasks.contains("mi")) {
            parts.add(WindowingSpec.Part.events(mi).withTasks("mi"));
        }
        if (tasks.contains("ma")) {
            parts.add(WindowingSpec.Part.events(ma).withTasks("ma"));
        }
        if (tasks.contains("rest")) {
            parts.add(WindowingSpec.Part.sliding(2).withTasks("rest"));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("the dataset has tasks " + tasks + "; the default pre-training windows"
                    + " need mi, ma or rest runs (or build a store with neurofusion windows and pass it)");
        }
        return WindowingSpec.builder().setEvents(mi)
                .addModality(Modality.EEG, 4, 0, eegRate, eeg)
                .addModality(Modality.FNIRS, 10, 2, Double.NaN,
                        new Pipeline(List.of(new OpticalDensity(), BeerLambert.withDefaults())))
                .build().withParts(parts);
    }
}
