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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
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
        List<PairedWindow> windows = TestWindows.awkward(11);
        try (WindowStore s = WindowStore.build(tmp.resolve("s"), "k", windows.iterator());
                NDManager manager = NDManager.newBaseManager()) {
            // Window 4 has no fNIRS: an EEG+fNIRS dataset must leave it out.
            WindowDataset ds = WindowDataset.builder().setStore(s).setSampling(2, false)
                    .optFilter(w -> s.has(w.index(), Modality.FNIRS)).build();
            assertEquals(windows.size() - 1, ds.size());
            Record r = ds.get(manager, 5);
            PairedWindow w = windows.get(ds.storeIndex(5));
            NDArray eeg = r.getData().get(0);
            assertEquals("eeg", eeg.getName());
            assertEquals(new Shape(4, w.blocks().get(Modality.EEG).sampleCount()), eeg.getShape());
            assertArrayEquals(w.blocks().get(Modality.EEG).data(), eeg.toFloatArray());
            assertEquals(new Shape(3, 11), r.getData().get(1).getShape());
            NDArray label = r.getLabels().singletonOrThrow();
            assertEquals(new Shape(), label.getShape());
            assertEquals(DataType.INT32, label.getDataType());
            assertEquals(w.label().orElse(-1), label.getInt());
            // Window 2 is unlabelled (and comes before the one left out, so its index is unchanged).
            assertEquals(2, ds.storeIndex(2));
            assertEquals(-1, ds.get(manager, 2).getLabels().singletonOrThrow().getInt());
        }
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
            }
            assertTrue(losses.stream().allMatch(l -> Float.isFinite(l) && l > 0), losses.toString());
        }
    }
}
