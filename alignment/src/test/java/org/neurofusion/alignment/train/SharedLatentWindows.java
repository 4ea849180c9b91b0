package org.neurofusion.alignment.train;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SplittableRandom;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;

/**
 * Paired windows whose EEG and fNIRS share two hidden numbers per window, and nothing else: one sets the 10 Hz
 * amplitude of the first half of the EEG channels and the HbO rise across the window, the other the 10 Hz
 * amplitude of the second half and the HbO level. A model that aligns the two modalities at all retrieves each
 * window's partner far above chance; with the pairs mismatched in time it cannot.
 */
final class SharedLatentWindows {
    static final int EEG_CHANNELS = 8;
    static final int EEG_SAMPLES = 200;
    static final double EEG_RATE = 100;
    static final int NIRS_CHANNELS = 8;
    static final int NIRS_SAMPLES = 50;
    static final double NIRS_RATE = 10;

    private SharedLatentWindows() {
    }

    static List<PairedWindow> make(int subjects, int windowsPerSubject, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Channel> eeg = new ArrayList<>();
        List<Channel> nirs = new ArrayList<>();
        for (int c = 0; c < EEG_CHANNELS; c++) {
            double az = 2 * Math.PI * c / EEG_CHANNELS;
            eeg.add(new Channel("E" + c, ChannelType.EEG, "V", EEG_RATE, EEG_SAMPLES, Optional.of(
                    new SensorPosition(0.07 * Math.cos(az), 0.07 * Math.sin(az), 0.05)), Map.of()));
            nirs.add(new Channel("S" + c + "_D" + c + " hbo", ChannelType.HBO, "mol/L", NIRS_RATE, NIRS_SAMPLES,
                    Optional.of(new SensorPosition(0.06 * Math.cos(az), 0.06 * Math.sin(az), 0.06)), Map.of()));
        }
        List<PairedWindow> out = new ArrayList<>();
        for (int s = 0; s < subjects; s++) {
            RecordingKey key = new RecordingKey(String.format("%02d", s + 1), "", "mi", "1");
            for (int w = 0; w < windowsPerSubject; w++) {
                double a = rnd.nextDouble(-1, 1);
                double b2 = rnd.nextDouble(-1, 1);
                float[] e = new float[EEG_CHANNELS * EEG_SAMPLES];
                for (int c = 0; c < EEG_CHANNELS; c++) {
                    double phase = rnd.nextDouble(2 * Math.PI);
                    for (int t = 0; t < EEG_SAMPLES; t++) {
                        double amp = 1 + 0.8 * (c < EEG_CHANNELS / 2 ? a : b2);
                        e[c * EEG_SAMPLES + t] = (float) (20e-6 * amp * Math.sin(2 * Math.PI * 10 * t
                                / EEG_RATE + phase) + 5e-6 * rnd.nextGaussian());
                    }
                }
                float[] f = new float[NIRS_CHANNELS * NIRS_SAMPLES];
                for (int c = 0; c < NIRS_CHANNELS; c++) {
                    for (int t = 0; t < NIRS_SAMPLES; t++) {
                        f[c * NIRS_SAMPLES + t] = (float) (0.5e-6 * a * t / NIRS_SAMPLES + 0.3e-6 * b2
                                + 0.1e-6 * rnd.nextGaussian());
                    }
                }
                double onset = 20.0 * w;
                Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
                blocks.put(Modality.EEG, new SignalBlock(names(eeg), EEG_RATE, Math.round(onset * EEG_RATE),
                        EEG_SAMPLES, e));
                blocks.put(Modality.FNIRS, new SignalBlock(names(nirs), NIRS_RATE, Math.round(onset * NIRS_RATE),
                        NIRS_SAMPLES, f));
                Map<Modality, List<Channel>> chans = new EnumMap<>(Modality.class);
                chans.put(Modality.EEG, eeg);
                chans.put(Modality.FNIRS, nirs);
                out.add(new PairedWindow(blocks, chans, OptionalInt.of(a > 0 ? 1 : 0), key, onset));
            }
        }
        return out;
    }

    private static List<String> names(List<Channel> cs) {
        return cs.stream().map(Channel::name).toList();
    }
}
