package org.neurofusion.datasets.shin;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Modality;
import org.neurofusion.core.ProcessingStep;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.ClockMap;
import org.neurofusion.datasets.EventAlignment;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.RecordingKey;

/** Builds the EEG and NIRS recordings of one Shin session and pairs them on the EEG's clock. */
final class ShinPairs {
    private ShinPairs() {
    }

    /** Where a recording came from: the file and the variable path inside it, for history and messages. */
    record Origin(Path file, String variable, String format) {
    }

    /** An EEG cnt read out of its file, with the factor to volts its unit calls for. */
    record EegData(Bbci.Cnt cnt, double scale, String variable) {
        static EegData of(MatNode cnt) {
            Bbci.Cnt c = Bbci.cnt(cnt);
            return new EegData(c, Bbci.voltScale(cnt, c.yUnit()), cnt.path);
        }
    }

    /** EEG (with EOG) channels in volts, typed by label, placed from the montage where it has the label. */
    static Recording eeg(Origin origin, EegData data, Map<String, SensorPosition> positions, List<Annotation> events) {
        Bbci.Cnt cnt = data.cnt();
        double scale = data.scale();
        InMemoryRecording.Builder b = builder(origin, events);
        for (int c = 0; c < cnt.clab().size(); c++) {
            String name = cnt.clab().get(c);
            ChannelType type = name.toUpperCase(Locale.ROOT).contains("EOG") ? ChannelType.EOG : ChannelType.EEG;
            double[] v = cnt.columns()[c];
            double[] si = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                si[i] = v[i] * scale;
            }
            Channel ch = new Channel(name, type, "V", cnt.fs(), v.length, Optional.ofNullable(positions.get(name)),
                    Map.of("unit_in_file", cnt.yUnit().orElse("uV")));
            b.addChannel(ch, si);
        }
        return b.build();
    }

    static Recording nirs(Origin origin, ShinNirs.Data data, List<Annotation> events) {
        InMemoryRecording.Builder b = builder(origin, events);
        for (int c = 0; c < data.channels().size(); c++) {
            b.addChannel(data.channels().get(c), data.samples().get(c));
        }
        return b.build();
    }

    private static InMemoryRecording.Builder builder(Origin origin, List<Annotation> events) {
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat(origin.format()).optSource(origin.file())
                .optHeader("variable", origin.variable())
                .optHistory(List.of(new ProcessingStep("read", Map.of("file", origin.file().toString(), "variable",
                        origin.variable()))));
        events.forEach(b::addAnnotation);
        return b;
    }

    /**
     * The pair, on the EEG's clock. Both devices received the same triggers and the authors published the
     * markers on one ms timeline, so the NIRS clock is fitted to the EEG's from the markers both carry
     * ({@link EventAlignment}, tolerance one sample of each device); with fewer than
     * {@value EventAlignment#MIN_MATCHES} shared markers the shared timeline itself is used, which differs from
     * the identity only by the two first-sample times (1/fs each, BBCI's marker convention).
     *
     * @throws CorruptRecordingException naming the NIRS marker file when the markers contradict each other
     */
    static PairedRecording pair(RecordingKey key, Recording eeg, Recording nirs, Path nirsMarkers) {
        double eegFs = eeg.channels().get(0).samplingRate();
        double nirsFs = nirs.channels().get(0).samplingRate();
        ClockMap clock = new ClockMap(1 / nirsFs - 1 / eegFs, 0);
        if (sharedEvents(eeg.annotations(), nirs.annotations()) >= EventAlignment.MIN_MATCHES) {
            try {
                clock = EventAlignment.fit(eeg.annotations(), nirs.annotations(), 1 / nirsFs + 1 / eegFs + 1e-3)
                        .clock();
            } catch (IllegalArgumentException e) {
                throw new CorruptRecordingException(nirsMarkers, -1, key + ": the NIRS markers do not line up with the"
                        + " EEG markers: " + e.getMessage(), e);
            }
        }
        Map<Modality, Recording> recs = new EnumMap<>(Modality.class);
        recs.put(Modality.EEG, eeg);
        recs.put(Modality.FNIRS, nirs);
        Map<Modality, ClockMap> clocks = new EnumMap<>(Modality.class);
        clocks.put(Modality.EEG, ClockMap.IDENTITY);
        clocks.put(Modality.FNIRS, clock);
        return new PairedRecording(key, recs, clocks, Modality.EEG, eeg.annotations(), Map.of());
    }

    private static int sharedEvents(List<Annotation> a, List<Annotation> b) {
        Set<String> d = new HashSet<>();
        b.forEach(x -> d.add(x.description()));
        return (int) Math.min(a.stream().filter(x -> d.contains(x.description())).count(),
                b.stream().filter(x -> a.stream().anyMatch(y -> y.description().equals(x.description()))).count());
    }
}
