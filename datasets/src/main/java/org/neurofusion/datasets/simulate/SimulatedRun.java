package org.neurofusion.datasets.simulate;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.ClockMap;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.RecordingKey;

/**
 * One simulated run of one subject: the EEG (reference clock) and fNIRS recordings, the events on the EEG clock,
 * the true clock map of the fNIRS device, and the ground truth.
 *
 * @param eeg 30 EEG and 2 EOG channels (V) with their nominal positions; annotations are the events
 * @param fnirs raw CW intensities at 760 and 850 nm per source–detector pair, on the fNIRS device's clock;
 *     annotations are the events as that device stamped them
 * @param events {@code left_hand}, {@code right_hand}, {@code mental_arithmetic}, {@code rest}: onset at the start
 *     of the task period, duration the task period, seconds on the EEG clock
 * @param fnirsClock fNIRS device time → EEG time
 * @param groundTruth per cortical source, on the EEG clock at the ground-truth rate: {@code <source> task} (task
 *     drive), {@code <source> activation} (shared activation), {@code <source> eeg_drive},
 *     {@code <source> band_power} (8–30 Hz power relative to rest), {@code <source> hbo} and {@code <source> hbr}
 *     (mol/L at the source)
 * @param meg when MEG was simulated: 102 radial magnetometers (T) with positions and orientations, on the EEG clock
 *     (the same samples' times), the same sampling rate and the EEG's annotations
 * @param bold when fMRI was simulated: the BOLD images on the subject's atlas grid, volume j at j·TR on the EEG
 *     clock, with the parcels' true signal change
 */
public record SimulatedRun(RecordingKey key, InMemoryRecording eeg, InMemoryRecording fnirs, List<Annotation> events,
        ClockMap fnirsClock, InMemoryRecording groundTruth, Optional<InMemoryRecording> meg,
        Optional<SimulatedBold> bold) {
    public SimulatedRun {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(eeg, "eeg");
        Objects.requireNonNull(fnirs, "fnirs");
        Objects.requireNonNull(fnirsClock, "fnirsClock");
        Objects.requireNonNull(groundTruth, "groundTruth");
        events = List.copyOf(events);
        Objects.requireNonNull(meg, "meg");
        Objects.requireNonNull(bold, "bold");
    }

    /** A run of EEG and fNIRS only. */
    public SimulatedRun(RecordingKey key, InMemoryRecording eeg, InMemoryRecording fnirs, List<Annotation> events,
            ClockMap fnirsClock, InMemoryRecording groundTruth) {
        this(key, eeg, fnirs, events, fnirsClock, groundTruth, Optional.empty(), Optional.empty());
    }

    /** The EEG and fNIRS (and the MEG when simulated) as a {@link PairedRecording} with the EEG as reference. */
    public PairedRecording paired(Map<String, String> participant) {
        Map<Modality, org.neurofusion.core.Recording> recordings = new EnumMap<>(Modality.class);
        recordings.put(Modality.EEG, eeg);
        recordings.put(Modality.FNIRS, fnirs);
        Map<Modality, ClockMap> clocks = new EnumMap<>(Modality.class);
        clocks.put(Modality.EEG, ClockMap.IDENTITY);
        clocks.put(Modality.FNIRS, fnirsClock);
        meg.ifPresent(r -> {
            recordings.put(Modality.MEG, r);
            clocks.put(Modality.MEG, ClockMap.IDENTITY);
        });
        return new PairedRecording(key, recordings, clocks, Modality.EEG, events, participant);
    }
}
