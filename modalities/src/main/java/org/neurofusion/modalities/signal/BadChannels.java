package org.neurofusion.modalities.signal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;

/**
 * Finds bad channels of one type by two criteria: flat (standard deviation below an absolute floor, e.g.
 * 0.1 µV for EEG: a disconnected or saturated electrode) and noisy (robust z-score of the log standard
 * deviation among the channels of that type above a threshold, 5 by default: far louder or quieter than
 * its peers). Each finding carries its reason.
 */
public final class BadChannels {
    private BadChannels() {
    }

    /** Why a channel was found bad. */
    public enum Reason { FLAT, NOISY, NOT_FINITE }

    /**
     * @param flatStd standard deviation (in the channel's unit) below which a channel is flat
     * @param noisyZ robust z-score threshold on log(std)
     * @return bad channel names with their reason, in channel order
     */
    public static Map<String, Reason> detect(Recording r, ChannelType type, double flatStd, double noisyZ) {
        List<Channel> cs = r.channels();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            if (cs.get(i).type() == type) {
                idx.add(i);
            }
        }
        Map<String, Reason> out = new LinkedHashMap<>();
        double[] logStd = new double[idx.size()];
        boolean[] usable = new boolean[idx.size()];
        for (int k = 0; k < idx.size(); k++) {
            double[] x = r.readAll(idx.get(k));
            double m = 0;
            boolean finite = true;
            for (double v : x) {
                finite &= Double.isFinite(v);
                m += v;
            }
            String name = cs.get(idx.get(k)).name();
            if (!finite) {
                out.put(name, Reason.NOT_FINITE);
                continue;
            }
            m /= Math.max(1, x.length);
            double ss = 0;
            for (double v : x) {
                ss += (v - m) * (v - m);
            }
            double sd = Math.sqrt(ss / Math.max(1, x.length));
            if (sd < flatStd) {
                out.put(name, Reason.FLAT);
                continue;
            }
            logStd[k] = Math.log(sd);
            usable[k] = true;
        }
        double[] vals = new double[idx.size()];
        int n = 0;
        for (int k = 0; k < idx.size(); k++) {
            if (usable[k]) {
                vals[n++] = logStd[k];
            }
        }
        if (n >= 3) {
            double[] s = Arrays.copyOf(vals, n);
            Arrays.sort(s);
            double med = RobustScale.quantile(s, 0.5);
            double[] dev = new double[n];
            for (int k = 0; k < n; k++) {
                dev[k] = Math.abs(s[k] - med);
            }
            Arrays.sort(dev);
            double mad = 1.4826 * RobustScale.quantile(dev, 0.5);
            for (int k = 0; k < idx.size(); k++) {
                if (usable[k] && mad > 0 && Math.abs(logStd[k] - med) / mad > noisyZ) {
                    out.put(cs.get(idx.get(k)).name(), Reason.NOISY);
                }
            }
        }
        // Report in channel order whatever the order found.
        Map<String, Reason> ordered = new LinkedHashMap<>();
        for (int i : idx) {
            String name = cs.get(i).name();
            if (out.containsKey(name)) {
                ordered.put(name, out.get(name));
            }
        }
        return ordered;
    }
}
