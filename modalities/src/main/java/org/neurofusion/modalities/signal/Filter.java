package org.neurofusion.modalities.signal;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;

/**
 * Band-pass, high-pass or low-pass filtering of the data channels, each at its own rate, with zero phase:
 * {@code fir} (the default) is MNE-Python's default FIR design and application, so results compare with
 * {@code raw.filter(l, h)}; {@code iir} is a 4th-order Butterworth in second-order sections applied forward
 * and backward. Trigger, auxiliary and physiological channels (stim, misc, eog, ecg, emg, ...) are left
 * alone, as MNE does. Channels are filtered in parallel, each read straight into its padded buffer.
 */
public final class Filter implements Preprocessor {
    /** The channel types filtered by default: MNE's "data" channels. */
    public static final Set<ChannelType> DATA_TYPES = EnumSet.of(ChannelType.EEG, ChannelType.SEEG, ChannelType.ECOG,
            ChannelType.MAG, ChannelType.GRAD, ChannelType.HBO, ChannelType.HBR, ChannelType.FNIRS_CW_AMPLITUDE,
            ChannelType.FNIRS_OD, ChannelType.BOLD);

    private final double lFreq;
    private final double hFreq;
    private final boolean iir;

    /**
     * @param lFreq high-pass edge in Hz, or NaN for a low-pass
     * @param hFreq low-pass edge in Hz, or NaN for a high-pass
     * @param method "fir" or "iir"
     */
    public Filter(double lFreq, double hFreq, String method) {
        if (Double.isNaN(lFreq) && Double.isNaN(hFreq)) {
            throw new IllegalArgumentException("give a low or a high edge (or both)");
        }
        if (!method.equals("fir") && !method.equals("iir")) {
            throw new IllegalArgumentException("method must be fir or iir, got " + method);
        }
        this.lFreq = lFreq;
        this.hFreq = hFreq;
        this.iir = method.equals("iir");
    }

    @Override
    public String name() {
        return "filter";
    }

    @Override
    public Map<String, String> parameters() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("l_freq", Double.isNaN(lFreq) ? "none" : Double.toString(lFreq));
        m.put("h_freq", Double.isNaN(hFreq) ? "none" : Double.toString(hFreq));
        m.put("method", iir ? "iir" : "fir");
        return m;
    }

    static Filter fromParameters(Map<String, String> p) {
        return new Filter(edge(p.get("l_freq")), edge(p.get("h_freq")), p.getOrDefault("method", "fir"));
    }

    private static double edge(String s) {
        return s == null || s.toLowerCase(Locale.ROOT).equals("none") ? Double.NaN : Double.parseDouble(s);
    }

    @Override
    public Recording apply(Recording in) {
        // One design per rate, shared by the channels (and threads) at that rate.
        Map<Double, double[]> firByRate = new ConcurrentHashMap<>();
        Map<Double, SecondOrderSections> iirByRate = new ConcurrentHashMap<>();
        ChannelFir fir = new ChannelFir();
        return PerChannel.map(in, this, (i, c) -> {
            if (!DATA_TYPES.contains(c.type())) {
                return PerChannel.unchanged(in, i, c);
            }
            double fs = c.samplingRate();
            if (iir) {
                double[] x = in.readAll(i);
                checkFinite(c, x, 0, x.length);
                return new PerChannel.Result(c, iirByRate.computeIfAbsent(fs, this::butterworth).sosfiltfilt(x));
            }
            return new PerChannel.Result(c, fir.filter(in, i, c, firByRate.computeIfAbsent(fs, this::fir)));
        });
    }

    private double[] fir(double fs) {
        double lt = Double.isNaN(lFreq) ? Double.NaN : FirDesign.defaultLowTransition(lFreq);
        double ht = Double.isNaN(hFreq) ? Double.NaN : FirDesign.defaultHighTransition(hFreq, fs);
        return FirDesign.mneFilter(lFreq, hFreq, lt, ht, fs);
    }

    /** MNE's default IIR: a 4th-order Butterworth in second-order sections. */
    private SecondOrderSections butterworth(double fs) {
        if (Double.isNaN(lFreq)) {
            return Butterworth.sos(4, new double[] {hFreq}, Butterworth.Band.LOWPASS, fs);
        }
        if (Double.isNaN(hFreq)) {
            return Butterworth.sos(4, new double[] {lFreq}, Butterworth.Band.HIGHPASS, fs);
        }
        return Butterworth.bandpass(4, lFreq, hFreq, fs);
    }

    /**
     * Filters smear a single NaN over the whole channel: refuse, naming the first bad sample. The channel's
     * samples are {@code x[from .. from + n)}.
     */
    static void checkFinite(Channel c, double[] x, int from, int n) {
        checkFinite(c, x, from, n, 0);
    }

    /** As {@link #checkFinite(Channel, double[], int, int)} for samples {@code first ..} of the channel. */
    static void checkFinite(Channel c, double[] x, int from, int n, long first) {
        for (int t = 0; t < n; t++) {
            if (!Double.isFinite(x[from + t])) {
                throw new IllegalArgumentException("channel '" + c.name() + "' has a non-finite value ("
                        + x[from + t] + ") at sample " + (first + t) + "; interpolate or drop it before filtering");
            }
        }
    }
}
