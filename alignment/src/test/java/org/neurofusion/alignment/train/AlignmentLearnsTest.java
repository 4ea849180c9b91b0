package org.neurofusion.alignment.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.datasets.store.WindowStore;

/**
 * The whole loop learns what the two modalities share, and nothing when they share nothing: on windows whose EEG
 * amplitude and HbO slope follow one hidden number (seed 5, 4 training and 2 held-out subjects of 40 windows,
 * 12 epochs), held-out EEG→fNIRS top-1 retrieval ends at least 3× chance; the same run with pairs mismatched in
 * time stays within chance's 1 % binomial bound.
 */
@Tag("slow") // about 20 s: two runs of 12 epochs
class AlignmentLearnsTest {
    @TempDir
    static Path dir;
    static WindowStore store;

    @BeforeAll
    static void windows() {
        store = WindowStore.build(dir.resolve("store"), "shared-latent-5",
                SharedLatentWindows.make(6, 40, 5).iterator());
    }

    private static ObjectNode lastValidation(String control) {
        List<ObjectNode> vals = new ArrayList<>();
        PretrainConfig c = PretrainConfig.defaults().with("epochs", "12").with("batch_size", "16")
                .with("min_gap_s", "0").with("holdout_subjects", "2").with("supcon_weight", "0")
                .with("learning_rate", "0.002").with("control", control).with("patience", "12");
        Pretrainer.builder().setStore(store).setRunDirectory(dir.resolve(control)).optConfig(c).optSeed(5)
                .optLog(new PrintWriter(new StringWriter())).optEpochListener((e, t, v) -> vals.add(v)).build().run();
        return vals.get(vals.size() - 1);
    }

    @Test
    void sharedInformationIsRetrievedAndMismatchedPairsStayAtChance() {
        ObjectNode real = lastValidation("none");
        double chance = real.get("chance").asDouble();
        assertTrue(real.get("retrieval_top1").asDouble() >= 3 * chance, "top-1 " + real.get("retrieval_top1")
                + " against chance " + chance + ": " + real);
        ObjectNode control = lastValidation("time-shuffled");
        assertTrue(control.get("top1_hits").asInt() < control.get("top1_chance_bound").asInt(),
                "control top-1 hits " + control.get("top1_hits") + " reach chance's bound "
                        + control.get("top1_chance_bound") + ": " + control);
    }
}
