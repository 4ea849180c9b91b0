package org.neurofusion.datasets.simulate.realism;

import static org.neurofusion.datasets.simulate.realism.EegStatistics.add;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.fnirs.BeerLambert;
import org.neurofusion.modalities.fnirs.OpticalChannel;
import org.neurofusion.modalities.fnirs.OpticalDensity;
import org.neurofusion.modalities.fnirs.ScalpCouplingIndex;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Welch;

/**
 * The fNIRS statistics of the realism report for one continuous-wave recording: raw intensity variability,
 * optical density (its spread, the scalp coupling index, the cardiac peak), and haemoglobin from Beer–Lambert
 * (ppf 6) band-passed to 0.01–0.5 Hz (4th-order Butterworth, zero phase: an FIR with a 0.01 Hz edge would be
 * longer than most runs). Haemodynamic statistics use the long pairs only (15 mm or more apart, where the
 * distance is known). Evoked responses: mean over 5–10 s after each motor-imagery annotation (as
 * {@link EegStatistics} names them) minus the mean over −2–0 s, averaged over the long pairs over the motor
 * cortex: those whose midpoint, seen from the origin of the recording's head frame, lies within
 * {@value #MOTOR_DEGREES}° of the direction of C3 or C4 (a criterion that holds in MNE's head frame, in MNI
 * coordinates and on the simulator's sphere alike, since all three have their origin inside the head near its
 * centre). A recording with no pair over the motor cortex has no evoked statistic.
 */
public final class FnirsStatistics {
    static final double SHORT_METERS = 0.015;
    /** Shorter recordings are skipped: a 0.01 Hz band and 60-s spectra need at least this much. */
    static final double MIN_SECONDS = 60;
    /** Largest angle (degrees) between a pair's midpoint and C3 or C4 for the pair to count as motor. */
    static final double MOTOR_DEGREES = 30;
    /** Unit directions of C3 and C4 from the head-frame origin (MNE's standard 10-20 montage). */
    private static final double[][] MOTOR_DIRECTIONS = {
        unit(-0.0654, -0.0116, 0.0644), unit(0.0671, -0.0109, 0.0636)};

    private FnirsStatistics() {
    }

    /** The fNIRS statistics of {@code r}; empty when it has no raw intensity channels or lasts under 60 s. */
    public static Map<Statistic, List<Double>> compute(Recording r) {
        return compute(r, java.util.Set.of());
    }

    /**
     * As {@link #compute(Recording)}, counting events described by one of {@code taskEvents} as task onsets for
     * the evoked response too (besides the left/right motor-imagery labels), for recordings whose triggers are
     * codes such as {@code 3.0}.
     */
    public static Map<Statistic, List<Double>> compute(Recording r, java.util.Set<String> taskEvents) {
        Map<Statistic, List<Double>> out = new EnumMap<>(Statistic.class);
        List<Channel> cs = r.channels();
        if (cs.stream().noneMatch(c -> c.type() == ChannelType.FNIRS_CW_AMPLITUDE)
                || r.durationSeconds() < MIN_SECONDS) {
            return out;
        }
        for (int i = 0; i < cs.size(); i++) {
            if (cs.get(i).type() == ChannelType.FNIRS_CW_AMPLITUDE) {
                double[] x = r.readAll(i);
                add(out, Statistic.INTENSITY_CV_RUN, Measures.cv(x));
                add(out, Statistic.INTENSITY_CV_10S, windowedCv(x, (int) Math.round(10 * cs.get(i).samplingRate())));
            }
        }
        Recording od = new OpticalDensity().apply(r);
        for (int i = 0; i < od.channels().size(); i++) {
            Channel c = od.channels().get(i);
            if (c.type() == ChannelType.FNIRS_OD) {
                double[] x = od.readAll(i);
                add(out, Statistic.OD_STD, Measures.std(x));
                cardiac(out, x, c.samplingRate());
            }
        }
        Map<String, Double> perPair = new LinkedHashMap<>();
        ScalpCouplingIndex.compute(od).forEach((name, v) ->
                perPair.putIfAbsent(pair(od.channels().get(od.channelIndex(name))), v));
        perPair.values().forEach(v -> add(out, Statistic.SCI, v));
        haemoglobin(out, new Filter(0.01, 0.5, "iir").apply(BeerLambert.withDefaults().apply(od)), r.annotations(),
                taskEvents);
        return out;
    }

    private static void haemoglobin(Map<Statistic, List<Double>> out, Recording hb, List<Annotation> events,
            java.util.Set<String> taskEvents) {
        Map<String, double[][]> pairs = new LinkedHashMap<>();
        Map<String, Optional<SensorPosition>> where = new LinkedHashMap<>();
        double fs = Double.NaN;
        for (int i = 0; i < hb.channels().size(); i++) {
            Channel c = hb.channels().get(i);
            boolean o = c.type() == ChannelType.HBO;
            if ((o || c.type() == ChannelType.HBR) && !isShort(c)) {
                pairs.computeIfAbsent(pair(c), k -> new double[2][])[o ? 0 : 1] = scale(hb.readAll(i), 1e6);
                where.putIfAbsent(pair(c), midpoint(c));
                fs = c.samplingRate();
            }
        }
        List<double[]> hbos = new ArrayList<>();
        List<double[]> evoked = new ArrayList<>();
        for (Map.Entry<String, double[][]> e : pairs.entrySet()) {
            double[][] p = e.getValue();
            if (p[0] == null || p[1] == null) {
                continue;
            }
            hbos.add(p[0]);
            add(out, Statistic.HBO_STD, Measures.std(p[0]));
            add(out, Statistic.HBR_STD, Measures.std(p[1]));
            add(out, Statistic.HBO_HBR_CORRELATION, Measures.correlation(p[0], p[1]));
            Welch.Psd psd = Welch.psd(p[0], fs, (int) Math.round(60 * fs));
            add(out, Statistic.MAYER_SHARE, psd.bandPower(0.07, 0.13) / psd.bandPower(0.01, 0.5));
            if (where.get(e.getKey()).filter(FnirsStatistics::isMotor).isPresent()) {
                evoked.add(p[0]);
                evoked.add(p[1]);
            }
        }
        if (hbos.size() >= 2) {
            List<Double> cors = new ArrayList<>();
            for (int a = 0; a < hbos.size(); a++) {
                for (int b = a + 1; b < hbos.size(); b++) {
                    cors.add(Measures.correlation(hbos.get(a), hbos.get(b)));
                }
            }
            add(out, Statistic.HBO_INTERCHANNEL_CORRELATION,
                    Measures.median(cors.stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).toArray()));
        }
        if (!evoked.isEmpty()) {
            evoked(out, evoked, events, taskEvents, fs);
        }
    }

    /** Evoked HbO and HbR per motor-imagery trial, averaged over the motor pairs; the spread across trials. */
    private static void evoked(Map<Statistic, List<Double>> out, List<double[]> series, List<Annotation> events,
            java.util.Set<String> taskEvents, double fs) {
        List<Double> o = new ArrayList<>();
        List<Double> r = new ArrayList<>();
        int n = series.get(0).length;
        for (Annotation a : events) {
            if (EegStatistics.side(a.description()) == 0 && !isTaskEvent(a.description(), taskEvents)) {
                continue;
            }
            int onset = (int) Math.round(a.onset() * fs);
            int b0 = onset - (int) Math.round(2 * fs);
            int t0 = onset + (int) Math.round(5 * fs);
            int t1 = onset + (int) Math.round(10 * fs);
            if (b0 < 0 || t1 > n) {
                continue;
            }
            double so = 0;
            double sr = 0;
            for (int k = 0; k < series.size(); k += 2) {
                so += Measures.meanOver(series.get(k), t0, t1) - Measures.meanOver(series.get(k), b0, onset);
                sr += Measures.meanOver(series.get(k + 1), t0, t1) - Measures.meanOver(series.get(k + 1), b0, onset);
            }
            o.add(so / (series.size() / 2.0));
            r.add(sr / (series.size() / 2.0));
        }
        o.forEach(v -> add(out, Statistic.EVOKED_HBO, v));
        r.forEach(v -> add(out, Statistic.EVOKED_HBR, v));
        if (o.size() >= 2) {
            add(out, Statistic.EVOKED_HBO_SPREAD, Measures.std(EegStatistics.unbox(o)));
            add(out, Statistic.EVOKED_HBR_SPREAD, Measures.std(EegStatistics.unbox(r)));
        }
    }

    /**
     * Cardiac peak of one OD channel: the bin in 0.6–2 Hz highest above a 1/f fit over 0.3 Hz to 90 % of Nyquist
     * (at most 4 Hz) without that band; 20-s Welch segments (0.05 Hz bins). Skipped when the rate is too low.
     */
    static void cardiac(Map<Statistic, List<Double>> out, double[] od, double fs) {
        double top = Math.min(4, 0.45 * fs);
        if (top < 2.3 || od.length < 20 * fs) {
            return;
        }
        Welch.Psd psd = Welch.psd(od, fs, (int) Math.round(20 * fs));
        Measures.Peak p = Measures.peak(psd, Measures.aperiodicFit(psd, 0.3, top, 0.6, 2.0), 0.6, 2.0);
        add(out, Statistic.CARDIAC_FREQUENCY, p.frequency());
        add(out, Statistic.CARDIAC_PROMINENCE, p.prominenceDb());
    }

    /** Median over consecutive windows of {@code w} samples of the window's std / mean. */
    static double windowedCv(double[] x, int w) {
        int n = x.length / w;
        if (n == 0) {
            return Double.NaN;
        }
        double[] cv = new double[n];
        for (int k = 0; k < n; k++) {
            double[] seg = java.util.Arrays.copyOfRange(x, k * w, (k + 1) * w);
            cv[k] = Measures.std(seg) / Measures.mean(seg);
        }
        return Measures.median(cv);
    }

    /** Whether {@code p} lies within {@link #MOTOR_DEGREES} of C3 or C4, seen from the frame's origin. */
    static boolean isMotor(SensorPosition p) {
        double n = Math.sqrt(p.x() * p.x() + p.y() * p.y() + p.z() * p.z());
        if (n == 0) {
            return false;
        }
        double cos = Math.cos(Math.toRadians(MOTOR_DEGREES));
        for (double[] d : MOTOR_DIRECTIONS) {
            if ((p.x() * d[0] + p.y() * d[1] + p.z() * d[2]) / n >= cos) {
                return true;
            }
        }
        return false;
    }

    private static Optional<SensorPosition> midpoint(Channel c) {
        Optional<SensorPosition> m = OpticalChannel.of(c).flatMap(OpticalChannel::midpoint);
        return m.isPresent() ? m : c.position();
    }

    private static double[] unit(double x, double y, double z) {
        double n = Math.sqrt(x * x + y * y + z * z);
        return new double[] {x / n, y / n, z / n};
    }

    private static boolean isShort(Channel c) {
        Optional<OpticalChannel> oc = OpticalChannel.of(c);
        return oc.isPresent() && oc.get().distanceMeters().isPresent()
                && oc.get().distanceMeters().getAsDouble() < SHORT_METERS;
    }

    private static String pair(Channel c) {
        return OpticalChannel.of(c).map(OpticalChannel::pairName).orElse(c.name());
    }

    private static double[] scale(double[] x, double k) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= k;
        }
        return x;
    }

    /** Whether {@code description} names one of {@code taskEvents}; codes match numerically ({@code 3} = {@code 3.0}). */
    static boolean isTaskEvent(String description, java.util.Set<String> taskEvents) {
        String d = description.trim();
        for (String t : taskEvents) {
            if (t.trim().equalsIgnoreCase(d)) {
                return true;
            }
            try {
                if (Double.parseDouble(t.trim()) == Double.parseDouble(d)) {
                    return true;
                }
            } catch (NumberFormatException e) {
                // not both numbers: only the text comparison applies
            }
        }
        return false;
    }
}
