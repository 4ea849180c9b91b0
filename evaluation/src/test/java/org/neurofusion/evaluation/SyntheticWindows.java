package org.neurofusion.evaluation;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;

/**
 * Paired windows with planted class differences: EEG variance along a class-specific spatial direction, fNIRS
 * HbO up and HbR down in class 1 on half the channels. Noisy enough that no condition is perfect.
 */
final class SyntheticWindows {
    static final int EEG_CHANNELS = 8;
    static final int NIRS_PAIRS = 4;

    private SyntheticWindows() {
    }

    static List<PairedWindow> make(List<String> subjects, int perSubject, boolean withFnirs, long seed) {
        Random rnd = new Random(seed);
        List<Channel> eeg = new ArrayList<>();
        for (int c = 0; c < EEG_CHANNELS; c++) {
            eeg.add(new Channel("E" + c, ChannelType.EEG, "V", 25, 100));
        }
        List<Channel> nirs = new ArrayList<>();
        for (int c = 0; c < NIRS_PAIRS; c++) {
            nirs.add(new Channel("S" + c + " hbo", ChannelType.HBO, "mol/L", 10, 30));
            nirs.add(new Channel("S" + c + " hbr", ChannelType.HBR, "mol/L", 10, 30));
        }
        double[][] dirs = {{1, 1, 0, 0, -1, 0, 0, 0}, {0, 0, 1, -1, 0, 0, 1, 1}};
        List<PairedWindow> out = new ArrayList<>();
        for (String subject : subjects) {
            RecordingKey key = new RecordingKey(subject, "", "mi", "1");
            for (int t = 0; t < perSubject; t++) {
                int label = (t / 2 + t) % 2; // an irregular but balanced sequence: 0 1 1 0 0 1 1 0 ...
                float[] e = new float[EEG_CHANNELS * 100];
                for (int s = 0; s < 100; s++) {
                    double src = 1.2 * rnd.nextGaussian();
                    for (int c = 0; c < EEG_CHANNELS; c++) {
                        e[c * 100 + s] = (float) (1e-5 * (rnd.nextGaussian() + src * dirs[label][c]));
                    }
                }
                Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
                Map<Modality, List<Channel>> chans = new EnumMap<>(Modality.class);
                blocks.put(Modality.EEG, new SignalBlock(eeg.stream().map(Channel::name).toList(), 25, 100L * t, 100,
                        e));
                chans.put(Modality.EEG, eeg);
                if (withFnirs) {
                    float[] n = new float[2 * NIRS_PAIRS * 30];
                    for (int c = 0; c < 2 * NIRS_PAIRS; c++) {
                        boolean hbo = c % 2 == 0;
                        double effect = label == 1 && c < NIRS_PAIRS ? (hbo ? 1.0 : -0.7) : 0;
                        double offset = 0.8 * rnd.nextGaussian();
                        for (int s = 0; s < 30; s++) {
                            n[c * 30 + s] = (float) (1e-6 * (offset + effect * s / 30.0 + 0.3 * rnd.nextGaussian()));
                        }
                    }
                    blocks.put(Modality.FNIRS, new SignalBlock(nirs.stream().map(Channel::name).toList(), 10, 50L * t,
                            30, n));
                    chans.put(Modality.FNIRS, nirs);
                }
                out.add(new PairedWindow(blocks, chans, OptionalInt.of(label), key, 5.0 * t));
            }
        }
        return out;
    }
}
