package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The simulator's fNIRS forward model against the modified Beer–Lambert law written out here, with extinction
 * coefficients typed in from Scott Prahl's tabulation (https://omlc.org/spectra/hemoglobin/summary.html, the table
 * MNE-Python ships; cm⁻¹/(mol/L), base 10): HbO₂ 586 and Hb 1548.52 at 760 nm, HbO₂ 1058 and Hb 691.32 at
 * 850 nm. For a change ΔHbO, ΔHbR (mol/L) seen by a source–detector pair d cm apart with partial pathlength
 * factor PPF,
 *
 * <pre>  ΔOD(λ) = ln 10 · (ε_HbO(λ) ΔHbO + ε_HbR(λ) ΔHbR) · d · PPF   (natural-log optical density, −ln I/I₀).</pre>
 *
 * The simulator's physiology and detector noise cannot be turned off, so the test runs the same subject, run and
 * random streams twice, the second time with a known constant step added to one cortical source's HbO and HbR:
 * every draw is the same, and the log-ratio of the two intensities is the step's optical density alone. Each pair
 * sees the step weighted by its sensitivity to that source (the subject model's, an input here). The simulator uses
 * MNE's rounded 0.2303 for ln 10 / 10, 0.018 % off, inside the tolerance of 0.1 %.
 */
class FnirsForwardModelTest {
    private static final Map<Integer, double[]> PRAHL = Map.of(760, new double[] {586, 1548.52},
            850, new double[] {1058, 691.32});

    @Test
    void aStepInOneSourceChangesOpticalDensityByTheBeerLambertLaw() {
        SimulationConfig c = SimulationConfig.builder().optSeed(17).optSubjects(1).optRestingRunSeconds(60).build();
        SubjectModel m = new SubjectModel(c, 0);
        Protocol.Schedule schedule = Protocol.resting(c);
        LatentActivity lat = new LatentActivity(c, m, schedule, Simulator.random(c.seed(), 0, 0, 2));
        FnirsSynthesis.Result before = FnirsSynthesis.generate(c, m, lat, schedule.duration(),
                Simulator.random(c.seed(), 0, 0, 4));
        // the source the probe sees best
        int k = 0;
        double best = -1;
        for (int j = 0; j < m.sources.size(); j++) {
            double total = 0;
            for (double[] row : m.sensitivity) {
                total += row[j];
            }
            if (total > best) {
                best = total;
                k = j;
            }
        }
        double dHbo = 1e-6;
        double dHbr = -0.4e-6;
        for (int i = 0; i < lat.hbo[k].length; i++) {
            lat.hbo[k][i] += dHbo;
            lat.hbr[k][i] += dHbr;
        }
        FnirsSynthesis.Result after = FnirsSynthesis.generate(c, m, lat, schedule.duration(),
                Simulator.random(c.seed(), 0, 0, 4));

        double ppf = c.ppf();
        int seen = 0;
        for (int p = 0; p < m.probe.pairs().size(); p++) {
            double dCm = 100 * m.probe.pairs().get(p).distance();
            double w = m.sensitivity[p][k];
            for (int ch = 2 * p; ch < 2 * p + 2; ch++) {
                String name = before.channels().get(ch).name();
                int nm = Integer.parseInt(name.substring(name.lastIndexOf(' ') + 1));
                double[] eps = PRAHL.get(nm);
                double unit = Math.log(10) * (eps[0] * dHbo + eps[1] * dHbr) * dCm * ppf;
                double expected = w * unit;
                double[] y0 = before.data()[ch];
                double[] y1 = after.data()[ch];
                for (int i = 0; i < y0.length; i += 7) {
                    double dOd = -Math.log(y1[i] / y0[i]);
                    // sensitivities under 1e-4 the simulator leaves out: 1e-4 of a full-sensitivity step
                    assertEquals(expected, dOd, 1e-3 * Math.abs(expected) + 1e-4 * Math.abs(unit),
                            name + " (sensitivity " + w + ") sample " + i);
                }
                if (w > 0.3) {
                    seen++;
                }
            }
        }
        assertTrue(seen >= 4, "channels well placed over the source: " + seen);
    }
}
