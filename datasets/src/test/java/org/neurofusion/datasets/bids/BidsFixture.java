package org.neurofusion.datasets.bids;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.modalities.fnirs.OpticalChannel;

/**
 * Small synthetic EEG and fNIRS recordings and the BIDS datasets {@link BidsWriter} makes of them: two
 * subjects, two sessions, two runs, each run with EEG (BDF) and NIRS (SNIRF) sharing three events.
 */
public final class BidsFixture {
    public static final String TASK = "motor";
    public static final double EEG_RATE = 100;
    public static final double NIRS_RATE = 10;
    /** Positions with digits beyond a millimetre, so that rounding would show. */
    public static final Map<String, SensorPosition> ELECTRODES = Map.of(
            "Fz", new SensorPosition(0.0, 0.0712345678, 0.0812345671),
            "Cz", new SensorPosition(0.0, 0.0, 0.0998765432),
            "Pz", new SensorPosition(0.0, -0.0712344321, 0.0812341234));
    public static final SensorPosition S1 = new SensorPosition(-0.0301234567, 0.0512345678, 0.0601234567);
    public static final SensorPosition S2 = new SensorPosition(0.0301234567, 0.0512345678, 0.0601234567);
    public static final SensorPosition D1 = new SensorPosition(0.0, 0.0612345678, 0.0701234567);

    private BidsFixture() {
    }

    /** Events of a run, at onsets that differ per run so a mix-up would show. */
    public static List<Annotation> events(int run) {
        return List.of(new Annotation(1.0 + 0.125 * run, 0.5, "left"), new Annotation(3.5, 0.25, "right"),
                new Annotation(6.375, 0, "left"));
    }

    /** EEG: Fz, Cz, Pz (placed) and VEOG, at 100 Hz for 10 s, in volts. */
    public static InMemoryRecording eeg(List<Annotation> events, double seconds) {
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("in-memory");
        int n = (int) Math.round(seconds * EEG_RATE);
        String[] names = {"Fz", "Cz", "Pz", "VEOG"};
        for (int c = 0; c < names.length; c++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = 40e-6 * Math.sin(2 * Math.PI * (5 + c) * i / EEG_RATE);
            }
            Channel ch = new Channel(names[c], c < 3 ? ChannelType.EEG : ChannelType.EOG, "V", EEG_RATE, n);
            b.addChannel(c < 3 ? ch.withPosition(ELECTRODES.get(names[c])) : ch, v);
        }
        events.forEach(b::addAnnotation);
        return b.build();
    }

    /** NIRS: S1_D1 and S2_D1 at 760 and 850 nm, raw CW amplitude at 10 Hz, optodes placed. */
    public static InMemoryRecording nirs(List<Annotation> events, double seconds) {
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("in-memory");
        int n = (int) Math.round(seconds * NIRS_RATE);
        int k = 0;
        for (int s = 1; s <= 2; s++) {
            for (double wl : new double[] {760, 850}) {
                OpticalChannel o = new OpticalChannel(s, 1, OptionalDouble.of(wl), Optional.of(s == 1 ? S1 : S2),
                        Optional.of(D1));
                double[] v = new double[n];
                for (int i = 0; i < n; i++) {
                    v[i] = 1.0 + 0.01 * k + 0.001 * Math.sin(2 * Math.PI * 0.1 * i / NIRS_RATE);
                }
                b.addChannel(o.toChannel(ChannelType.FNIRS_CW_AMPLITUDE, "V", NIRS_RATE, n, Map.of()), v);
                k++;
            }
        }
        events.forEach(b::addAnnotation);
        return b.build();
    }

    /** Two subjects x two sessions x two runs, EEG and NIRS each; Pz of subject 02 and S2_D1 850 bad. */
    public static List<BidsWriter.Entry> entries() {
        List<BidsWriter.Entry> out = new ArrayList<>();
        for (String sub : List.of("01", "02")) {
            for (String ses : List.of("1", "2")) {
                for (int run = 1; run <= 2; run++) {
                    RecordingKey key = new RecordingKey(sub, ses, TASK, Integer.toString(run));
                    Set<String> badEeg = sub.equals("02") ? Set.of("Pz") : Set.of();
                    Set<String> badNirs = sub.equals("02") ? Set.of("S2_D1 850") : Set.of();
                    out.add(new BidsWriter.Entry(key, Modality.EEG, eeg(events(run), 10), badEeg, Map.of()));
                    out.add(new BidsWriter.Entry(key, Modality.FNIRS, nirs(events(run), 10), badNirs, Map.of()));
                }
            }
        }
        return out;
    }

    /** The writer the tests use. */
    public static BidsWriter writer() {
        return BidsWriter.builder().setName("neurofusion test dataset").optAuthors(List.of("Test Author"))
                .optEegReference("Cz").build();
    }

    /** Writes the two-subject dataset under {@code root} and returns it. */
    public static Path write(Path root) {
        writer().write(root, entries(), Map.of("01", Map.of("age", "25", "sex", "F"),
                "02", Map.of("age", "31", "sex", "M")));
        return root;
    }
}
