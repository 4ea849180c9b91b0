package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Tests for the issue-19 survivors in {@link Standardisation}. */
class StandardisationSurvivorsTest {
    /**
     * A feature far from zero (10¹², as a timestamp or an absolute count) with a spread of order one: values 10¹²,
     * 10¹² + 1, 10¹² + 1 have mean 10¹² + 2/3 and population standard deviation √(2/9). The two-pass form Σ(x − m)²
     * keeps that; Σ(x + m)(x − m) = Σx² − n·m², equal in exact arithmetic, loses it to cancellation (m's rounding,
     * about 6·10⁻⁵ here, comes back multiplied by 2·n·m).
     */
    @Test
    void aLargeOffsetDoesNotLeakIntoTheScale() {
        Standardisation st = Standardisation.of(new double[][] {{1e12, 3}, {1e12 + 1, 5}, {1e12 + 1, 7}});
        assertEquals(1e12 + 2.0 / 3, st.mean()[0], 1e-3);
        assertEquals(Math.sqrt(2.0 / 9), st.scale()[0], 1e-7 * Math.sqrt(2.0 / 9));
        assertEquals(5, st.mean()[1], 0);
        assertEquals(Math.sqrt(8.0 / 3), st.scale()[1], 1e-15);
    }
}
