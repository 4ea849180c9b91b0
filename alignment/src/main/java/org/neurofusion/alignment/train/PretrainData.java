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
import org.neurofusion.modalities.signal.PercentSignalChange;
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
     * {@code storeDir} (reused when the inputs and spec are unchanged) with {@link #defaultSpec(Set, Set)} for the
     * modalities it has data files of; anything else is opened as a store.
     *
     * @param listener told about each run cut (done, total, run)
     */
    public static Resolved open(Path data, Path storeDir, BidsWindowStore.RunListener listener) {
        if (Files.isRegularFile(data.resolve("dataset_description.json"))) {
            Set<Modality> present = java.util.EnumSet.noneOf(Modality.class);
            BidsDataset.open(data).files().forEach(f -> f.modality().ifPresent(present::add));
            return open(data, storeDir, tasks -> defaultSpec(tasks, present), listener);
        }
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
     * The default pre-training windows of EEG and fNIRS: EEG 4 s at 100 Hz band-passed 1–40 Hz; fNIRS (HbO and HbR,
     * ppf 6) 10 s starting 2 s after the EEG window, for the haemodynamic lag. Labelled trials of the motor-imagery
     * ({@code left_hand} 0, {@code right_hand} 1) and mental-arithmetic runs ({@code mental_arithmetic} 2,
     * {@code rest} 3), and unlabelled windows every 2 s over resting runs ({@code task-rest}), for the tasks present.
     */
    public static WindowingSpec defaultSpec(Set<String> tasks) {
        return defaultSpec(tasks, java.util.EnumSet.of(Modality.EEG, Modality.FNIRS));
    }

    /**
     * The default pre-training windows of the modalities {@code present} (those a dataset has), as
     * {@link #defaultSpec(Set)} for EEG and fNIRS, and:
     * <ul>
     * <li>MEG as EEG: 4 s from the event, band-passed 1–40 Hz and resampled to 100 Hz, values kept in tesla (T/m
     *     for gradiometers); the encoder divides each channel by its type's unit (1 pT, 100 pT/m), which brings
     *     them to order one as it brings EEG volts;</li>
     * <li>fMRI {@value #FMRI_LENGTH_S} s from {@value #FMRI_OFFSET_S} s after the event at the native rate 1/TR,
     *     as percent signal change of each parcel's run mean: the haemodynamic response rises from about 2 s, peaks
     *     at 5–6 s and returns by about 12–14 s, so the window holds its rise, peak and most of its fall, starting
     *     where fNIRS does; 12 s is a whole number of volumes at the usual TRs (0.5, 0.75, 1, 1.5, 2, 3 s), so no
     *     window is rounded. Percent signal change, not standardisation, because a parcel's variance differs with its
     *     size and noise while its percent change is comparable across parcels, runs and scanners.</li>
     * </ul>
     *
     * @throws IllegalArgumentException when no task gives windows, or no modality is present
     */
    public static WindowingSpec defaultSpec(Set<String> tasks, Set<Modality> present) {
        if (present.isEmpty()) {
            throw new IllegalArgumentException("the dataset has no EEG, fNIRS, MEG or fMRI data file to window");
        }
        WindowingSpec.Builder b = builder();
        if (present.contains(Modality.EEG)) {
            b.addModality(Modality.EEG, 4, 0, 100, new Pipeline(List.of(new Filter(1, 40, "fir"))));
        }
        if (present.contains(Modality.FNIRS)) {
            b.addModality(Modality.FNIRS, 10, 2, Double.NaN,
                    new Pipeline(List.of(new OpticalDensity(), BeerLambert.withDefaults())));
        }
        if (present.contains(Modality.MEG)) {
            b.addModality(Modality.MEG, 4, 0, 100, new Pipeline(List.of(new Filter(1, 40, "fir"))));
        }
        if (present.contains(Modality.FMRI)) {
            b.addModality(Modality.FMRI, FMRI_LENGTH_S, FMRI_OFFSET_S, Double.NaN,
                    new Pipeline(List.of(new PercentSignalChange())));
        }
        return b.build().withParts(parts(tasks));
    }

    /** Length of the default fMRI window, seconds. */
    public static final double FMRI_LENGTH_S = 12;
    /** Start of the default fMRI window after the event, seconds. */
    public static final double FMRI_OFFSET_S = 2;

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
        return builder().addModality(Modality.EEG, 4, 0, eegRate, eeg)
                .addModality(Modality.FNIRS, 10, 2, Double.NaN,
                        new Pipeline(List.of(new OpticalDensity(), BeerLambert.withDefaults())))
                .build().withParts(parts(tasks));
    }

    /** A builder with the events of the default windows (the parts are set after building). */
    private static WindowingSpec.Builder builder() {
        return WindowingSpec.builder().setEvents(MI);
    }

    private static final Map<String, Integer> MI = labels("left_hand", 0, "right_hand", 1);
    private static final Map<String, Integer> MA = labels("mental_arithmetic", 2, "rest", 3);

    private static Map<String, Integer> labels(String a, int la, String b, int lb) {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put(a, la);
        m.put(b, lb);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** The parts of the default windows for the tasks a dataset has. */
    private static List<WindowingSpec.Part> parts(Set<String> tasks) {
        List<WindowingSpec.Part> parts = new ArrayList<>();
        if (tasks.contains("mi")) {
            parts.add(WindowingSpec.Part.events(MI).withTasks("mi"));
        }
        if (tasks.contains("ma")) {
            parts.add(WindowingSpec.Part.events(MA).withTasks("ma"));
        }
        if (tasks.contains("rest")) {
            parts.add(WindowingSpec.Part.sliding(2).withTasks("rest"));
        }
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("the dataset has tasks " + tasks + "; the default pre-training windows"
                    + " need mi, ma or rest runs (or build a store with neurofusion windows and pass it)");
        }
        return parts;
    }
}
