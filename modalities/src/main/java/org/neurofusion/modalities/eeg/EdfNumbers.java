package org.neurofusion.modalities.eeg;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Formats numbers into EDF's fixed-width ASCII fields without losing more precision than the width forces. */
final class EdfNumbers {
    private EdfNumbers() {
    }

    /** The shortest plain decimal for {@code v} (no exponent), for display. */
    static String format(double v) {
        String s = BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
        return s.equals("-0") ? "0" : s;
    }

    /**
     * {@code v} written in at most {@code width} characters, rounded in the given direction (so a physical
     * minimum rounds down and a maximum up, and every sample stays inside the range).
     *
     * @throws IllegalArgumentException when no decimal of that width can hold the value
     */
    static String fit(double v, int width, RoundingMode mode) {
        BigDecimal d = BigDecimal.valueOf(v);
        for (int scale = Math.max(0, d.scale()); scale >= 0; scale--) {
            String s = d.setScale(scale, mode).stripTrailingZeros().toPlainString();
            if (s.contains(".") || scale == 0) {
                if (s.length() <= width) {
                    return s.equals("-0") ? "0" : s;
                }
            } else if (s.length() <= width) {
                return s;
            }
        }
        throw new IllegalArgumentException("value " + v + " does not fit in " + width + " characters");
    }
}
