package org.neurofusion.cli;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.Segment;
import org.neurofusion.core.SensorPosition;

/** Small in-memory recordings with known content, and openers that hand them to the command. */
final class TestRecordings {
    private TestRecordings() {
    }

    /** Value of sample {@code t} of channel {@code c}: unique, so misplaced samples show. */
    static double value(int c, long t) {
        return (c + 1) * 1e-3 + t * 1e-6;
    }

    /**
     * Three EEG channels at 100 Hz (Fp1, Fp2, Cz; 1000 samples), one ECG at 50 Hz (500 samples), start with
     * microseconds, seven annotations, two header fields, a position on Fp1.
     */
    static InMemoryRecording mixedRates() {
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("EDF+C")
                .optStart(LocalDateTime.of(2020, 1, 24, 4, 5, 56, 394_531_200))
                .optSource(Path.of("/data/sub-01.edf"))
                .optHeader("patient", "X F 01-JAN-1970 Jane")
                .optHeader("equipment", "amp");
        String[] eeg = {"Fp1", "Fp2", "Cz"};
        for (int c = 0; c < eeg.length; c++) {
            Channel ch = new Channel(eeg[c], ChannelType.EEG, "V", 100, 1000);
            if (c == 0) {
                ch = new Channel(eeg[c], ChannelType.EEG, "V", 100, 1000,
                        Optional.of(new SensorPosition(-0.03, 0.08, 0.02)), Map.of("transducer", "AgCl"));
            }
            b.addChannel(ch, samples(c, 1000));
        }
        b.addChannel(new Channel("ECG", ChannelType.ECG, "V", 50, 500), samples(3, 500));
        for (int i = 0; i < 7; i++) {
            b.addAnnotation(new Annotation(i * 1.5, i == 2 ? 0.25 : 0, "event " + i));
        }
        b.addAnnotation(new Annotation(9.0, 0, "artefact", "Cz"));
        return b.build();
    }

    /** Two EEG channels at 250 Hz, 2500 samples each, no start, no annotations, two segments. */
    static InMemoryRecording oneRate() {
        return InMemoryRecording.builder().setFormat("BrainVision")
                .addChannel(new Channel("C3", ChannelType.EEG, "V", 250, 2500), samples(0, 2500))
                .addChannel(new Channel("C4", ChannelType.EEG, "V", 250, 2500), samples(1, 2500))
                .optSegments(List.of(new Segment(0, 0, 4), new Segment(4, 10, 6)))
                .build();
    }

    static double[] samples(int channel, int n) {
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = value(channel, t);
        }
        return v;
    }

    /** An opener that returns {@code r} whatever the path. */
    static Function<Path, Recording> opening(Recording r) {
        return path -> r;
    }
}
