package org.neurofusion.alignment.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two views of each window of one modality, for self-supervised pre-training without a second modality: each view
 * hides its own random share of the window's real channels (through the channel mask, so the sensor-token encoder
 * never sees them), and InfoNCE pulls a window's two views together against the other windows of the batch. The
 * draw of row {@code i} depends only on its seed, so a window's views do not depend on which batch it is in.
 */
final class ChannelViews {
    /** The suffix that names the second view among the objective's views ({@code eeg} and {@code eeg.view}). */
    static final String SECOND = ".view";

    /**
     * How to draw the views.
     *
     * @param dropout  share of each window's real channels hidden from each view, in (0, 1)
     * @param rowSeeds one seed per row of the batch
     */
    record Spec(double dropout, long[] rowSeeds) {
        Spec {
            if (!(dropout > 0 && dropout < 1)) {
                throw new IllegalArgumentException("view dropout must lie in (0, 1), got " + dropout);
            }
        }
    }

    private ChannelViews() {
    }

    /**
     * The two views' channel masks for a (B, C) mask: each real channel (mask > 0) is kept in a view with probability
     * {@code 1 − dropout}; a window keeps at least one real channel in each view; padding stays hidden.
     *
     * @throws IllegalArgumentException when the seeds do not match the batch
     */
    static NDList masks(NDArray mask, Spec spec) {
        long b = mask.getShape().get(0);
        long c = mask.getShape().get(1);
        if (spec.rowSeeds().length != b) {
            throw new IllegalArgumentException(spec.rowSeeds().length + " view seeds for a batch of " + b);
        }
        float[] m = mask.toType(DataType.FLOAT32, false).toFloatArray();
        float[][] views = {new float[m.length], new float[m.length]};
        for (int i = 0; i < b; i++) {
            SplittableRandom rnd = new SplittableRandom(spec.rowSeeds()[i]);
            List<Integer> real = new ArrayList<>();
            for (int k = 0; k < c; k++) {
                if (m[(int) (i * c + k)] > 0) {
                    real.add(k);
                }
            }
            for (float[] v : views) {
                int kept = 0;
                for (int k : real) {
                    if (rnd.nextDouble() >= spec.dropout()) {
                        v[(int) (i * c + k)] = 1;
                        kept++;
                    }
                }
                if (kept == 0 && !real.isEmpty()) {
                    v[(int) (i * c + real.get(rnd.nextInt(real.size())))] = 1;
                }
            }
        }
        NDList out = new NDList();
        for (float[] v : views) {
            out.add(mask.getManager().create(v, mask.getShape()).toType(mask.getDataType(), false));
        }
        return out;
    }

    /** Seeds for rows {@code rows} under a base seed: each row's seed depends on the base and the row alone. */
    static long[] seeds(long base, long[] rows) {
        long[] out = new long[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = new SplittableRandom(base * 0x9E3779B97F4A7C15L + rows[i]).nextLong();
        }
        return out;
    }
}
