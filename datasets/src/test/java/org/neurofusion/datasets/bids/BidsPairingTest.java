package org.neurofusion.datasets.bids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.ClockMap;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.RecordingKey;

class BidsPairingTest {
    private static final double OFFSET = 1.7;
    private static final double DRIFT = 40e-6;
    private static final double SECONDS = 300;

    @TempDir
    Path dir;

    /** EEG events on the reference clock; the NIRS device saw them on its own, late by 1.7 s and 40 ppm fast. */
    private Path write(int nirsEvents) {
        List<Annotation> eegEvents = new ArrayList<>();
        List<Annotation> nirsEvents2 = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double t = 5 + 23.37 * i + 0.61 * (i % 3);
            String d = i % 2 == 0 ? "left" : "right";
            eegEvents.add(new Annotation(t, 1, d));
            if (i < nirsEvents) {
                nirsEvents2.add(new Annotation(new ClockMap(OFFSET, DRIFT).fromReference(t), 1, d));
            }
        }
        RecordingKey key = new RecordingKey("01", "", BidsFixture.TASK, "1");
        BidsFixture.writer().write(dir, List.of(
                new BidsWriter.Entry(key, Modality.EEG, BidsFixture.eeg(eegEvents, SECONDS), Set.of(), Map.of()),
                new BidsWriter.Entry(key, Modality.FNIRS, BidsFixture.nirs(nirsEvents2, SECONDS), Set.of(), Map.of())),
                Map.of("01", Map.of("age", "40")));
        return dir;
    }

    @Test
    void nirsClockIsFittedToEegFromSharedEvents() {
        BidsDataset ds = BidsDataset.open(write(12));
        RecordingKey key = ds.runs().get(0);
        try (BidsPairing.Result r = ds.pairRun(key)) {
            PairedRecording pr = r.recording();
            assertEquals(Modality.EEG, pr.reference());
            assertEquals(ClockMap.IDENTITY, pr.clocks().get(Modality.EEG));
            ClockMap c = pr.clocks().get(Modality.FNIRS);
            double eegSample = 1 / BidsFixture.EEG_RATE;
            for (double t = 0; t <= SECONDS; t += 10) {
                assertEquals(OFFSET + t * (1 + DRIFT), c.toReference(t), eegSample, "at NIRS time " + t);
            }
            assertEquals(OFFSET, c.offset(), eegSample);
            assertEquals(DRIFT, c.drift(), 1e-6);
            assertEquals(12, r.fits().get(Modality.FNIRS).matched());
            assertEquals(List.of(), r.warnings());
            assertEquals(12, pr.events().size());
            assertEquals("40", pr.participant().get("age"));
            assertEquals(4, pr.recording(Modality.FNIRS).channels().size());
        }
    }

    @Test
    void tooFewSharedEventsFallBackToTheIdentityWithAWarning() {
        BidsDataset ds = BidsDataset.open(write(2));
        try (BidsPairing.Result r = ds.pairRun(ds.runs().get(0))) {
            assertEquals(ClockMap.IDENTITY, r.recording().clocks().get(Modality.FNIRS));
            assertEquals(1, r.warnings().size());
            assertTrue(r.warnings().get(0).contains("_nirs.snirf"), r.warnings().get(0));
            assertTrue(r.warnings().get(0).contains("clock not aligned"), r.warnings().get(0));
        }
        assertTrue(ds.check().stream().anyMatch(p -> p.severity() == BidsProblem.Severity.WARNING
                && p.message().contains("clock not aligned")));
    }

    @Test
    void pairsStreamsEveryRun() {
        BidsDataset ds = BidsDataset.open(BidsFixture.write(dir));
        List<RecordingKey> keys = new ArrayList<>();
        ds.pairs().forEach(p -> {
            try (p) {
                keys.add(p.key());
                assertEquals(Set.of(Modality.EEG, Modality.FNIRS), p.recordings().keySet());
                // Both devices saw the same events on one clock: the fit is the identity.
                assertEquals(0, p.clocks().get(Modality.FNIRS).offset(), 1e-9);
            }
        });
        assertEquals(ds.runs(), keys);
    }
}
