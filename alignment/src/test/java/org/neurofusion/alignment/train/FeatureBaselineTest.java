package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.alignment.metrics.Retrieval;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.store.WindowStore;

class FeatureBaselineTest {
    @TempDir
    Path dir;

    @Test
    void sharedPowerAndRiseAreFoundByHandMadeFeatures() {
        try (WindowStore store = WindowStore.build(dir.resolve("s"), "fb", SharedLatentWindows.make(4, 30, 9)
                .iterator())) {
            PretrainConfig c = PretrainConfig.defaults().with("holdout_subjects", "1").with("batch_size", "8");
            TrainingData d = TrainingData.split(store, c, 1);
            List<String> groups = new ArrayList<>();
            for (long i = 0; i < d.val().size(); i++) {
                groups.add(d.val().info(i).key().subject());
            }
            Retrieval.Result r = FeatureBaseline.evaluate(store, d.train(), d.val(), d.modalities(), groups)
                    .orElseThrow();
            assertEquals(30, r.aToB().queries());
            // one hidden number drives EEG power and the HbO rise: the ridge map finds its partner often
            assertTrue(r.aToB().top1() >= 5 * r.aToB().chanceTop1(), "top-1 " + r.aToB().top1());
            double[][] eeg = FeatureBaseline.features(store, d.val(), Modality.EEG);
            double[][] nirs = FeatureBaseline.features(store, d.val(), Modality.FNIRS);
            assertEquals(SharedLatentWindows.EEG_CHANNELS, eeg[0].length);
            assertEquals(2 * SharedLatentWindows.NIRS_CHANNELS, nirs[0].length);
        }
    }
}
