package org.neurofusion.datasets.simulate.realism;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Rereference;
import org.neurofusion.modalities.signal.Welch;

/**
 * The EEG statistics of the realism report for one recording, computed on the
 * average-referenced EEG channels: 1–40 Hz for amplitude, spectrum and artefacts, 8–30 Hz for band-power
 * variability and ERD. Channels are found by their 10-20 names, case-insensitively and ignoring the dots and
 * "EEG " prefixes some files carry ({@code C3..}, {@code EEG Fp1}). Motor-imagery trials are the annotations
 * {@code T1}/{@code left_hand}/{@code left} (left hand) and {@code T2}/{@code right_hand}/{@code right}; the ERD
 * baseline is −2–0 s before the annotation onset, the task window 0.5–4 s after it.
 */
public final class EegStatistics {
    /** Welch segment length in seconds: 0.25 Hz bins, fine enough for the alpha peak. */
    static final double SEGMENT_SECONDS = 4;
    static final String[] OCCIPITAL = {"O1", "Oz", "O2"};
    static final String[] FRONTAL = {"Fp1", "Fpz", "Fp2", "AF7", "AF8"};
    static final double EVENT_THRESHOLD_VOLTS = 100e-6;

    private EegStatistics() {
    }

    /** The EEG statistics of {@code r}; empty when it has fewer than two EEG channels. */
    public static Map<Statistic, List<Double>> compute(Recording r) {
        Map<Statistic, List<Double>> out = new EnumMap<>(Statistic.class);
        long eeg = r.channels().stream().filter(c -> c.type() == ChannelType.EEG).count();
        if (eeg < 2) {
            return out;
        }
        Recording ref = Rereference.average(ChannelType.EEG, Set.of()).apply(r);
        Recording broad = new Filter(1, 40, "fir").apply(ref);
        Recording band = new Filter(8, 30, "fir").apply(ref);
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < broad.channels().size(); i++) {
            if (broad.channels().get(i).type() == ChannelType.EEG) {
                all.add(i);
            }
        }
        double fs = broad.channels().get(all.get(0)).samplingRate();
        int segment = (int) Math.round(SEGMENT_SECONDS * fs);
        for (int i : all) {
            double[] x = broad.readAll(i);
            add(out, Statistic.EEG_RMS, Measures.rms(x) * 1e6);
            Welch.Psd psd = Welch.psd(x, fs, segment);
            add(out, Statistic.EEG_SLOPE, fit(psd).slope());
        }
        for (String name : OCCIPITAL) {
            find(broad, name).ifPresent(i -> {
                Welch.Psd psd = Welch.psd(broad.readAll(i), fs, segment);
                Measures.Peak p = Measures.peak(psd, fit(psd), 7, 14);
                add(out, Statistic.ALPHA_FREQUENCY, p.frequency());
                add(out, Statistic.ALPHA_PROMINENCE, p.prominenceDb());
            });
        }
        Optional<Integer> c3 = find(band, "C3");
        Optional<Integer> c4 = find(band, "C4");
        for (Optional<Integer> c : List.of(c3, c4)) {
            c.ifPresent(i -> {
                Welch.Psd psd = Welch.psd(broad.readAll(i), fs, segment);
                add(out, Statistic.MU_PROMINENCE, Measures.peak(psd, fit(psd), 7, 14).prominenceDb());
                double[] x = band.readAll(i);
                add(out, Statistic.POWER_CV_1S, Measures.cv(Measures.windowPower(x, (int) Math.round(fs))));
                add(out, Statistic.POWER_CV_4S, Measures.cv(Measures.windowPower(x, (int) Math.round(4 * fs))));
            });
        }
        if (c3.isPresent() && c4.isPresent()) {
            double[] x3 = band.readAll(c3.get());
            double[] x4 = band.readAll(c4.get());
            int w = (int) Math.round(fs);
            add(out, Statistic.POWER_C3_C4_CORRELATION,
                    Measures.correlation(Measures.windowPower(x3, w), Measures.windowPower(x4, w)));
            erd(out, r.annotations(), x3, x4, fs);
        }
        for (String name : FRONTAL) {
            find(broad, name).ifPresent(i -> {
                double[] x = broad.readAll(i);
                add(out, Statistic.FRONTAL_KURTOSIS, Measures.kurtosis(x));
                // Excursions closer than 0.5 s are one event (a blink's two flanks, a burst).
                int events = Measures.excursions(x, EVENT_THRESHOLD_VOLTS, (int) Math.round(fs / 2));
                add(out, Statistic.FRONTAL_EVENTS, events / (x.length / fs / 60));
            });
        }
        return out;
    }

    /** 1/f fit over 2–40 Hz leaving out the alpha/mu band, so that a peak does not tilt it. */
    static Measures.AperiodicFit fit(Welch.Psd psd) {
        return Measures.aperiodicFit(psd, 2, 40, 7, 14);
    }

    /** ERD per trial: 10·log10 of 8–30 Hz power 0.5–4 s after the cue over −2–0 s before it. */
    private static void erd(Map<Statistic, List<Double>> out, List<Annotation> events, double[] c3, double[] c4,
            double fs) {
        List<Double> contra = new ArrayList<>();
        List<Double> lateral = new ArrayList<>();
        for (Annotation a : events) {
            int side = side(a.description());
            if (side == 0) {
                continue;
            }
            int onset = (int) Math.round(a.onset() * fs);
            int b0 = onset - (int) Math.round(2 * fs);
            int t0 = onset + (int) Math.round(0.5 * fs);
            int t1 = onset + (int) Math.round(4 * fs);
            if (b0 < 0 || t1 > c3.length) {
                continue;
            }
            // Left-hand imagery desynchronises the right hemisphere (C4), and the other way round.
            double[] cx = side < 0 ? c4 : c3;
            double[] ix = side < 0 ? c3 : c4;
            double dc = db(power(cx, t0, t1) / power(cx, b0, onset));
            double di = db(power(ix, t0, t1) / power(ix, b0, onset));
            contra.add(dc);
            lateral.add(dc - di);
        }
        if (!contra.isEmpty()) {
            contra.forEach(v -> add(out, Statistic.ERD_CONTRA, v));
            lateral.forEach(v -> add(out, Statistic.ERD_LATERALITY, v));
            if (contra.size() >= 2) {
                add(out, Statistic.ERD_CONTRA_SPREAD, Measures.std(unbox(contra)));
                add(out, Statistic.ERD_LATERALITY_SPREAD, Measures.std(unbox(lateral)));
            }
        }
    }

    /** −1 for a left-hand trial, +1 for a right-hand one, 0 for anything else. */
    static int side(String description) {
        String d = description.trim().toLowerCase(Locale.ROOT);
        return switch (d) {
            case "t1", "left_hand", "left" -> -1;
            case "t2", "right_hand", "right" -> 1;
            default -> 0;
        };
    }

    private static double power(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return s / (to - from);
    }

    static double db(double ratio) {
        return 10 * Math.log10(ratio);
    }

    static double[] unbox(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Index of the EEG channel called {@code name} in 10-20 terms, if the recording has one. */
    static Optional<Integer> find(Recording r, String name) {
        String want = normalise(name);
        for (int i = 0; i < r.channels().size(); i++) {
            if (r.channels().get(i).type() == ChannelType.EEG && normalise(r.channels().get(i).name()).equals(want)) {
                return Optional.of(i);
            }
        }
        return Optional.empty();
    }

    /** Upper case without dots, spaces, an "EEG" prefix or a "-REF" suffix: {@code "Oz.."} and {@code "OZ"} meet. */
    static String normalise(String name) {
        String n = name.toUpperCase(Locale.ROOT).replace(".", "").trim();
        if (n.startsWith("EEG ")) {
            n = n.substring(4).trim();
        }
        if (n.endsWith("-REF")) {
            n = n.substring(0, n.length() - 4);
        }
        return n;
    }

    static void add(Map<Statistic, List<Double>> out, Statistic s, double v) {
        out.computeIfAbsent(s, k -> new ArrayList<>()).add(v);
    }
}
