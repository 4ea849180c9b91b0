package org.neurofusion.datasets.simulate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.modalities.fnirs.ExtinctionCoefficients;

/**
 * Continuous-wave fNIRS of one run, sampled on the fNIRS device's own clock. Per source–detector pair, the
 * concentration changes are the cortical haemodynamics the pair is sensitive to, superficial systemic
 * physiology (cardiac pulsation, respiration, Mayer waves, 1/f low-frequency oscillations, slow drift; fully in
 * short channels, partly in long ones; each component with its own HbR/HbO ratio) and the pair's own fluctuation
 * (its size set by the pair's coupling quality); they pass through the forward modified Beer–Lambert law at the pair's distance, in the convention of
 * {@link org.neurofusion.modalities.fnirs.BeerLambert} (OD = Σ ε·0.2303·d·ppf·Δc·10³), so that this project's
 * optical density and Beer–Lambert steps recover them; motion artefacts and detector noise are added in optical
 * density with a slow drift of the optode's coupling, and the intensity is I₀·e^(−OD).
 */
final class FnirsSynthesis {
    // Superficial (scalp) physiology in mol/L as a short channel sees it; a long channel sees systemicLongFraction
    // of it. Each component has its own HbR/HbO ratio, so that HbR is not a scaled copy of HbO: arterial cardiac
    // pulsation is nearly all HbO; venous volume waves (respiration, part of the slow oscillations) move HbR with
    // HbO; flow-driven oxygenation changes move it against HbO (Scholkmann et al. 2014 review; Tachtsidis &
    // Scholkmann 2016). Sizes are set so that long pairs match the shared real FineMI and NIRSport2 recordings:
    // HbO std 0.37 µM and HbR 0.15 µM in 0.01-0.5 Hz, HbO-HbR correlation near 0.1, Mayer share 0.12, HbO
    // inter-channel correlation 0.6 (docs/simulator.md, Realism).
    private static final double CARDIAC_HBO = 0.09e-6;
    private static final double CARDIAC_HBR = 0.009e-6;
    private static final double RESPIRATION_HBO = 0.1e-6;
    private static final double RESPIRATION_HBR = 0.05e-6;
    private static final double MAYER_HBO = 0.17e-6;
    private static final double MAYER_HBR = 0.05e-6;
    /** Low-frequency oscillations (0.01-0.5 Hz, 1/f^LFO_EXPONENT): a volume part (HbR with HbO) ... */
    private static final double VOLUME_HBO = 0.36e-6;
    private static final double VOLUME_HBR = 0.12e-6;
    /** ... and an oxygenation part (HbR against HbO). */
    private static final double OXY_HBO = 0.36e-6;
    private static final double OXY_HBR = -0.17e-6;
    // Task-evoked systemic change: any task raises scalp HbO (blood pressure, heart rate, skin flow) in every
    // channel, whatever the condition (Kirilina et al. 2012; Tachtsidis & Scholkmann 2016); its HbR change is
    // small and left out. Sized so that the evoked HbO averaged over all long pairs is about that of the shared
    // FineMI motor-imagery recording (0.19 µM 5-10 s after the cue); it carries no information about the condition.
    private static final double TASK_SYSTEMIC_HBO = 0.45e-6;
    /** Spectral exponent of the low-frequency oscillations (power ∝ 1/f^x). */
    private static final double LFO_EXPONENT = 1.7;
    /** Spectral exponent of each channel's own fluctuation. */
    private static final double LOCAL_EXPONENT = 1.0;
    /**
     * Drift below 0.01 Hz (slow blood-pressure and temperature changes), in both chromophores: with the coupling
     * drift below it sets the intensity variability over a run (real median 3.3 %) and the OD std (0.032).
     */
    private static final double DRIFT_HBO = 1.6e-6;
    private static final double DRIFT_HBR = 0.4e-6;
    /**
     * Each channel's own fluctuation (mol/L, for a pair of median coupling quality): superficial and cortical
     * variability no other channel shares, which keeps the HbO inter-channel correlation near the real 0.6. Its
     * HbR part is mostly independent of its HbO part.
     */
    private static final double LOCAL_HBO = 0.2e-6;
    private static final double LOCAL_HBR = 0.1e-6;
    private static final double LOCAL_HBR_COUPLING = 0.2;
    /**
     * Broadband (0.3 Hz to Nyquist, 1/f) haemodynamic fluctuation per channel: the background the heartbeat stands
     * on, about 6 dB in real OD spectra.
     */
    private static final double BROADBAND_HBO = 0.022e-6;
    /** Per-channel coupling drift of the optode on the skin, in OD common to both wavelengths, below 0.01 Hz. */
    private static final double COUPLING_DRIFT_OD = 0.004;
    /** Heart-rate variability: slow relative change of the heart rate (std), on top of Mayer and sinus coupling. */
    private static final double HEART_RATE_VARIABILITY = 0.04;
    /** Detector noise in optical density for a long channel at the typical long-channel intensity. */
    private static final double OD_NOISE = 0.7e-3;
    /**
     * Per-pair coupling quality (log-normal spread of its noise and local fluctuation) and the share of loosely
     * coupled pairs, whose heartbeat is weak and noise high: real probes give a scalp coupling index of 0.93 in the
     * median with a tail to near 0.
     */
    private static final double QUALITY_SPREAD = 0.4;
    private static final double LOOSE_SHARE = 0.08;

    private FnirsSynthesis() {
    }

    /** Channels (per pair, 760 then 850 nm) and their intensities (V), on the device clock. */
    record Result(List<Channel> channels, double[][] data) {
    }

    static Result generate(SimulationConfig c, SubjectModel m, LatentActivity lat, double duration,
            SplittableRandom rnd) {
        double fs = c.fnirsRate();
        int n = (int) Math.floor((duration - m.fnirsClock.offset()) / (1 + m.fnirsClock.drift()) * fs);
        if (n < 2) {
            throw new IllegalArgumentException("the fNIRS clock offset " + m.fnirsClock.offset()
                    + " s leaves no fNIRS samples in a " + duration + " s run");
        }
        double[] tau = new double[n];
        for (int i = 0; i < n; i++) {
            tau[i] = m.fnirsClock.toReference(i / fs);
        }
        // Systemic signals on the latent grid (EEG time); rhythms through their phase, which interpolates well.
        double gfs = 1 / LatentActivity.DT;
        double[] mayer = Noise.rhythm(rnd, lat.n, gfs, m.mayerFrequency, 0.015);
        double[] drift = Noise.band(rnd, lat.n, gfs, 0.002, 0.01);
        double[] volume = Noise.powerLaw(rnd, lat.n, gfs, LFO_EXPONENT, 0.01, 0.5);
        double[] oxy = Noise.powerLaw(rnd, lat.n, gfs, LFO_EXPONENT, 0.01, 0.5);
        double[] respPhase = new double[lat.n];
        double[] cardPhase = new double[lat.n];
        double[] respJitter = Noise.band(rnd, lat.n, gfs, 0.005, 0.05);
        double[] heartRate = Noise.band(rnd, lat.n, gfs, 0.003, 0.05);
        double pr = 2 * Math.PI * rnd.nextDouble();
        double pc = 2 * Math.PI * rnd.nextDouble();
        for (int i = 0; i < lat.n; i++) {
            respPhase[i] = pr;
            cardPhase[i] = pc;
            double fr = m.respirationFrequency * (1 + 0.08 * respJitter[i]);
            // Heart rate varies with blood-pressure (Mayer) waves, with breathing (sinus arrhythmia) and slowly.
            double fc = m.cardiacFrequency * (1 + 0.03 * mayer[i] + 0.03 * Math.sin(pr)
                    + HEART_RATE_VARIABILITY * heartRate[i]);
            pr += 2 * Math.PI * fr * LatentActivity.DT;
            pc += 2 * Math.PI * fc * LatentActivity.DT;
        }
        double[] sysHbo = new double[n];
        double[] sysHbr = new double[n];
        double[] cardiacHbo = new double[n];
        for (int i = 0; i < n; i++) {
            double t = tau[i];
            double phc = lat.at(cardPhase, t);
            double phr = lat.at(respPhase, t);
            double cardiac = Math.sin(phc) + 0.35 * Math.sin(2 * phc + 0.6);
            double resp = Math.sin(phr);
            double may = lat.at(mayer, t);
            double dr = lat.at(drift, t);
            double vo = lat.at(volume, t);
            double ox = lat.at(oxy, t);
            double ev = lat.at(lat.taskSystemic, t);
            cardiacHbo[i] = cardiac;
            sysHbo[i] = RESPIRATION_HBO * resp + MAYER_HBO * may + DRIFT_HBO * dr + VOLUME_HBO * vo + OXY_HBO * ox
                    + TASK_SYSTEMIC_HBO * ev;
            sysHbr[i] = CARDIAC_HBR * cardiac + RESPIRATION_HBR * resp + MAYER_HBR * may + DRIFT_HBR * dr
                    + VOLUME_HBR * vo + OXY_HBR * ox;
        }

        List<FnirsProbe.Pair> pairs = m.probe.pairs();
        double[][] motion = motion(c, m, n, fs, rnd);
        List<Channel> channels = new ArrayList<>();
        double[][] data = new double[2 * pairs.size()][];
        int ns = m.sources.size();
        double[][] sourceHbo = new double[ns][];
        double[][] sourceHbr = new double[ns][];
        for (int k = 0; k < ns; k++) {
            sourceHbo[k] = resample(lat.hbo[k], lat, tau);
            sourceHbr[k] = resample(lat.hbr[k], lat, tau);
        }
        for (int p = 0; p < pairs.size(); p++) {
            FnirsProbe.Pair pair = pairs.get(p);
            // How well this pair's optodes sit: loose ones see a weak heartbeat through a noisy, drifting contact.
            boolean loose = rnd.nextDouble() < LOOSE_SHARE;
            double quality = Math.exp(QUALITY_SPREAD * rnd.nextGaussian()) * (loose ? 4 : 1);
            double heart = loose ? 0.3 : Math.exp(0.3 * rnd.nextGaussian());
            double[] localO = Noise.powerLaw(rnd, n, fs, LOCAL_EXPONENT, 0.01, 0.5);
            double[] localR = Noise.powerLaw(rnd, n, fs, LOCAL_EXPONENT, 0.01, 0.5);
            double[] broad = Noise.powerLaw(rnd, n, fs, 1, 0.3, fs / 2);
            double[] couple = Noise.powerLaw(rnd, n, fs, 2, 0.001, 0.01);
            double lo = LOCAL_HBO * Math.sqrt(quality);
            double lr = LOCAL_HBR * Math.sqrt(quality);
            double lrIndependent = Math.sqrt(1 - LOCAL_HBR_COUPLING * LOCAL_HBR_COUPLING);
            double bb = BROADBAND_HBO * Math.sqrt(quality);
            double[] hbo = new double[n];
            double[] hbr = new double[n];
            double g = m.systemicGain[p];
            double gc = g * heart * CARDIAC_HBO;
            for (int i = 0; i < n; i++) {
                hbo[i] = g * sysHbo[i] + gc * cardiacHbo[i] + lo * localO[i] + bb * broad[i];
                hbr[i] = g * sysHbr[i] + lr * (LOCAL_HBR_COUPLING * localO[i] + lrIndependent * localR[i])
                        + bb / 3 * broad[i];
            }
            for (int k = 0; k < ns; k++) {
                double w = m.sensitivity[p][k];
                if (w > 1e-4) {
                    double[] so = sourceHbo[k];
                    double[] sr = sourceHbr[k];
                    for (int i = 0; i < n; i++) {
                        hbo[i] += w * so[i];
                        hbr[i] += w * sr[i];
                    }
                }
            }
            double d = pair.distance();
            double coupling = COUPLING_DRIFT_OD * quality;
            for (int w = 0; w < FnirsProbe.WAVELENGTHS.length; w++) {
                double wl = FnirsProbe.WAVELENGTHS[w];
                double[] eps = ExtinctionCoefficients.at(wl);
                double path = 0.2303 * d * c.ppf() * 1e3;
                double i0 = m.baseIntensity[p][w];
                double noise = OD_NOISE * Math.sqrt(0.05 / i0) * quality;
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    double od = path * (eps[0] * hbo[i] + eps[1] * hbr[i]) + motion[p][i] + coupling * couple[i]
                            + noise * rnd.nextGaussian();
                    y[i] = i0 * Math.exp(-od);
                }
                data[2 * p + w] = y;
                channels.add(pair.optical(wl).toChannel(ChannelType.FNIRS_CW_AMPLITUDE, "V", fs, n,
                        Map.of("short_channel", Boolean.toString(pair.isShort()))));
            }
        }
        return new Result(channels, data);
    }

    /** A latent-grid series at the given EEG times. */
    private static double[] resample(double[] y, LatentActivity lat, double[] times) {
        double[] out = new double[times.length];
        for (int i = 0; i < times.length; i++) {
            out[i] = lat.at(y, times[i]);
        }
        return out;
    }

    /**
     * Motion artefacts in optical density, per pair: an optode (source or detector) loses coupling briefly — a
     * spike of 0.3–1 s — and in a third of cases settles at a new baseline; every pair using it is affected.
     */
    private static double[][] motion(SimulationConfig c, SubjectModel m, int n, double fs, SplittableRandom rnd) {
        List<FnirsProbe.Pair> pairs = m.probe.pairs();
        double[][] od = new double[pairs.size()][n];
        double rate = c.motionSpikesPerMinute();
        if (rate <= 0) {
            return od;
        }
        int maxSource = pairs.stream().mapToInt(FnirsProbe.Pair::source).max().orElse(1);
        int maxDetector = pairs.stream().mapToInt(FnirsProbe.Pair::detector).max().orElse(1);
        for (double t = 0;;) {
            t += -Math.log(1 - rnd.nextDouble()) * 60 / rate;
            if (t >= n / fs) {
                return od;
            }
            boolean source = rnd.nextBoolean();
            int optode = 1 + rnd.nextInt(source ? maxSource : maxDetector);
            double amp = (0.05 + 0.25 * rnd.nextDouble()) * (rnd.nextBoolean() ? 1 : -1);
            double tauS = 0.3 + 0.7 * rnd.nextDouble();
            double shift = rnd.nextDouble() < 1.0 / 3 ? 0.05 * rnd.nextGaussian() : 0;
            int centre = (int) (t * fs);
            for (int p = 0; p < pairs.size(); p++) {
                FnirsProbe.Pair pair = pairs.get(p);
                if ((source ? pair.source() : pair.detector()) != optode) {
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    double dt = (i - centre) / fs;
                    double v = amp * Math.exp(-Math.abs(dt) / tauS);
                    if (dt > 0 && shift != 0) {
                        v += shift * (1 - Math.exp(-dt / tauS));
                    }
                    od[p][i] += v;
                }
            }
        }
    }
}
