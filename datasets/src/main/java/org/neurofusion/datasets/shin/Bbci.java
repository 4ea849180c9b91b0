package org.neurofusion.datasets.shin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.SensorPosition;

/**
 * The structs of the BBCI toolbox that the Shin datasets are published in, read out of a {@link MatNode}:
 * {@code cnt} (continuous data: {@code clab}, {@code fs}, {@code x} time × channels), {@code mrk} (markers:
 * {@code time} in ms, {@code y} classes × events one-hot, {@code className}, optionally {@code event.desc}) and
 * {@code mnt} (montage: {@code clab}, {@code pos_3d} 3 × channels on a unit sphere; for NIRS also {@code sd},
 * {@code source.pos_3d}, {@code detector.pos_3d}).
 */
final class Bbci {
    /**
     * BBCI montages place sensors on a unit sphere (x right, y front, z up); they are scaled to an adult head of
     * 9.5 cm radius, the radius of the sphere MNE fits to its standard_1005 montage, so distances come out in
     * metres of the right order (30 mm optode spacing reads as about 3 cm).
     */
    static final double HEAD_RADIUS_M = 0.095;

    private Bbci() {
    }

    /** A {@code cnt} struct, read whole: one column (channel) per array, in the file's units. */
    record Cnt(List<String> clab, double fs, double[][] columns, Optional<String> yUnit) {
        int samples() {
            return columns.length == 0 ? 0 : columns[0].length;
        }
    }

    static Cnt cnt(MatNode cnt) {
        List<String> clab = cnt.field("clab").strings();
        MatNode fsNode = cnt.field("fs");
        double fs = fsNode.scalar();
        if (!(fs > 0)) {
            throw fsNode.invalid("sampling rate must be positive, found " + fs);
        }
        MatNode x = cnt.field("x");
        int[] d = x.dims();
        double[] all = x.matrix(-1, clab.size(), "time × " + clab.size() + " channels of clab");
        int t = d[0];
        double[][] cols = new double[clab.size()][];
        for (int c = 0; c < cols.length; c++) {
            // Column-major: channel c is one contiguous run.
            cols[c] = java.util.Arrays.copyOfRange(all, c * t, (c + 1) * t);
        }
        Optional<String> unit = cnt.hasField("yUnit") ? Optional.of(cnt.field("yUnit").string().trim())
                : Optional.empty();
        return new Cnt(clab, fs, cols, unit);
    }

    /**
     * The markers of an {@code mrk} struct as annotations on the timeline of a recording sampled at {@code fs}.
     * BBCI counts marker times in ms with sample k (1-based) at k × 1000/fs ms ({@code proc_segmentation} cuts
     * the epoch at index ceil(time·fs/1000)), so the onset from the first sample is time/1000 − 1/fs.
     *
     * @param describe the description of a class, given its {@code className}
     * @param byCode the description of an {@code event.desc} code, used only when the struct has no classes
     */
    static List<Annotation> markers(MatNode mrk, double fs, double duration, UnaryOperator<String> describe,
            Map<Integer, String> byCode) {
        double[] time = mrk.field("time").vector("marker times in ms");
        String[] desc = new String[time.length];
        if (mrk.hasField("y") && mrk.hasField("className")) {
            List<String> classes = mrk.field("className").strings();
            MatNode yNode = mrk.field("y");
            double[] y = time.length == 0 ? new double[0]
                    : yNode.matrix(classes.size(), time.length, classes.size() + " classes × " + time.length
                            + " markers");
            for (int e = 0; e < time.length; e++) {
                for (int k = 0; k < classes.size(); k++) {
                    if (y[k + e * classes.size()] != 0) {
                        if (desc[e] != null) {
                            throw yNode.invalid("marker " + (e + 1) + " belongs to two classes, '" + desc[e]
                                    + "' and '" + describe.apply(classes.get(k)) + "'");
                        }
                        desc[e] = describe.apply(classes.get(k));
                    }
                }
            }
        } else if (mrk.hasField("event") && mrk.field("event").hasField("desc")) {
            MatNode codes = mrk.field("event").field("desc");
            double[] c = codes.vector("event codes");
            if (c.length != time.length) {
                throw codes.invalid(c.length + " event codes for " + time.length + " marker times");
            }
            for (int e = 0; e < c.length; e++) {
                desc[e] = byCode.getOrDefault((int) c[e], Integer.toString((int) c[e]));
            }
        } else {
            throw mrk.invalid("has neither y with className nor event.desc to say what the markers are (fields: "
                    + mrk.fieldNamesUnchecked() + ")");
        }
        List<Annotation> out = new ArrayList<>();
        for (int e = 0; e < time.length; e++) {
            if (desc[e] == null) {
                continue; // a marker outside every class: BBCI keeps it but it labels nothing
            }
            if (!Double.isFinite(time[e])) {
                throw mrk.invalid("marker " + (e + 1) + " has time " + time[e]);
            }
            out.add(new Annotation(time[e] / 1000 - 1 / fs, duration, desc[e]));
        }
        return out;
    }

    /** Sensor positions of an {@code mnt} struct by channel label, in metres; channels without one are left out. */
    static Map<String, SensorPosition> positions(MatNode mnt) {
        List<String> clab = mnt.field("clab").strings();
        Map<String, SensorPosition> out = new LinkedHashMap<>();
        if (!mnt.hasField("pos_3d")) {
            return out;
        }
        List<Optional<SensorPosition>> p = points(mnt.field("pos_3d"), clab.size());
        for (int i = 0; i < clab.size(); i++) {
            String name = clab.get(i);
            p.get(i).ifPresent(pos -> out.put(name, pos));
        }
        return out;
    }

    /** Columns of a 3 × n {@code pos_3d} matrix as positions; columns with NaN (no position) are empty. */
    static List<Optional<SensorPosition>> points(MatNode pos3d, int n) {
        double[] v = pos3d.matrix(3, n < 0 ? -1 : n, "x, y, z rows × one column per sensor");
        int count = pos3d.dims()[1];
        List<Optional<SensorPosition>> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double x = v[3 * i];
            double y = v[3 * i + 1];
            double z = v[3 * i + 2];
            out.add(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z)
                    ? Optional.of(new SensorPosition(x * HEAD_RADIUS_M, y * HEAD_RADIUS_M, z * HEAD_RADIUS_M))
                    : Optional.empty());
        }
        return out;
    }

    /** Factor from a BBCI EEG unit to volts; BBCI stores EEG in µV when it does not say. */
    static double voltScale(MatNode where, Optional<String> unit) {
        String u = unit.orElse("uV").replace("µ", "u").replace("μ", "u");
        return switch (u) {
            case "uV", "muV", "microV" -> 1e-6;
            case "mV" -> 1e-3;
            case "V" -> 1;
            default -> throw where.invalid("EEG unit '" + unit.orElse("") + "' is not one of uV, µV, mV, V");
        };
    }

    /** Factor from a BBCI concentration unit to mol/L; BBCI's proc_BeerLambert writes mmol/l. */
    static double molarScale(MatNode where, Optional<String> unit) {
        String u = unit.orElse("mmol/l").replace("µ", "u").replace("μ", "u").toLowerCase(java.util.Locale.ROOT);
        return switch (u) {
            case "mmol/l", "mm" -> 1e-3;
            case "umol/l", "um" -> 1e-6;
            case "mol/l", "m" -> 1;
            default -> throw where.invalid("concentration unit '" + unit.orElse("")
                    + "' is not one of mmol/l, umol/l, mol/l");
        };
    }
}
