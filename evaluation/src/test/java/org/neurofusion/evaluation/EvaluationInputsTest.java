package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;

/** What {@link Evaluation} checks of its windows before any fold runs, and what its input checksum covers. */
class EvaluationInputsTest {
    private static final RecordingKey KEY = new RecordingKey("01", "", "mi", "1");

    /** One window whose single block is {@code data} (one channel at 100 Hz) under {@code modality}. */
    private static PairedWindow one(Modality modality, float[] data, double onset, int label) {
        Channel c = modality == Modality.EEG ? new Channel("C3", ChannelType.EEG, "V", 100, data.length)
                : new Channel("S1_D1 hbo", ChannelType.HBO, "mol/L", 100, data.length);
        return new PairedWindow(Map.of(modality, new SignalBlock(List.of(c.name()), 100, 0, data.length, data)),
                Map.of(modality, List.of(c)), OptionalInt.of(label), KEY, onset);
    }

    private static String checksum(PairedWindow w) {
        return Evaluation.checksum(List.of(w));
    }

    @Test
    void theChecksumCoversWhereWhatAndEverySample() {
        float[] data = new float[40_000]; // more than the 16384 floats the digest buffers at a time
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) Math.sin(i / 7.0);
        }
        String base = checksum(one(Modality.EEG, data, 3, 0));
        assertEquals(base, checksum(one(Modality.EEG, data.clone(), 3, 0)), "the same windows, the same checksum");
        assertNotEquals(base, checksum(one(Modality.EEG, data, 4, 0)), "another onset");
        assertNotEquals(base, checksum(one(Modality.EEG, data, 3, 1)), "another label");
        assertNotEquals(base, checksum(one(Modality.FNIRS, data, 3, 0)), "the same samples as another modality");
        for (int at : new int[] {5, 20_000, 39_999}) {
            float[] changed = data.clone();
            changed[at] += 1;
            assertNotEquals(base, checksum(one(Modality.EEG, changed, 3, 0)), "sample " + at + " changed");
        }
    }

    @Test
    void unlabelledWindowsAreCountedAndFiveNamed() {
        List<PairedWindow> ws = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            PairedWindow w = one(Modality.EEG, new float[10], i, i % 2);
            ws.add(i < 2 ? w : new PairedWindow(w.blocks(), w.channels(), OptionalInt.empty(), w.key(), w.onset()));
        }
        Evaluation e = Evaluation.builder().addConditions(List.of("eeg-csp"), ConditionRegistry.classical())
                .setProtocol(Protocol.parse("within", 1, 2)).setTask("mi").build();
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.run(ws));
        assertTrue(x.getMessage().startsWith("6 of 8 windows have no label"), x.getMessage());
        String named = x.getMessage().substring(x.getMessage().indexOf("e.g."));
        assertEquals(5, named.split(" at ", -1).length - 1, x.getMessage());
    }

    @Test
    void aConditionWhoseModalityIsMissingIsNamedBeforeAnyFold() {
        List<PairedWindow> eegOnly = SyntheticWindows.make(List.of("01", "02"), 20, false, 1);
        AtomicCount fitted = new AtomicCount();
        Evaluation e = Evaluation.builder().addConditions(List.of("eeg-csp", "fnirs-hbo"),
                ConditionRegistry.classical()).setProtocol(Protocol.parse("within", 1, 2)).setTask("mi")
                .optProgress((done, total, what) -> fitted.n++).build();
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> e.run(eegOnly));
        assertTrue(x.getMessage().startsWith("condition fnirs-hbo needs"), x.getMessage());
        assertEquals(0, fitted.n, "nothing is fitted before the inputs are checked");
    }

    private static final class AtomicCount {
        int n;
    }
}
