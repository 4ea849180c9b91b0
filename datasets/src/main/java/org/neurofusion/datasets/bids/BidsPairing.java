package org.neurofusion.datasets.bids;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.datasets.ClockMap;
import org.neurofusion.datasets.EventAlignment;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.RecordingKey;

/**
 * Pairs the modalities of one run of a {@link BidsDataset}: EEG, fNIRS, MEG (FIF) and fMRI (parcel means under the
 * dataset's atlas). The reference is EEG when the run has it (then fNIRS, MEG, fMRI); every other modality's clock
 * is fitted to the reference's with {@link EventAlignment#fit} on the events both carry (from {@code _events.tsv},
 * else from the data file: EDF/BrainVision/SNIRF annotations, FIF annotations; a NIfTI image has none, so a BOLD
 * run's events come from its {@code _events.tsv} only). The tolerance of a fit is one sample period of the slower
 * device (a repetition time for fMRI).
 *
 * <p>When the fit is impossible (fewer than {@link EventAlignment#MIN_MATCHES} shared events, or residuals
 * above the tolerance), the modality keeps the identity clock and the result carries a warning: BIDS says
 * nothing about how devices' clocks relate, and starting together is the usual assumption when nothing else
 * is known. A data file with no reader here is left out with a warning.
 */
public final class BidsPairing {
    private static final System.Logger LOG = System.getLogger(BidsPairing.class.getName());
    private static final List<Modality> REFERENCE_ORDER = List.of(Modality.EEG, Modality.FNIRS, Modality.MEG,
            Modality.FMRI);

    private final BidsDataset dataset;

    BidsPairing(BidsDataset dataset) {
        this.dataset = dataset;
    }

    /**
     * A paired run, the clock fits behind it, and what was assumed.
     *
     * @param fits the alignment of each modality that could be fitted to the reference
     * @param warnings what was left out or assumed, one line each, naming the file
     */
    public record Result(PairedRecording recording, Map<Modality, EventAlignment.Result> fits,
            List<String> warnings) implements AutoCloseable {
        public Result {
            fits = java.util.Collections.unmodifiableMap(new EnumMap<>(fits));
            warnings = List.copyOf(warnings);
        }

        @Override
        public void close() {
            recording.close();
        }
    }

    Result pair(RecordingKey key) {
        List<String> warnings = new ArrayList<>();
        Map<Modality, BidsRecording> recs = new EnumMap<>(Modality.class);
        try {
            for (BidsFile f : dataset.files(key)) {
                Modality m = f.modality().orElseThrow();
                if (recs.containsKey(m)) {
                    warnings.add(f.path() + ": a second " + m + " file of " + key + " is left out (acquisitions"
                            + " differ: pair them one at a time)");
                    continue;
                }
                try {
                    recs.put(m, dataset.recording(f));
                } catch (UnsupportedFormatException e) {
                    warnings.add(e.getMessage() + "; left out of the pair");
                }
            }
            if (recs.isEmpty()) {
                throw new UnsupportedFormatException(dataset.root(), -1, key + " has no data file this program can"
                        + " open" + (warnings.isEmpty() ? "" : ": " + String.join("; ", warnings)));
            }
            Modality ref = REFERENCE_ORDER.stream().filter(recs::containsKey).findFirst().orElseThrow();
            BidsRecording refRec = recs.get(ref);
            Map<Modality, ClockMap> clocks = new EnumMap<>(Modality.class);
            Map<Modality, EventAlignment.Result> fits = new EnumMap<>(Modality.class);
            clocks.put(ref, ClockMap.IDENTITY);
            for (Map.Entry<Modality, BidsRecording> e : recs.entrySet()) {
                if (e.getKey() == ref) {
                    continue;
                }
                // Events are stamped to a sample of the slower device at best.
                double tol = 1 / Math.min(minRate(refRec), minRate(e.getValue())) + 1e-3;
                try {
                    EventAlignment.Result fit = EventAlignment.fit(refRec.annotations(), e.getValue().annotations(),
                            tol);
                    fits.put(e.getKey(), fit);
                    clocks.put(e.getKey(), fit.clock());
                } catch (IllegalArgumentException ex) {
                    clocks.put(e.getKey(), ClockMap.IDENTITY);
                    warnings.add(e.getValue().bidsFile().path() + ": clock not aligned to " + ref + " ("
                            + ex.getMessage() + "); assuming both started together with no drift");
                }
            }
            warnings.forEach(w -> LOG.log(System.Logger.Level.WARNING, w));
            Map<Modality, Recording> asRecordings = new EnumMap<>(recs);
            PairedRecording pr = new PairedRecording(key, asRecordings, clocks, ref, refRec.annotations(),
                    dataset.participants().getOrDefault(key.subject(), Map.of()));
            return new Result(pr, fits, warnings);
        } catch (RuntimeException e) {
            recs.values().forEach(r -> {
                try {
                    r.close();
                } catch (RecordingException suppressed) {
                    e.addSuppressed(suppressed);
                }
            });
            throw e;
        }
    }

    private static double minRate(Recording r) {
        return r.channels().stream().mapToDouble(Channel::samplingRate).min().orElse(1);
    }
}
