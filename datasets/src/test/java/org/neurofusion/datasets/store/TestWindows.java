package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;

/** Small hand-made windows for store tests, and a bit-exact comparison. */
final class TestWindows {
    private TestWindows() {
    }

    /**
     * Windows of a few subjects and sessions with awkward content: shapes that vary, special float values (NaN
     * payloads, -0, subnormals, infinities), unlabelled windows, a window without fNIRS, block row names that
     * differ from the channel names.
     */
    static List<PairedWindow> awkward(long seed) {
        Random rnd = new Random(seed);
        List<PairedWindow> out = new ArrayList<>();
        List<Channel> eeg = channels("E", ChannelType.EEG, 4, 250, true);
        List<Channel> nirs = channels("S1_D", ChannelType.HBO, 3, 7.8125, false);
        int n = 0;
        for (String subject : List.of("01", "02", "03")) {
            for (String session : List.of("a", "b")) {
                RecordingKey key = new RecordingKey(subject, session, "rest", session.equals("a") ? "" : "2");
                for (int t = 0; t < 5; t++, n++) {
                    int samples = n % 4 == 3 ? 37 : 50;
                    Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
                    Map<Modality, List<Channel>> chans = new EnumMap<>(Modality.class);
                    List<String> names = n == 7 ? List.of("a", "b", "c", "d") : eeg.stream().map(Channel::name).toList();
                    blocks.put(Modality.EEG, new SignalBlock(names, 250, 1000L * t, samples, values(rnd, 4 * samples)));
                    chans.put(Modality.EEG, eeg);
                    if (n != 4) {
                        blocks.put(Modality.FNIRS, new SignalBlock(nirs.stream().map(Channel::name).toList(), 7.8125,
                                31L * t, 11, values(rnd, 3 * 11)));
                        chans.put(Modality.FNIRS, nirs);
                    }
                    OptionalInt label = n % 5 == 2 ? OptionalInt.empty() : OptionalInt.of(n % 3 - 1);
                    out.add(new PairedWindow(blocks, chans, label, key, 3.25 * t + (n == 9 ? 0.001 : 0)));
                }
            }
        }
        return out;
    }

    private static float[] values(Random rnd, int n) {
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) rnd.nextGaussian() * 1e-5f;
        }
        float[] special = {Float.intBitsToFloat(0x7fc01234), -0.0f, Float.MIN_VALUE, Float.POSITIVE_INFINITY,
            Float.NEGATIVE_INFINITY, Float.intBitsToFloat(0xffbad000), Float.MAX_VALUE};
        for (int i = 0; i < special.length && i < n; i++) {
            d[rnd.nextInt(n)] = special[i];
        }
        return d;
    }

    private static List<Channel> channels(String prefix, ChannelType type, int n, double rate, boolean positions) {
        List<Channel> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Optional<SensorPosition> pos = positions ? Optional.of(new SensorPosition(0.01 * i, -0.02, 0.0815 + i))
                    : Optional.empty();
            out.add(new Channel(prefix + (i + 1), type, type.defaultUnit(), rate, 12345 + i, pos,
                    i == 0 ? Map.of("transducer", "Ag/AgCl", "prefilter", "HP:0.1Hz") : Map.of()));
        }
        return List.copyOf(out);
    }

    /** Equal in every field, samples compared by their raw bits (so NaN payloads and -0 count). */
    static void assertBitExact(PairedWindow expected, PairedWindow actual) {
        assertEquals(expected.key(), actual.key());
        assertEquals(Double.doubleToRawLongBits(expected.onset()), Double.doubleToRawLongBits(actual.onset()));
        assertEquals(expected.label(), actual.label());
        assertEquals(expected.channels(), actual.channels());
        assertEquals(expected.blocks().keySet(), actual.blocks().keySet());
        for (Modality m : expected.blocks().keySet()) {
            SignalBlock e = expected.blocks().get(m);
            SignalBlock a = actual.blocks().get(m);
            assertEquals(e.channelNames(), a.channelNames());
            assertEquals(Double.doubleToRawLongBits(e.samplingRate()), Double.doubleToRawLongBits(a.samplingRate()));
            assertEquals(e.firstSample(), a.firstSample());
            assertEquals(e.sampleCount(), a.sampleCount());
            for (int i = 0; i < e.data().length; i++) {
                if (Float.floatToRawIntBits(e.data()[i]) != Float.floatToRawIntBits(a.data()[i])) {
                    assertEquals(Float.floatToRawIntBits(e.data()[i]), Float.floatToRawIntBits(a.data()[i]),
                            m + " sample " + i + " of window " + expected.key() + " @ " + expected.onset());
                }
            }
        }
    }
}
