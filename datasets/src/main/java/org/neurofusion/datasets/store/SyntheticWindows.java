package org.neurofusion.datasets.store;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;

/**
 * Paired EEG + fNIRS trial windows made up on the fly, for exercising the window store, a sampler or a training
 * loop at any size without recordings (the store tests use it, and so do the store benchmark and memory check of
 * the benchmarks module). Each window is generated when the iterator reaches it, so a store of many gigabytes is
 * written without ever holding more than one window. The samples are a label-dependent oscillation (10 or 20 Hz
 * in EEG) plus cheap deterministic noise: enough for a classifier to learn, but no physiology (for that, see the
 * simulator in {@code org.neurofusion.datasets.simulate}).
 *
 * @param trialSpacing seconds between trial onsets within a session
 */
public record SyntheticWindows(int subjects, int sessions, int trials, int eegChannels, double eegRate,
        double eegSeconds, int nirsChannels, double nirsRate, double nirsSeconds, double trialSpacing, long seed) {

    /** The benchmark's shape: 30 EEG channels at 200 Hz for 4 s, 36 fNIRS channels at 10 Hz for 10 s. */
    public static SyntheticWindows eegFnirs(int subjects, int sessions, int trials, long seed) {
        return new SyntheticWindows(subjects, sessions, trials, 30, 200, 4, 36, 10, 10, 20, seed);
    }

    /** Number of windows: subjects × sessions × trials. */
    public int count() {
        return subjects * sessions * trials;
    }

    /** Sample bytes of one window, all modalities. */
    public long bytesPerWindow() {
        return ((long) eegChannels * eegSamples() + (long) nirsChannels * nirsSamples()) * Float.BYTES;
    }

    /** Samples per EEG channel in a window. */
    public int eegSamples() {
        return (int) Math.round(eegRate * eegSeconds);
    }

    /** Samples per fNIRS channel in a window. */
    public int nirsSamples() {
        return (int) Math.round(nirsRate * nirsSeconds);
    }

    /** The windows in order: subject by subject, session by session, trial by trial. */
    public Iterator<PairedWindow> iterator() {
        return new Iterator<>() {
            private int next;
            private List<Channel> eeg;
            private List<Channel> nirs;
            private List<String> eegNames;
            private List<String> nirsNames;

            @Override
            public boolean hasNext() {
                return next < count();
            }

            @Override
            public PairedWindow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                int i = next++;
                int trial = i % trials;
                if (trial == 0 || eeg == null) {
                    // One channel list per recording, shared by its windows, as a windowing step would do.
                    double length = 30 + trials * trialSpacing;
                    eeg = eegChannels(length);
                    nirs = nirsChannels(length);
                    eegNames = names(eeg);
                    nirsNames = names(nirs);
                }
                return window(i, eeg, eegNames, nirs, nirsNames);
            }
        };
    }

    private PairedWindow window(int i, List<Channel> eeg, List<String> eegNames, List<Channel> nirs,
            List<String> nirsNames) {
        int trial = i % trials;
        int session = (i / trials) % sessions;
        int subject = i / (trials * sessions);
        RecordingKey key = new RecordingKey(String.format(Locale.ROOT, "%02d", subject + 1),
                Integer.toString(session + 1), "mi", "");
        double onset = 10 + trial * trialSpacing;
        int label = trial % 2;
        long state = seed * 0x9E3779B97F4A7C15L + i + 1;
        Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
        blocks.put(Modality.EEG, new SignalBlock(eegNames, eegRate, Math.round(onset * eegRate), eegSamples(),
                signal(eegChannels, eegSamples(), eegRate, label == 0 ? 10 : 20, 2e-5f, state)));
        blocks.put(Modality.FNIRS, new SignalBlock(nirsNames, nirsRate, Math.round(onset * nirsRate),
                nirsSamples(), signal(nirsChannels, nirsSamples(), nirsRate, 0.1, 1e-6f, ~state)));
        return new PairedWindow(blocks, Map.of(Modality.EEG, eeg, Modality.FNIRS, nirs), OptionalInt.of(label), key,
                onset);
    }

    private static float[] signal(int channels, int samples, double rate, double hz, float amplitude, long state) {
        float[] d = new float[channels * samples];
        long s = state | 1;
        for (int c = 0; c < channels; c++) {
            double w = 2 * Math.PI * hz * (1 + 0.01 * c) / rate;
            for (int t = 0; t < samples; t++) {
                // xorshift noise: cheap enough that disk speed, not generation, bounds the benchmark.
                s ^= s << 13;
                s ^= s >>> 7;
                s ^= s << 17;
                float noise = ((s >>> 40) / (float) (1 << 24)) - 0.5f;
                d[c * samples + t] = amplitude * ((float) Math.sin(w * t) + noise);
            }
        }
        return d;
    }

    private List<Channel> eegChannels(double seconds) {
        List<Channel> out = new ArrayList<>(eegChannels);
        for (int c = 0; c < eegChannels; c++) {
            out.add(new Channel(String.format(Locale.ROOT, "E%02d", c + 1), ChannelType.EEG, "V", eegRate,
                    Math.round(seconds * eegRate), Optional.of(onScalp(c, eegChannels)), Map.of()));
        }
        return List.copyOf(out);
    }

    private List<Channel> nirsChannels(double seconds) {
        List<Channel> out = new ArrayList<>(nirsChannels);
        int pairs = (nirsChannels + 1) / 2;
        for (int c = 0; c < nirsChannels; c++) {
            boolean hbo = c < pairs;
            int p = hbo ? c : c - pairs;
            out.add(new Channel(String.format(Locale.ROOT, "S%d_D%d %s", p / 4 + 1, p % 4 + 1, hbo ? "hbo" : "hbr"),
                    hbo ? ChannelType.HBO : ChannelType.HBR, "mol/L", nirsRate, Math.round(seconds * nirsRate),
                    Optional.of(onScalp(p, pairs)), Map.of("wavelengths", "760/850")));
        }
        return List.copyOf(out);
    }

    /** Points spread over the upper half of a 9 cm sphere (a golden-angle spiral). */
    private static SensorPosition onScalp(int i, int n) {
        double z = 1 - (i + 0.5) / n;
        double r = Math.sqrt(1 - z * z);
        double phi = i * Math.PI * (3 - Math.sqrt(5));
        return new SensorPosition(0.09 * r * Math.cos(phi), 0.09 * r * Math.sin(phi), 0.09 * z);
    }

    private static List<String> names(List<Channel> channels) {
        return channels.stream().map(Channel::name).toList();
    }
}
