package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.linear.NonSymmetricMatrixException;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;

/**
 * A fit that a numerical library refuses (as the probe's Cholesky once refused a Hessian off by rounding) is an
 * internal failure naming the fold, not an {@link IllegalArgumentException} that commands report as a usage error;
 * a classifier's own refusal of its input stays an {@link IllegalArgumentException}.
 */
class NumericalFailureTest {
    private static Evaluation evaluation(RuntimeException thrown) {
        ConditionRegistry r = new ConditionRegistry();
        r.register("failing", () -> new WindowClassifier() {
            @Override
            public List<Modality> modalities() {
                return List.of(Modality.EEG);
            }

            @Override
            public void check(PairedWindow w) {
            }

            @Override
            public Trained fit(List<PairedWindow> train) {
                throw thrown;
            }
        });
        return Evaluation.builder().addConditions(List.of("failing"), r).setProtocol(Protocol.parse("within", 1, 4))
                .setTask("mi").optSeed(7).build();
    }

    @Test
    void aNumericalFailureIsInternalAndNamesTheFold() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02"), 24, true, 1);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> evaluation(new NonSymmetricMatrixException(3, 4, 1e-9)).run(windows));
        assertTrue(e.getMessage().startsWith("sub-01 fold 0 seed 7 failing: the fit failed numerically"),
                e.getMessage());
        IllegalArgumentException user = assertThrows(IllegalArgumentException.class,
                () -> evaluation(new IllegalArgumentException("class 1 has no training window")).run(windows));
        assertTrue(user.getMessage().contains("failing: class 1 has no training window"), user.getMessage());
    }
}
