package org.neurofusion.datasets.bids;

import java.util.ArrayList;
import java.util.List;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.datasets.RecordingKey;

/**
 * What {@link BidsDataset#check()} does: opens every data file with its metadata (header only) and pairs
 * every run, turning each exception into a {@link BidsProblem} instead of stopping at the first.
 */
final class BidsCheck {
    private final BidsDataset dataset;

    BidsCheck(BidsDataset dataset) {
        this.dataset = dataset;
    }

    List<BidsProblem> run(List<BidsProblem> structural) {
        List<BidsProblem> out = new ArrayList<>(structural);
        List<RecordingKey> broken = new ArrayList<>();
        for (BidsFile f : dataset.files()) {
            try (BidsRecording r = dataset.recording(f)) {
                // BIDS has no _channels.tsv for BOLD runs: their channels are the atlas's parcels
                if (r.channelTable().isEmpty() && f.modality().orElse(null) != org.neurofusion.core.Modality.FMRI) {
                    out.add(BidsProblem.warning(f.path(), "no _channels.tsv applies; channel types are guessed"));
                }
            } catch (UnsupportedFormatException e) {
                out.add(BidsProblem.warning(f.path(), "listed but not read: no reader for " + f.suffix() + " data"));
            } catch (RecordingException e) {
                out.add(BidsProblem.of(f.path(), e));
                broken.add(f.key());
            }
        }
        for (RecordingKey k : dataset.runs()) {
            if (broken.contains(k) || dataset.files(k).size() < 2) {
                continue;
            }
            try (BidsPairing.Result r = dataset.pairRun(k)) {
                for (String w : r.warnings()) {
                    if (!w.contains("has no reader for them")) {
                        out.add(new BidsProblem(BidsProblem.Severity.WARNING, dataset.root(), w,
                                java.util.Optional.empty()));
                    }
                }
            } catch (RecordingException e) {
                out.add(BidsProblem.of(dataset.root(), e));
            }
        }
        return out;
    }
}
