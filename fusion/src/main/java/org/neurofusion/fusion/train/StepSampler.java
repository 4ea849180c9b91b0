package org.neurofusion.fusion.train;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The windows of each training step, drawn from the seed and the step number alone, so that a resumed run draws what
 * an uninterrupted one would have drawn.
 */
final class StepSampler {
    private StepSampler() {
    }

    /** The step's windows: labelled ones, and for the stages that use them a share of unlabelled ones. */
    static List<Long> sample(FusionData data, Stage stage, FusionConfig config, long seed, long step) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        int batch = config.batchSize();
        boolean mixes = stage == Stage.STUDENT || stage == Stage.SELF_TRAINING;
        List<Long> unl = data.unlabelled();
        int nl = mixes && !unl.isEmpty() ? Math.max(1, (int) Math.round(batch * config.labelledFraction()))
                : batch;
        List<Long> out = new ArrayList<>(draw(data.labelled(), nl, rnd));
        if (mixes && !unl.isEmpty()) {
            out.addAll(draw(unl, batch - Math.min(nl, data.labelled().size()), rnd));
        }
        return out;
    }

    /** {@code k} distinct elements of {@code pool} (all of it when it is smaller), in draw order. */
    static List<Long> draw(List<Long> pool, int k, SplittableRandom rnd) {
        int n = pool.size();
        if (k >= n) {
            List<Long> all = new ArrayList<>(pool);
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                Long t = all.get(i);
                all.set(i, all.get(j));
                all.set(j, t);
            }
            return all;
        }
        Set<Integer> seen = new HashSet<>();
        List<Long> out = new ArrayList<>(k);
        while (out.size() < k) {
            int i = rnd.nextInt(n);
            if (seen.add(i)) {
                out.add(pool.get(i));
            }
        }
        return out;
    }
}
