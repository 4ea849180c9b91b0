package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.EnumMap;
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

/**
 * The probe's inner folds: subjects when there are two or more, blocks of consecutive windows within a single
 * subject. Each case is built so that the other grouping leaves every inner fold's training part with one class,
 * which {@link LogisticRegression#fitWithInnerCv} refuses.
 */
class EmbeddingProbeGroupsTest {
    /** Reads the single EEG sample of a window as its one-dimensional embedding. */
    static final class ValueEmbedder implements EmbeddingProbe.Embedder {
        @Override
        public Modality modality() {
            return Modality.EEG;
        }

        @Override
        public void check(PairedWindow w) {
            if (!w.blocks().containsKey(Modality.EEG)) {
                throw new IllegalArgumentException(w.key() + " has no EEG");
            }
        }

        @Override
        public double[][] embed(List<PairedWindow> windows) {
            return windows.stream().map(w -> new double[] {w.blocks().get(Modality.EEG).data()[0]})
                    .toArray(double[][]::new);
        }

        @Override
        public String source() {
            return "runs/pretrain-7";
        }
    }

    static PairedWindow window(String subject, int label, int t, Modality modality) {
        Channel ch = new Channel("C", modality == Modality.EEG ? ChannelType.EEG : ChannelType.HBO, "V", 1, 1);
        float value = (float) (label == 1 ? 1 + 0.1 * (t % 3) : -1 - 0.1 * (t % 3));
        Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
        blocks.put(modality, new SignalBlock(List.of("C"), 1, t, 1, new float[] {value}));
        Map<Modality, List<Channel>> channels = new EnumMap<>(Modality.class);
        channels.put(modality, List.of(ch));
        return new PairedWindow(blocks, channels, OptionalInt.of(label), new RecordingKey(subject, "", "t", "1"), t);
    }

    @Test
    void oneSubjectIsFoldedInBlocksOfConsecutiveWindows() {
        // one subject, so "by subject" is a single group; the two blocks of ten consecutive windows each hold five
        // of each class (the irregular order also puts one class in each fold if single windows, named by index
        // and sorted as text, were dealt round-robin)
        int[] labels = {0, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
        List<PairedWindow> train = new ArrayList<>();
        for (int t = 0; t < labels.length; t++) {
            train.add(window("01", labels[t], t, Modality.EEG));
        }
        WindowClassifier.Trained m = new EmbeddingProbe(new ValueEmbedder(), EmbeddingProbe.DEFAULT_CS, 2).fit(train);
        assertArrayEquals(new int[] {0, 1}, m.predict(List.of(window("01", 0, 50, Modality.EEG),
                window("01", 1, 51, Modality.EEG))));
    }

    @Test
    void twoSubjectsAreFoldedBySubject() {
        // two subjects interleaved, class 0 in the first half and class 1 in the second: by subject each inner
        // fold trains on both classes, in two blocks of consecutive windows each block is one class
        List<PairedWindow> train = new ArrayList<>();
        for (int t = 0; t < 20; t++) {
            train.add(window(t % 2 == 0 ? "01" : "02", t < 10 ? 0 : 1, t, Modality.EEG));
        }
        WindowClassifier.Trained m = new EmbeddingProbe(new ValueEmbedder(), EmbeddingProbe.DEFAULT_CS, 2).fit(train);
        assertArrayEquals(new int[] {1, 0}, m.predict(List.of(window("03", 1, 50, Modality.EEG),
                window("03", 0, 51, Modality.EEG))));
    }

    @Test
    void delegatesToItsEmbedder() {
        EmbeddingProbe probe = new EmbeddingProbe(new ValueEmbedder(), new double[] {1}, 2);
        assertEquals(List.of(Modality.EEG), probe.modalities());
        assertEquals("runs/pretrain-7", probe.pretrained());
        probe.check(window("01", 0, 0, Modality.EEG));
        assertThrows(IllegalArgumentException.class, () -> probe.check(window("01", 0, 0, Modality.FNIRS)));
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingProbe(new ValueEmbedder(), new double[] {1}, 1));
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingProbe(new ValueEmbedder(), new double[0], 2));
    }
}
