package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.ModalityWindow;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.PairedWindows;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsFixture;
import org.neurofusion.datasets.bids.MegFmriFixture;
import org.neurofusion.datasets.store.WindowStore;

/** The default pre-training windows of MEG and fMRI, cut from a BIDS run that has them. */
class DefaultWindowsTest {
    private static final Set<Modality> FOUR = EnumSet.of(Modality.EEG, Modality.FNIRS, Modality.MEG, Modality.FMRI);

    @TempDir
    Path dir;

    @Test
    void eegAndFnirsDatasetsKeepTheirSpecAndOthersGetOnlyTheirModalities() {
        Set<String> tasks = Set.of("mi", "rest");
        WindowingSpec two = PretrainData.defaultSpec(tasks, EnumSet.of(Modality.EEG, Modality.FNIRS));
        // the same JSON as before: stores keyed by it are reused
        assertEquals(PretrainData.defaultSpec(tasks).toJson(), two.toJson());
        WindowingSpec four = PretrainData.defaultSpec(tasks, FOUR);
        assertEquals(FOUR, four.modalities().keySet());
        ModalityWindow meg = four.modalities().get(Modality.MEG);
        assertEquals(4, meg.length());
        assertEquals(0, meg.offset());
        assertEquals(100, meg.rate());
        ModalityWindow fmri = four.modalities().get(Modality.FMRI);
        assertEquals(12, fmri.length());
        assertEquals(2, fmri.offset());
        assertTrue(Double.isNaN(fmri.rate()), "fMRI stays at 1/TR");
        assertEquals(List.of("percent_signal_change"), fmri.pipeline().steps().stream().map(s -> s.name()).toList());
        assertEquals(Set.of(Modality.MEG, Modality.FMRI),
                PretrainData.defaultSpec(tasks, EnumSet.of(Modality.MEG, Modality.FMRI)).modalities().keySet());
        // the spec round-trips through its JSON (it keys the store)
        assertEquals(four.toJson(), WindowingSpec.fromJson(four.toJson()).toJson());
    }

    @Test
    void megAndFmriWindowsOfARunAreCutAndStored() {
        Path bids = BidsFixture.write(dir.resolve("bids"));
        MegFmriFixture.write(bids);
        WindowingSpec defaults = PretrainData.defaultSpec(Set.of("mi"),
                EnumSet.of(Modality.EEG, Modality.MEG, Modality.FMRI));
        WindowingSpec spec = defaults.withParts(List.of(WindowingSpec.Part.events(Map.of("left", 0, "right", 1))));
        RecordingKey run = new RecordingKey("01", "1", BidsFixture.TASK, "1");
        List<PairedWindow> windows;
        try (PairedRecording pr = BidsDataset.open(bids).pair(run)) {
            PairedWindows.Result r = PairedWindows.cut(pr, spec);
            windows = r.windows();
            // the third event's EEG window runs past the 10-s recording
            assertEquals(2, windows.size(), r.dropped().toString());
        }
        PairedWindow first = windows.get(0);
        assertEquals(Set.of(Modality.EEG, Modality.MEG, Modality.FMRI), first.blocks().keySet());
        SignalBlock meg = first.blocks().get(Modality.MEG);
        assertEquals(4, meg.channelCount());
        assertEquals(100, meg.samplingRate());
        assertEquals(400, meg.sampleCount());
        SignalBlock bold = first.blocks().get(Modality.FMRI);
        assertEquals(2, bold.channelCount());
        assertEquals(1.0, bold.samplingRate());
        assertEquals(12, bold.sampleCount());
        // event at 1.125 s on the EEG clock: 3.125 s on the scanner's, the window 2 s later: volumes 5 to 16
        assertEquals(5, bold.firstSample());
        for (int p = 0; p < 2; p++) {
            double base = 1000.0 * (p + 1) + 1 + 5 * (MegFmriFixture.VOLUMES - 1) / 2.0;
            for (int t = 0; t < 12; t++) {
                double raw = 1000.0 * (p + 1) + 5 * (5 + t) + 1;
                assertEquals(100 * (raw - base) / base, bold.get(p, t), 1e-4, "parcel " + p + " sample " + t);
            }
        }
        try (WindowStore store = WindowStore.build(dir.resolve("store"), "meg-fmri", windows.iterator())) {
            assertEquals(List.of(Modality.EEG, Modality.MEG, Modality.FMRI), store.modalities());
            for (int i = 0; i < windows.size(); i++) {
                assertEquals(windows.get(i).blocks().get(Modality.FMRI), store.block(i, Modality.FMRI));
                assertEquals(windows.get(i).blocks().get(Modality.MEG), store.block(i, Modality.MEG));
            }
            assertEquals(12, store.shape(1, Modality.FMRI)[1]);
        }
    }
}
