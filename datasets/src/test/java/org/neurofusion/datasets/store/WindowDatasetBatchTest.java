package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.RecordingKey;

/** Examples carry data, sensor features and masks; windows with different channel counts batch together. */
class WindowDatasetBatchTest {
    private static final int T = 40;
    private static final RecordingKey KEY = new RecordingKey("01", "1", "mi", "");

    @TempDir
    Path tmp;

    /** EEG channels with distinct positions (and an orientation on some), so that every feature row differs. */
    private static List<Channel> eeg(int n) {
        List<Channel> out = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            Map<String, String> attrs = c % 3 == 0 ? Map.of(SensorFeatures.ORIENTATION_ATTRIBUTE, "0,0," + (c + 1))
                    : Map.of();
            out.add(new Channel("E" + c, c == 5 ? ChannelType.EOG : ChannelType.EEG, "V", 100, 1000,
                    Optional.of(new SensorPosition(0.001 * c, -0.002 * c, 0.08 + 0.0001 * c)), attrs));
        }
        return List.copyOf(out);
    }

    /** A window of {@code channels} EEG channels; sample (c, t) holds {@code base + c + t / 1000}. */
    private static PairedWindow window(int channels, double onset, int label, float base) {
        float[] d = new float[channels * T];
        for (int c = 0; c < channels; c++) {
            for (int t = 0; t < T; t++) {
                d[c * T + t] = base + c + t / 1000f;
            }
        }
        List<Channel> ch = eeg(channels);
        SignalBlock b = new SignalBlock(ch.stream().map(Channel::name).toList(), 100, Math.round(onset * 100), T, d);
        return new PairedWindow(Map.of(Modality.EEG, b), Map.of(Modality.EEG, ch), OptionalInt.of(label), KEY, onset);
    }

    private static final int[] COUNTS = {8, 19, 30};

    private WindowStore raggedStore() {
        List<PairedWindow> ws = new ArrayList<>();
        for (int k = 0; k < COUNTS.length; k++) {
            ws.add(window(COUNTS[k], 10 * k, k % 2, 100 * k));
        }
        return WindowStore.build(tmp.resolve("ragged"), "k", ws.iterator());
    }

    @Test
    void windowsOfEightNineteenAndThirtyChannelsBatchWithMasksAndFeatures() throws Exception {
        try (WindowStore s = raggedStore(); NDManager manager = NDManager.newBaseManager()) {
            WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(3, false).build();
            // every example twice: the features of each of the 3 channel sets are parsed once and reused
            for (int pass = 0; pass < 2; pass++) {
                for (long i = 0; i < ds.size(); i++) {
                    ds.get(manager, i).getData().close();
                }
            }
            assertEquals(3, ds.cachedSensorSets());
            int batches = 0;
            for (Batch batch : ds.getData(manager)) {
                try (batch) {
                    batches++;
                    NDList data = batch.getData();
                    assertEquals(List.of("eeg", "eeg_sensors", "eeg_mask"),
                            data.stream().map(NDArray::getName).toList());
                    assertEquals(new Shape(3, 30, T), data.get(0).getShape());
                    assertEquals(new Shape(3, 30, SensorFeatures.COUNT), data.get(1).getShape());
                    assertEquals(new Shape(3, 30), data.get(2).getShape());
                    assertEquals(DataType.FLOAT32, data.get(1).getDataType());
                    assertEquals(DataType.FLOAT32, data.get(2).getDataType());
                    float[] x = data.get(0).toFloatArray();
                    float[] f = data.get(1).toFloatArray();
                    float[] m = data.get(2).toFloatArray();
                    for (int b = 0; b < 3; b++) {
                        int c = COUNTS[b];
                        float sum = 0;
                        for (int r = 0; r < 30; r++) {
                            sum += m[b * 30 + r];
                            assertEquals(r < c ? 1f : 0f, m[b * 30 + r], "mask of example " + b + " row " + r);
                        }
                        assertEquals(c, sum, 0f);
                        float[] expected = SensorFeatures.of(eeg(c));
                        float[] got = Arrays.copyOfRange(f, b * 30 * SensorFeatures.COUNT,
                                (b * 30 + c) * SensorFeatures.COUNT);
                        assertArrayEquals(expected, got, "sensor features of example " + b);
                        for (int i = (b * 30 + c) * SensorFeatures.COUNT; i < (b + 1) * 30 * SensorFeatures.COUNT;
                                i++) {
                            assertEquals(0f, f[i], "padded features are zero");
                        }
                        for (int r = 0; r < 30; r++) {
                            for (int t = 0; t < T; t += 13) {
                                float want = r < c ? 100 * b + r + t / 1000f : 0f;
                                assertEquals(want, x[(b * 30 + r) * T + t], "sample " + r + "," + t + " of " + b);
                            }
                        }
                    }
                    assertArrayEquals(new int[] {0, 1, 0}, batch.getLabels().singletonOrThrow().toIntArray());

                    NDList[] back = new PaddingBatchifier().unbatchify(data);
                    assertEquals(3, back.length);
                    for (int b = 0; b < 3; b++) {
                        // Padded channels remain after unbatchify: the mask says which rows are real.
                        assertEquals(new Shape(30, T), back[b].get(0).getShape());
                        assertEquals("eeg_mask", back[b].get(2).getName());
                        assertEquals(COUNTS[b], back[b].get(2).sum().getFloat(), 0f);
                        assertEquals(100 * b + 3 + 7 / 1000f, back[b].get(0).getFloat(3, 7), 0f);
                    }
                    NDList[] halves = new PaddingBatchifier().split(data, 2, false);
                    assertEquals(new Shape(2, 30, T), halves[0].get(0).getShape());
                    assertEquals(new Shape(1, 30), halves[1].get(2).getShape());
                }
            }
            assertEquals(1, batches);
        }
    }

    @Test
    void aNonFiniteSampleIsATypedErrorOrSkippedNeverBatched() {
        List<PairedWindow> ws = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            ws.add(window(8, 10 * k, 0, k));
        }
        PairedWindow w = ws.get(2);
        float[] d = w.blocks().get(Modality.EEG).data().clone();
        d[3 * T + 11] = Float.POSITIVE_INFINITY;
        SignalBlock b = w.blocks().get(Modality.EEG);
        ws.set(2, new PairedWindow(Map.of(Modality.EEG, new SignalBlock(b.channelNames(), 100, b.firstSample(), T, d)),
                w.channels(), w.label(), w.key(), w.onset()));
        try (WindowStore s = WindowStore.build(tmp.resolve("nan"), "k", ws.iterator());
                NDManager manager = NDManager.newBaseManager()) {
            WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(2, false).build();
            ds.get(manager, 1);
            InvalidWindowException e = assertThrows(InvalidWindowException.class, () -> ds.get(manager, 2));
            assertEquals(2, e.storeIndex());
            assertEquals(Modality.EEG, e.modality());
            assertEquals(KEY, e.key());
            assertTrue(e.getMessage().contains("window 2 (" + KEY + " at 20.0 s), EEG")
                    && e.getMessage().contains("sample 11 of channel 'E3' is Infinity"),
                    e.getMessage());
            // Batching runs into the same error: no batch holds the infinity.
            assertThrows(InvalidWindowException.class, () -> {
                for (Batch batch : ds.getData(manager)) {
                    batch.close();
                }
            });

            WindowDataset skipping = WindowDataset.builder().setStore(s).setSampling(2, false)
                    .optNonFinite(WindowDataset.NonFinitePolicy.SKIP).build();
            assertEquals(3, skipping.size());
            assertEquals(List.of(2), skipping.skipped());
            assertEquals(3, skipping.storeIndex(2));
            // Dataset index 2 is now store window 3, whose samples start at base 3.
            assertEquals(3f, skipping.get(manager, 2).getData().get(0).getFloat(0, 0), 0f);
        }
    }

    @Test
    void aNonFiniteFirstSampleIsFoundToo() {
        List<PairedWindow> ws = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            ws.add(window(8, 10 * k, k, k));
        }
        PairedWindow w = ws.get(1);
        float[] d = w.blocks().get(Modality.EEG).data().clone();
        d[0] = Float.NaN;
        ws.set(1, new PairedWindow(Map.of(Modality.EEG, new SignalBlock(w.blocks().get(Modality.EEG).channelNames(),
                100, 1000, T, d)), w.channels(), w.label(), w.key(), w.onset()));
        try (WindowStore s = WindowStore.build(tmp.resolve("nan0"), "k", ws.iterator());
                NDManager manager = NDManager.newBaseManager()) {
            WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(3, false).build();
            InvalidWindowException e = assertThrows(InvalidWindowException.class, () -> ds.get(manager, 1));
            assertTrue(e.getMessage().contains("sample 0 of channel 'E0' is NaN"), e.getMessage());
            WindowDataset skipping = WindowDataset.builder().setStore(s).setSampling(3, false)
                    .optNonFinite(WindowDataset.NonFinitePolicy.SKIP).build();
            assertEquals(List.of(1), skipping.skipped());
            assertEquals(2, skipping.size());
        }
    }

    @Test
    void examplesCarryANamedLabelMinusOneWhenUnlabelled() {
        PairedWindow labelled = window(8, 0, 2, 0);
        PairedWindow unlabelled = new PairedWindow(labelled.blocks(), labelled.channels(), OptionalInt.empty(), KEY,
                10);
        try (WindowStore s = WindowStore.build(tmp.resolve("labels"), "k",
                List.of(labelled, unlabelled).iterator()); NDManager manager = NDManager.newBaseManager()) {
            WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(2, false).build();
            assertEquals(List.of(Modality.EEG), ds.modalities());
            assertEquals(s, ds.store());
            NDArray l0 = ds.get(manager, 0).getLabels().singletonOrThrow();
            NDArray l1 = ds.get(manager, 1).getLabels().singletonOrThrow();
            assertEquals("label", l0.getName());
            assertEquals("label", l1.getName());
            assertEquals(2, l0.getInt());
            assertEquals(-1, l1.getInt());
        }
    }

    @Test
    void aWindowOfAnotherLengthFilteredOutLeavesTheRestBatchable() throws Exception {
        // Store window 0 is one sample short; the kept windows 1 and 2 agree with each other, and that is all the
        // dataset needs.
        PairedWindow first = window(8, 0, 0, 0);
        SignalBlock b = first.blocks().get(Modality.EEG);
        first = new PairedWindow(Map.of(Modality.EEG, new SignalBlock(b.channelNames(), 100, 0, T - 1,
                Arrays.copyOf(b.data(), 8 * (T - 1)))), first.channels(), first.label(), KEY, 0);
        List<PairedWindow> ws = List.of(first, window(8, 10, 1, 1), window(19, 20, 0, 2));
        try (WindowStore s = WindowStore.build(tmp.resolve("len"), "k", ws.iterator());
                NDManager manager = NDManager.newBaseManager()) {
            WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(2, false)
                    .optFilter(i -> i.onset() > 0).build();
            assertEquals(2, ds.size());
            assertEquals(1, ds.storeIndex(0));
            int batches = 0;
            for (Batch batch : ds.getData(manager)) {
                try (batch) {
                    assertEquals(new Shape(2, 19, T), batch.getData().get(0).getShape());
                    batches++;
                }
            }
            assertEquals(1, batches);
        }
    }

    @Test
    void subDatasetsAreWindowDatasetsOverTheSameStoreWindows() throws Exception {
        try (WindowStore s = raggedStore(); NDManager manager = NDManager.newBaseManager()) {
            WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(2, false)
                    .optFilter(i -> i.onset() > 0).build();
            // dataset indices 0, 1 are store windows 1, 2
            WindowDataset picked = (WindowDataset) ds.subDataset(List.of(1L, 0L));
            assertEquals(2, picked.storeIndex(0));
            assertEquals(1, picked.storeIndex(1));
            assertEquals(new Shape(30, T), picked.get(manager, 0).getData().get(0).getShape());
            WindowDataset range = (WindowDataset) ds.subDataset(1, 2);
            assertEquals(1, range.size());
            assertEquals(2, range.storeIndex(0));
            assertEquals(20.0, range.info(0).onset());
        }
    }

    @Test
    void sensorMetadataThatDoesNotMatchTheRowsNamesTheWindowAndModality() {
        PairedWindow w = window(8, 4, 1, 0);
        WindowInfo info = new WindowInfo(17, KEY, 4, OptionalInt.of(1), w.extents());
        try (NDManager manager = NDManager.newBaseManager()) {
            InvalidWindowException e = assertThrows(InvalidWindowException.class, () -> WindowDataset.arrays(manager,
                    info, Modality.EEG, w.blocks().get(Modality.EEG), eeg(7), SensorFeatures.of(eeg(7))));
            assertTrue(e.getMessage().startsWith("window 17 (" + KEY + " at 4.0 s), EEG: 7 channels of sensor"
                    + " metadata for a block of 8 rows"), e.getMessage());
            NDList ok = WindowDataset.arrays(manager, info, Modality.EEG, w.blocks().get(Modality.EEG), eeg(8),
                    SensorFeatures.of(eeg(8)));
            assertArrayEquals(SensorFeatures.of(eeg(8)), ok.get(1).toFloatArray());
        }
    }

    @Test
    void windowsOfOneModalityWithDifferentLengthsAreNamedTogether() {
        PairedWindow shorter = window(8, 30, 0, 0);
        SignalBlock b = shorter.blocks().get(Modality.EEG);
        shorter = new PairedWindow(Map.of(Modality.EEG, new SignalBlock(b.channelNames(), 100, 3000, T - 1,
                Arrays.copyOf(b.data(), 8 * (T - 1)))), shorter.channels(), shorter.label(), KEY, 30);
        List<PairedWindow> ws = List.of(window(8, 0, 0, 0), window(19, 10, 1, 0), shorter);
        try (WindowStore s = WindowStore.build(tmp.resolve("t"), "k", ws.iterator());
                NDManager manager = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> WindowDataset.builder().setStore(s).setSampling(3, false).build());
            assertTrue(e.getMessage().contains("windows 0 (" + KEY + " at 0.0 s) and 2 (" + KEY + " at 30.0 s) have "
                    + T + " and " + (T - 1) + " EEG samples"), e.getMessage());
            // The batchifier on its own names the array and both examples' positions.
            NDList a = WindowDataset.arrays(manager, s.info(0), Modality.EEG, s.block(0, Modality.EEG),
                    s.channels(0, Modality.EEG), SensorFeatures.of(s.channels(0, Modality.EEG)));
            NDList c = WindowDataset.arrays(manager, s.info(2), Modality.EEG, s.block(2, Modality.EEG),
                    s.channels(2, Modality.EEG), SensorFeatures.of(s.channels(2, Modality.EEG)));
            IllegalArgumentException be = assertThrows(IllegalArgumentException.class,
                    () -> new PaddingBatchifier().batchify(new NDList[] {a, a, c}));
            assertTrue(be.getMessage().contains("('eeg') of example 0 has shape (8, 40)")
                    && be.getMessage().contains("of example 2 has shape (8, 39)"), be.getMessage());
        }
    }

    /** Window extents reach {@link WindowInfo}: kept per modality, with the span over all of them. */
    @Test
    void infoCarriesEveryModalitysExtent() {
        try (WindowStore s = raggedStore()) {
            WindowInfo i = s.info(1);
            assertEquals(10.0, i.extent(Modality.EEG).start());
            assertEquals(T / 100.0, i.extent(Modality.EEG).length());
            assertEquals(10.0, i.start());
            assertEquals(10.4, i.end(), 1e-12);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> i.extent(Modality.FNIRS));
            assertTrue(e.getMessage().contains("window 1") && e.getMessage().contains("FNIRS"), e.getMessage());
            assertEquals(new EnumMap<>(Map.of(Modality.EEG, i.extent(Modality.EEG))), i.extents());
        }
    }

    @Test
    void splittingAnEmptyBatchGivesNoSlicesAndZeroSlicesIsRefused() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList empty = new NDList(manager.zeros(new Shape(0, 3)));
            assertEquals(0, new PaddingBatchifier().split(empty, 2, false).length);
            NDList two = new NDList(manager.zeros(new Shape(2, 3)));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new PaddingBatchifier().split(two, 0, false));
            assertTrue(e.getMessage().contains("at least 1 slice"), e.getMessage());
            assertEquals(2, new PaddingBatchifier().split(two, 2, true).length);
        }
    }
}
