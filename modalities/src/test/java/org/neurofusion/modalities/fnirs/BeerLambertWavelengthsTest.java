package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;

/**
 * Beer–Lambert with three wavelengths (the README promises two or more) against a least-squares solution
 * worked out here by hand: Prahl's coefficients typed in from the table, the 2 × 2 normal equations solved by
 * Cramer's rule. The optical densities disagree with any one pair of concentrations, so an implementation that
 * used two of the three wavelengths would be off by far more than the tolerance.
 */
class BeerLambertWavelengthsTest {
    private static final double[] NM = {690, 760, 850};
    /** Prahl's {HbO₂, HbR} at 690, 760 and 850 nm, cm⁻¹/(mol/L), from prahl_hemoglobin_extinction.tsv. */
    private static final double[][] PRAHL = {{276, 2051.96}, {586, 1548.52}, {1058, 691.32}};
    private static final double DISTANCE = 0.03;
    private static final double PPF = 6.0;

    private static Recording od(double[][] od) {
        SensorPosition s = new SensorPosition(0, 0, 0);
        SensorPosition d = new SensorPosition(0, DISTANCE, 0);
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("simulated");
        for (int k = 0; k < NM.length; k++) {
            OpticalChannel oc = new OpticalChannel(2, 5, OptionalDouble.of(NM[k]), Optional.of(s), Optional.of(d));
            b.addChannel(oc.toChannel(ChannelType.FNIRS_OD, "AU", 10, od[k].length, Map.of()), od[k]);
        }
        return b.build();
    }

    /** {HbO, HbR} (mol/L) minimising the squared OD residual over the given wavelengths, by hand. */
    private static double[] leastSquares(double[] od, int wavelengths) {
        double a = 0;
        double b = 0;
        double c = 0;
        double y0 = 0;
        double y1 = 0;
        for (int k = 0; k < wavelengths; k++) {
            double e0 = PRAHL[k][0] * 0.2303 * DISTANCE * PPF;
            double e1 = PRAHL[k][1] * 0.2303 * DISTANCE * PPF;
            a += e0 * e0;
            b += e0 * e1;
            c += e1 * e1;
            y0 += e0 * od[k];
            y1 += e1 * od[k];
        }
        double det = a * c - b * b;
        return new double[] {(y0 * c - b * y1) / det * 1e-3, (a * y1 - b * y0) / det * 1e-3};
    }

    @Test
    void threeWavelengthsGiveTheLeastSquaresConcentrations() {
        // per sample: OD at 690, 760, 850 nm, none of them consistent with the other two
        double[][] samples = {{0.010, 0.020, 0.030}, {-0.004, 0.007, 0.001}, {0.05, -0.02, 0.01}, {0, 0, 0.02}};
        double[][] byWavelength = new double[3][samples.length];
        for (int t = 0; t < samples.length; t++) {
            for (int k = 0; k < 3; k++) {
                byWavelength[k][t] = samples[t][k];
            }
        }
        Recording hb = BeerLambert.withDefaults().apply(od(byWavelength));
        assertEquals(List.of("S2_D5 hbo", "S2_D5 hbr"), hb.channels().stream().map(Channel::name).toList(),
                "the pair's three wavelength channels become one HbO and one HbR channel");
        double[] hbo = hb.readAll(0);
        double[] hbr = hb.readAll(1);
        for (int t = 0; t < samples.length; t++) {
            double[] want = leastSquares(samples[t], 3);
            double[] firstTwo = leastSquares(samples[t], 2);
            double scale = Math.abs(want[0]) + Math.abs(want[1]);
            assertEquals(want[0], hbo[t], 1e-9 * scale, "HbO at sample " + t);
            assertEquals(want[1], hbr[t], 1e-9 * scale, "HbR at sample " + t);
            // the two-wavelength answer is far away: the check above could not pass with it
            double miss = Math.abs(firstTwo[0] - want[0]) + Math.abs(firstTwo[1] - want[1]);
            assertTrue(miss > 1e-3 * scale, "sample " + t + ": two wavelengths differ by only " + miss);
        }
    }

    @Test
    void nearlyParallelWavelengthsAreRefusedAsSingular() {
        // rows (1, 2) and (1, 2 + 1e-6): det(EᵀE) = 1e-12, relative to a·d = 16 well under the 1e-12 threshold
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> BeerLambert.pseudoInverse(new double[][] {{1, 2}, {1, 2 + 1e-6}}, "S1_D1"));
        assertTrue(e.getMessage().contains("S1_D1") && e.getMessage().contains("singular"), e.getMessage());
        // a hundred times further apart they separate, and the inverse is exact
        double[][] inv = BeerLambert.pseudoInverse(new double[][] {{1, 2}, {1, 2.001}}, "S1_D1");
        assertEquals(2001, inv[0][0], 1e-3);
        assertEquals(-2000, inv[0][1], 1e-3);
        assertEquals(-1000, inv[1][0], 1e-3);
        assertEquals(1000, inv[1][1], 1e-3);
    }

    @Test
    void threeConsistentWavelengthsInvertTheForwardModelExactly() {
        double hbo = 2.5e-6;
        double hbr = -1.1e-6;
        double[][] od = new double[3][1];
        for (int k = 0; k < 3; k++) {
            od[k][0] = (PRAHL[k][0] * hbo + PRAHL[k][1] * hbr) * 0.2303 * DISTANCE * PPF / 1e-3;
        }
        Recording hb = BeerLambert.withDefaults().apply(od(od));
        assertEquals(hbo, hb.readAll(0)[0], 1e-9 * hbo);
        assertEquals(hbr, hb.readAll(1)[0], 1e-9 * Math.abs(hbr));
        assertEquals(ChannelType.HBO, hb.channels().get(0).type());
        assertEquals(ChannelType.HBR, hb.channels().get(1).type());
        assertEquals("mol/L", hb.channels().get(1).unit());
    }
}
