package org.neurofusion.datasets.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Record;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.datasets.PairedWindow;

/** The dataset through DJL with the PyTorch engine, offline: examples, batches and a few training steps. */
class WindowDatasetTrainingTest {
    @TempDir
    Path tmp;

    /** Mean cross-entropy written with array operations only (no Java scalars in the graph). */
    private static final class CrossEntropy extends Loss {
        CrossEntropy() {
            super("cross-entropy");
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray logp = predictions.singletonOrThrow().logSoftmax(1);
            NDArray onehot = labels.singletonOrThrow().oneHot(2).toType(DataType.FLOAT32, false);
            return logp.mul(onehot).sum(new int[] {1}).mean().neg();
        }
    }

    @Test
    void examplesMatchTheStore() {
        // The awkward windows hold NaN and infinities (which a dataset refuses) and two EEG lengths (which one batch
        // cannot hold): keep their finite version and the 50-sample windows.
        List<PairedWindow> windows = TestWindows.awkward(11).stream().map(WindowDatasetTrainingTest::finite).toList();
        try (WindowStore s = WindowStore.build(tmp.resolve("s"), "k", windows.iterator());
                NDManager manager = NDManager.newBaseManager()) {
            // Window 4 has no fNIRS: an EEG+fNIRS dataset must leave it out.
            WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(2, false)
                    .optFilter(w -> s.has(w.index(), Modality.FNIRS) && s.shape(w.index(), Modality.EEG)[1] == 50)
                    .build();
            assertEquals(windows.size() - 1 - windows.size() / 4, ds.size());
            Record r = ds.get(manager, 5);
            PairedWindow w = windows.get(ds.storeIndex(5));
            // Three arrays per modality, modalities in order: data, sensor features, mask (the batch contract).
            assertEquals(List.of("eeg", "eeg_sensors", "eeg_mask", "fnirs", "fnirs_sensors", "fnirs_mask"),
                    r.getData().stream().map(NDArray::getName).toList());
            NDArray eeg = r.getData().get(0);
            assertEquals(new Shape(4, w.blocks().get(Modality.EEG).sampleCount()), eeg.getShape());
            assertArrayEquals(w.blocks().get(Modality.EEG).data(), eeg.toFloatArray());
            assertArrayEquals(SensorFeatures.of(w.channels().get(Modality.EEG)), r.getData().get(1).toFloatArray());
            assertEquals(new Shape(4, SensorFeatures.COUNT), r.getData().get(1).getShape());
            assertArrayEquals(new float[] {1, 1, 1, 1}, r.getData().get(2).toFloatArray());
            assertEquals(new Shape(3, 11), r.getData().get(3).getShape());
            assertArrayEquals(w.blocks().get(Modality.FNIRS).data(), r.getData().get(3).toFloatArray());
            assertEquals(new Shape(3, SensorFeatures.COUNT), r.getData().get(4).getShape());
            assertEquals(new Shape(3), r.getData().get(5).getShape());
            NDArray label = r.getLabels().singletonOrThrow();
            assertEquals(new Shape(), label.getShape());
            assertEquals(DataType.INT32, label.getDataType());
            assertEquals(w.label().orElse(-1), label.getInt());
            // Window 2 is unlabelled (and comes before the ones left out, so its index is unchanged).
            assertEquals(2, ds.storeIndex(2));
            assertEquals(-1, ds.get(manager, 2).getLabels().singletonOrThrow().getInt());
        }
    }

    /** The window with every NaN or infinite sample replaced by zero. */
    private static PairedWindow finite(PairedWindow w) {
        Map<Modality, SignalBlock> blocks = new EnumMap<>(Modality.class);
        w.blocks().forEach((m, b) -> {
            float[] d = b.data().clone();
            for (int i = 0; i < d.length; i++) {
                d[i] = Float.isFinite(d[i]) ? d[i] : 0f;
            }
            blocks.put(m, new SignalBlock(b.channelNames(), b.samplingRate(), b.firstSample(), b.sampleCount(), d));
        });
        return new PairedWindow(blocks, w.channels(), w.label(), w.key(), w.onset(), w.extents());
    }

    @Test
    void aLinearProbeTrainsOnBatchesFromTheStore() throws Exception {
        SyntheticWindows spec = new SyntheticWindows(3, 2, 8, 6, 100, 1, 4, 10, 2, 6, 3);
        Engine.getInstance().setRandomSeed(5);
        try (WindowStore s = WindowStore.build(tmp.resolve("s"), "k", spec.iterator());
                Model model = Model.newInstance("probe", "PyTorch")) {
            WindowDataset ds = WindowDataset.builder().setStore(s).optModalities(Modality.EEG)
                    .setSampling(new SubjectMixedSampler(8, 1, true)).build();
            model.setBlock(Linear.builder().setUnits(2).build());
            DefaultTrainingConfig config = new DefaultTrainingConfig(new CrossEntropy())
                    .optOptimizer(Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.5f)).build());
            List<Float> losses = new ArrayList<>();
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 6));
                int steps = 0;
                for (Batch batch : trainer.iterateDataset(ds)) {
                    try (batch) {
                        // With one modality the data are [eeg, eeg_sensors, eeg_mask]: the samples come first.
                        NDArray eeg = batch.getData().get(0);
                        assertEquals(new Shape(8, 6, 100), eeg.getShape());
                        // Mean power per channel, scaled to order one: a feature the label changes little, but
                        // enough to see the loss move.
                        NDArray features = eeg.square().mean(new int[] {2}).mul(1e9f);
                        try (GradientCollector gc = trainer.newGradientCollector()) {
                            NDArray logits = trainer.forward(new NDList(features)).singletonOrThrow();
                            NDArray loss = trainer.getLoss().evaluate(batch.getLabels(), new NDList(logits));
                            losses.add(loss.getFloat());
                            gc.backward(loss);
                        }
                        trainer.step();
                    }
                    if (++steps == 3) {
                        break;
                    }
                }
                assertEquals(3, steps);
                // the training moves the weights the right way: one more step on one batch lowers that batch's loss
                Batch batch = trainer.iterateDataset(ds).iterator().next();
                try (batch) {
                    NDArray features = batch.getData().get(0).square().mean(new int[] {2}).mul(1e9f);
                    float before;
                    try (GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray logits = trainer.forward(new NDList(features)).singletonOrThrow();
                        NDArray loss = trainer.getLoss().evaluate(batch.getLabels(), new NDList(logits));
                        before = loss.getFloat();
                        gc.backward(loss);
                    }
                    trainer.step();
                    float after = trainer.getLoss().evaluate(batch.getLabels(),
                            new NDList(trainer.evaluate(new NDList(features)).singletonOrThrow())).getFloat();
                    assertTrue(after < before, "one SGD step on a batch raised its loss: " + before + " -> " + after);
                }
            }
            assertTrue(losses.stream().allMatch(l -> Float.isFinite(l) && l > 0), losses.toString());
        }
    }
}
