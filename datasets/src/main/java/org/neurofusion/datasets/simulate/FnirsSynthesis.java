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
 * concentration changes are the cortical haemodynamics the pair is sensitive to plus superficial systemic
 * physiology (cardiac pulsation, respiration, Mayer waves, slow drift; fully in short channels, partly in long
 * ones); they pass through the forward modified Beer–Lambert law at the pair's distance, in the convention of
 * {@link org.neurofusion.modalities.fnirs.BeerLambert} (OD = Σ ε·0.2303·d·ppf·Δc·10³), so that this project's
 * optical density and Beer–Lambert steps recover them; motion artefacts and detector noise are added in optical
 * density, and the intensity is I₀·e^(−OD).
 */
final class FnirsSynthesis {
    // Superficial physiology in mol/L. Cardiac pulsation is arterial, so mostly HbO; respiration and Mayer waves
    // move venous volume too (Scholkmann et al. 2014 review; Yücel et al. 2016 for Mayer waves of task size).
    private static final double CARDIAC_HBO = 0.2e-6;
    private static final double CARDIAC_HBR = 0.03e-6;
    private static final double RESPIRATION_HBO = 0.1e-6;
    private static final double RESPIRATION_HBR = 0.05e-6;
    private static final double MAYER_HBO = 0.25e-6;
    private static final double MAYER_HBR = 0.08e-6;
    private static final double DRIFT_HBO = 0.3e-6;
    private static final double DRIFT_HBR = 0.1e-6;
    /** Independent superficial fluctuation per channel, so short-channel regression is good but not perfect. */
    private static final double LOCAL_HBO = 0.04e-6;
    /** Detector noise in optical density for a long channel at the typical long-channel intensity. */
    private static final double OD_NOISE = 1e-3;

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
        double[] respPhase = new double[lat.n];
        double[] cardPhase = new double[lat.n];
        double[] respJitter = Noise.band(rnd, lat.n, gfs, 0.005, 0.05);
        double pr = 2 * Math.PI * rnd.nextDouble();
        double pc = 2 * Math.PI * rnd.nextDouble();
        for (int i = 0; i < lat.n; i++) {
            respPhase[i] = pr;
            cardPhase[i] = pc;
            double fr = m.respirationFrequency * (1 + 0.08 * respJitter[i]);
            // Heart rate varies with blood-pressure (Mayer) waves and with breathing (sinus arrhythmia).
            double fc = m.cardiacFrequency * (1 + 0.03 * mayer[i] + 0.03 * Math.sin(pr));
            pr += 2 * Math.PI * fr * LatentActivity.DT;
            pc += 2 * Math.PI * fc * LatentActivity.DT;
        }
        double[] sysHbo = new double[n];
        double[] sysHbr = new double[n];
        for (int i = 0; i < n; i++) {
            double t = tau[i];
            double phc = lat.at(cardPhase, t);
            double phr = lat.at(respPhase, t);
            double cardiac = Math.sin(phc) + 0.35 * Math.sin(2 * phc + 0.6);
            double resp = Math.sin(phr);
            double may = lat.at(mayer, t);
            double dr = lat.at(drift, t);
            sysHbo[i] = CARDIAC_HBO * cardiac + RESPIRATION_HBO * resp + MAYER_HBO * may + DRIFT_HBO * dr;
            sysHbr[i] = CARDIAC_HBR * cardiac + RESPIRATION_HBR * resp + MAYER_HBR * may + DRIFT_HBR * dr;
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
            double[] local = resample(Noise.band(rnd, lat.n, gfs, 0.01, 0.5), lat, tau);
            double[] hbo = new double[n];
            double[] hbr = new double[n];
            double g = m.systemicGain[p];
            for (int i = 0; i < n; i++) {
                hbo[i] = g * sysHbo[i] + LOCAL_HBO * local[i];
                hbr[i] = g * sysHbr[i] + LOCAL_HBO / 3 * local[i];
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
            for (int w = 0; w < FnirsProbe.WAVELENGTHS.length; w++) {
                double wl = FnirsProbe.WAVELENGTHS[w];
                double[] eps = ExtinctionCoefficients.at(wl);
                double path = 0.2303 * d * c.ppf() * 1e3;
                double i0 = m.baseIntensity[p][w];
                double noise = OD_NOISE * Math.sqrt(0.05 / i0);
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    double od = path * (eps[0] * hbo[i] + eps[1] * hbr[i]) + motion[p][i]
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
