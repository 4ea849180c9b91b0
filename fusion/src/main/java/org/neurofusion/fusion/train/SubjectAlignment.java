package org.neurofusion.fusion.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.store.WindowInfo;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.modalities.signal.EuclideanAlignment;

/**
 * Euclidean alignment of one modality's windows per subject ({@link EuclideanAlignment}): each subject's windows are
 * multiplied by {@code s · R^(-1/2)}, where {@code R} is that subject's mean spatial covariance over its reference
 * windows, so that every subject's aligned reference windows have the same mean covariance, {@code s²·I}. Differences between
 * heads, caps and amplifier gains that make one subject's band power look like another's class then largely cancel,
 * and a decoder trained on some subjects reads a new one without a label from it. The matrix is symmetric, so an
 * aligned channel stays mostly the channel it was, and the encoder's sensor positions keep their meaning.
 *
 * <p>Reference windows ({@link #REFERENCES}): {@code rest}, the subject's windows of resting-state recordings (task
 * {@code rest}), which a deployment records before a session; or {@code all}, every window of the subject in the
 * store (task and rest, labels never read: transductive, as in the original method). No label is read either way.
 *
 * <p>The scale {@code s} ({@link #RMS}) is a fixed typical amplitude in the modality's unit (10 µV for EEG), so
 * aligned windows stay in the range the encoder's fixed per-type unit expects. A deployed model records the same
 * alignment in its input contract and fits the new subject's matrix from a calibration recording.
 */
public final class SubjectAlignment {
    /** The reference choices. */
    public static final Set<String> REFERENCES = Set.copyOf(
            org.neurofusion.inference.InputContract.Alignment.REFERENCES);
    /** Shrinkage of the reference covariance towards its mean eigenvalue times the identity. */
    public static final double SHRINKAGE = EuclideanAlignment.SHRINKAGE;
    /** Root mean square per channel of the aligned EEG reference windows, in volts. */
    public static final double RMS = 1e-5;
    /**
     * Root mean square per channel of aligned fNIRS reference windows, in mol/L (0.2 µM: between the simulator's
     * task responses and its physiology, a fifth of the encoder's haemoglobin unit, as {@link #RMS} is of EEG's).
     */
    public static final double RMS_FNIRS = 2e-7;

    /**
     * The aligned reference windows' RMS per channel for {@code modality}.
     *
     * @throws FusionSetupException for a modality with no typical amplitude here
     */
    public static double rms(Modality modality) {
        return switch (modality) {
            case EEG -> RMS;
            case FNIRS -> RMS_FNIRS;
            default -> throw new FusionSetupException("per-subject alignment of " + name(modality)
                    + " is not supported (EEG and fNIRS are)");
        };
    }

    private final Modality modality;
    private final String reference;
    /** Key: subject and channel names; value: C × C row-major. */
    private final Map<String, float[]> matrices;
    private final Map<String, Integer> referenceWindows;

    private SubjectAlignment(Modality modality, String reference, Map<String, float[]> matrices,
            Map<String, Integer> referenceWindows) {
        this.modality = modality;
        this.reference = reference;
        this.matrices = matrices;
        this.referenceWindows = referenceWindows;
    }

    /**
     * Fits the alignment of {@code modality} for every subject in {@code subjects} from its reference windows in
     * {@code store}.
     *
     * @throws IllegalArgumentException for an unknown reference, a store without the modality, or a subject with
     *     no reference window of some channel set its windows use
     */
    public static SubjectAlignment fit(WindowStore store, Modality modality, String reference,
            List<String> subjects) {
        if (!REFERENCES.contains(reference)) {
            throw new FusionSetupException("alignment reference '" + reference + "' is not one of "
                    + new java.util.TreeSet<>(REFERENCES));
        }
        rms(modality); // refuses a modality without a typical amplitude before any window is read
        if (!store.modalities().contains(modality)) {
            throw new FusionSetupException("the window store " + store.directory() + " has no "
                    + name(modality) + " windows to align; it has " + store.modalities());
        }
        Set<String> wanted = Set.copyOf(subjects);
        Map<String, EuclideanAlignment.Reference> sums = new TreeMap<>();
        Set<String> used = new java.util.TreeSet<>();
        for (int i = 0; i < store.size(); i++) {
            if (!store.has(i, modality)) {
                continue;
            }
            WindowInfo w = store.info(i);
            String subject = w.key().subject();
            if (!wanted.contains(subject)) {
                continue;
            }
            // the channel names from the store's metadata: only a reference window's samples are read
            List<String> names = store.channels(i, modality).stream().map(org.neurofusion.core.Channel::name)
                    .toList();
            String key = key(subject, names);
            used.add(key);
            if (reference.equals("rest") && !w.key().task().equals("rest")) {
                continue;
            }
            int c = names.size();
            sums.computeIfAbsent(key, k -> new EuclideanAlignment.Reference(c)).add(store.block(i, modality));
        }
        Map<String, float[]> matrices = new HashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (String key : used) {
            EuclideanAlignment.Reference ref = sums.get(key);
            if (ref == null) {
                throw new FusionSetupException("cannot align " + name(modality) + " of subject '"
                        + key.substring(0, key.indexOf('\n')) + "': it has no " + describe(reference)
                        + "window with its channels in " + store.directory()
                        + (reference.equals("rest") ? "; record a resting-state run, or align on all windows"
                                : ""));
            }
            try {
                matrices.put(key, ref.matrix(rms(modality), SHRINKAGE));
            } catch (IllegalArgumentException e) {
                throw new FusionSetupException("cannot align " + name(modality) + " of subject '"
                        + key.substring(0, key.indexOf('\n')) + "': " + e.getMessage());
            }
            counts.put(key, ref.windows());
        }
        for (String s : subjects) {
            boolean any = used.stream().anyMatch(k -> k.startsWith(s + "\n"));
            if (!any) {
                throw new FusionSetupException("cannot align " + name(modality) + " of subject '" + s
                        + "': the window store " + store.directory() + " has no window of it");
            }
        }
        return new SubjectAlignment(modality, reference, Map.copyOf(matrices), Map.copyOf(counts));
    }

    /** The modality aligned. */
    public Modality modality() {
        return modality;
    }

    /** The reference windows' kind, {@code rest} or {@code all}. */
    public String reference() {
        return reference;
    }

    /** Reference windows per subject (summed over its channel sets), for the run's log. */
    public Map<String, Integer> referenceWindowsBySubject() {
        Map<String, Integer> out = new TreeMap<>();
        referenceWindows.forEach((k, n) -> out.merge(k.substring(0, k.indexOf('\n')), n, Integer::sum));
        return out;
    }

    /** The aligning matrix of {@code subject} with {@code channels}, C × C row-major (a copy). */
    public float[] matrix(String subject, List<String> channels) {
        return lookup(subject, channels).clone();
    }

    /** As {@link #matrix}, not copied: for callers that cache it per window and never write to it. */
    float[] shared(String subject, List<String> channels) {
        return lookup(subject, channels);
    }

    /**
     * {@code data} (channels × samples, row-major, channels as named) of {@code subject}, aligned.
     *
     * @throws IllegalArgumentException when the subject or its channel set was not fitted
     */
    public float[] apply(String subject, List<String> channels, float[] data) {
        return EuclideanAlignment.apply(lookup(subject, channels), channels.size(), data);
    }

    private float[] lookup(String subject, List<String> channels) {
        float[] m = matrices.get(key(subject, channels));
        if (m == null) {
            throw new FusionSetupException("no " + name(modality) + " alignment was fitted for subject '"
                    + subject + "' with channels " + channels + "; fitted: " + fitted());
        }
        return m;
    }

    private List<String> fitted() {
        List<String> out = new ArrayList<>();
        for (String k : new TreeMap<>(matrices).keySet()) {
            int cut = k.indexOf('\n');
            out.add(k.substring(0, cut) + " (" + k.substring(cut + 1).split("\n").length + " channels)");
        }
        return out;
    }

    private static String key(String subject, List<String> channels) {
        return subject + "\n" + String.join("\n", channels);
    }

    private static String name(Modality m) {
        return m.name().toLowerCase(Locale.ROOT);
    }

    private static String describe(String reference) {
        return reference.equals("rest") ? "resting-state (task 'rest') " : "";
    }
}
