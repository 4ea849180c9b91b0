package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;

/** fNIRS processing on simulated recordings whose right answers are known in closed form. */
class FnirsProcessingTest {
    static final double FS = 10;

    /** One pair S1_D1 (3 cm) at 760/850 nm, intensities from given HbO/HbR changes via the forward model. */
    static InMemoryRecording simulated(double[] hbo, double[] hbr, double distance, double ppf) {
        SensorPosition s = new SensorPosition(0, 0, 0);
        SensorPosition d = new SensorPosition(distance, 0, 0);
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("simulated");
        for (double wl : new double[] {760, 850}) {
            double[] e = ExtinctionCoefficients.at(wl);
            double[] x = new double[hbo.length];
            for (int t = 0; t < x.length; t++) {
                // OD = E·c / 1e-3 with E = ε × 0.2303 × distance × ppf; intensity = I0 × exp(−OD).
                double od = (e[0] * hbo[t] + e[1] * hbr[t]) * 0.2303 * distance * ppf / 1e-3;
                x[t] = 2.0 * Math.exp(-od);
            }
            OpticalChannel oc = new OpticalChannel(1, 1, OptionalDouble.of(wl), Optional.of(s), Optional.of(d));
            b.addChannel(oc.toChannel(ChannelType.FNIRS_CW_AMPLITUDE, "V", FS, x.length, Map.of()), x);
        }
        b.addChannel(new Channel("aux", ChannelType.MISC, "AU", FS, 0), new double[hbo.length]);
        return b.build();
    }

    @Test
    void extinctionTableIsPrahlsAndInterpolates() {
        assertEquals(586, ExtinctionCoefficients.at(760)[0]);
        assertEquals(1548.52, ExtinctionCoefficients.at(760)[1]);
        assertEquals(1058, ExtinctionCoefficients.at(850)[0]);
        assertEquals((974 + 982.8) / 2, ExtinctionCoefficients.at(831)[0], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ExtinctionCoefficients.at(1200));
    }

    @Test
    void beerLambertInvertsTheForwardModel() {
        Random rnd = new Random(5);
        int n = 300;
        double[] hbo = new double[n];
        double[] hbr = new double[n];
        for (int t = 0; t < n; t++) {
            hbo[t] = 1e-6 * Math.sin(t / 20.0) + 1e-7 * rnd.nextGaussian();
            hbr[t] = -0.4e-6 * Math.sin(t / 20.0 + 0.3);
        }
        Recording raw = simulated(hbo, hbr, 0.03, 6.0);
        Recording od = new OpticalDensity().apply(raw);
        assertEquals(ChannelType.FNIRS_OD, od.channels().get(0).type());
        Recording hb = BeerLambert.builder().optTotal(true).build().apply(od);
        assertEquals(List.of("S1_D1 hbo", "S1_D1 hbr", "S1_D1 hbt", "aux"),
                hb.channels().stream().map(Channel::name).toList());
        assertEquals("mol/L", hb.channels().get(0).unit());
        double[] o = hb.readAll(0);
        double[] r = hb.readAll(1);
        double[] tot = hb.readAll(2);
        // OD is relative to the mean intensity, so concentrations come back relative to a constant offset.
        double offO = o[0] - hbo[0];
        double offR = r[0] - hbr[0];
        for (int t = 0; t < n; t++) {
            assertEquals(hbo[t], o[t] - offO, 1e-12);
            assertEquals(hbr[t], r[t] - offR, 1e-12);
            assertEquals(o[t] + r[t], tot[t], 1e-18);
        }
        assertEquals(List.of("optical_density", "beer_lambert"),
                hb.history().stream().map(s -> s.operation()).toList());
        assertEquals("6.0", hb.history().get(1).parameters().get("ppf"));
        // A different ppf scales the concentrations by its inverse.
        double[] o3 = BeerLambert.builder().optPpf(3.0).build().apply(od).readAll(0);
        assertEquals(2 * o[10], o3[10], 1e-15);
    }

    @Test
    void beerLambertRefusesWhatItCannotConvert() {
        Recording raw = simulated(new double[50], new double[50], 0.03, 6);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BeerLambert.withDefaults().apply(raw));
        assertTrue(e.getMessage().contains("OpticalDensity"), e.getMessage());
        InMemoryRecording noPos = InMemoryRecording.builder()
                .addChannel(new OpticalChannel(1, 2, OptionalDouble.of(760), Optional.empty(), Optional.empty())
                        .toChannel(ChannelType.FNIRS_OD, "AU", FS, 3, Map.of()), new double[3])
                .addChannel(new OpticalChannel(1, 2, OptionalDouble.of(850), Optional.empty(), Optional.empty())
                        .toChannel(ChannelType.FNIRS_OD, "AU", FS, 3, Map.of()), new double[3])
                .build();
        e = assertThrows(IllegalArgumentException.class, () -> BeerLambert.withDefaults().apply(noPos));
        assertTrue(e.getMessage().contains("S1_D2"), e.getMessage());
    }

    @Test
    void opticalDensityHandlesNonPositiveIntensities() {
        InMemoryRecording r = InMemoryRecording.builder()
                .addChannel(new OpticalChannel(1, 1, OptionalDouble.of(760), Optional.empty(), Optional.empty())
                        .toChannel(ChannelType.FNIRS_CW_AMPLITUDE, "V", FS, 4, Map.of()), new double[] {1, -1, 0, 2})
                .build();
        double[] od = new OpticalDensity().apply(r).readAll(0);
        double mean = 0.5;
        assertEquals(-Math.log(1 / mean), od[0], 1e-15);
        assertEquals(-Math.log(1 / mean), od[1], 1e-15); // |−1| = 1
        assertEquals(-Math.log(1 / mean), od[2], 1e-15); // 0 floored at the smallest positive magnitude, 1
        assertTrue(Double.isFinite(od[2]));
    }

    @Test
    void tddrRemovesAStepAndKeepsTheRest() {
        int n = 2000;
        double[] clean = new double[n];
        double[] moved = new double[n];
        for (int t = 0; t < n; t++) {
            clean[t] = 0.01 * Math.sin(2 * Math.PI * 0.05 * t / FS) + 0.002 * Math.sin(2 * Math.PI * 1.1 * t / FS);
            moved[t] = clean[t] + (t >= 1000 ? 0.2 : 0);
        }
        double[] fixed = Tddr.correct(moved, FS);
        // The correction keeps the signal's mean, so compare up to a constant; the step itself leaves a brief
        // transient in the high-frequency part, so the few seconds around it are left out.
        double offset = 0;
        for (int t = 0; t < n; t++) {
            offset += (fixed[t] - clean[t]) / n;
        }
        double before = 0;
        double after = 0;
        for (int t = 100; t < n - 100; t++) {
            if (Math.abs(t - 1000) < 30) {
                continue;
            }
            before = Math.max(before, Math.abs(moved[t] - clean[t] - 0.1));
            after = Math.max(after, Math.abs(fixed[t] - clean[t] - offset));
        }
        assertTrue(before > 0.09, "the step makes the raw signal wrong by half its height: " + before);
        // the clean signal's peak is 0.012, so a tolerance above it would pass an output that dropped it; TDDR's
        // error here is 0.0061 (the 1.1 Hz part is where robust weights bite)
        assertTrue(after < 0.008, "after TDDR the signal is within 0.008 of the clean one (peak 0.012): " + after);
        // Without artifacts the signal is nearly untouched.
        double[] same = Tddr.correct(clean, FS);
        for (int t = 100; t < n - 100; t++) {
            assertEquals(clean[t], same[t], 2e-3);
        }
    }

    @Test
    void shortChannelRegressionRemovesTheScalpComponent() {
        int n = 1000;
        Random rnd = new Random(3);
        double[] scalp = new double[n];
        double[] brain = new double[n];
        for (int t = 0; t < n; t++) {
            scalp[t] = Math.sin(2 * Math.PI * 0.1 * t / FS) + 0.1 * rnd.nextGaussian();
            brain[t] = 0.3 * Math.sin(2 * Math.PI * 0.02 * t / FS + 1);
        }
        double[] longCh = new double[n];
        double[] shortCh = new double[n];
        for (int t = 0; t < n; t++) {
            longCh[t] = brain[t] + 0.8 * scalp[t];
            shortCh[t] = scalp[t];
        }
        SensorPosition s1 = new SensorPosition(0, 0, 0);
        InMemoryRecording r = InMemoryRecording.builder()
                .addChannel(new OpticalChannel(1, 1, OptionalDouble.of(760), Optional.of(s1),
                        Optional.of(new SensorPosition(0.03, 0, 0))).toChannel(ChannelType.FNIRS_OD, "AU", FS, n,
                        Map.of()), longCh)
                .addChannel(new OpticalChannel(1, 8, OptionalDouble.of(760), Optional.of(s1),
                        Optional.of(new SensorPosition(0.008, 0, 0))).toChannel(ChannelType.FNIRS_OD, "AU", FS, n,
                        Map.of()), shortCh)
                .build();
        assertEquals(List.of(1), ShortChannelRegression.shortChannels(r, 0.01));
        Recording out = new ShortChannelRegression().apply(r);
        double[] y = out.readAll(0);
        double err = 0;
        double my = 0;
        for (int t = 0; t < n; t++) {
            my += y[t] - brain[t];
        }
        my /= n;
        for (int t = 0; t < n; t++) {
            err = Math.max(err, Math.abs(y[t] - brain[t] - my));
        }
        assertTrue(err < 0.05, "regressed long channel is the brain signal: max error " + err);
        assertEquals("S1_D8 760", out.channels().get(0).attributes().get("short_channel_regressed"));
        assertEquals(shortCh[7], out.readAll(1)[7]);
    }
}
