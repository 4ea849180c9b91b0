package org.neurofusion.modalities.signal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A filter as zeros, poles and gain, with the analog-to-digital steps of SciPy's {@code iirfilter}
 * (frequency transforms, bilinear transform) and its {@code zpk2sos} with the default 'nearest' pairing,
 * followed step by step so the sections, their order and their gains come out as SciPy's do.
 */
record Zpk(List<Complex> z, List<Complex> p, double k) {
    Zpk {
        z = List.copyOf(z);
        p = List.copyOf(p);
    }

    /** SciPy's {@code lp2lp_zpk}. */
    Zpk lowpassToLowpass(double wo) {
        int degree = p.size() - z.size();
        return new Zpk(scale(z, wo), scale(p, wo), k * Math.pow(wo, degree));
    }

    /** SciPy's {@code lp2hp_zpk}. */
    Zpk lowpassToHighpass(double wo) {
        int degree = p.size() - z.size();
        List<Complex> zh = invert(z, wo);
        List<Complex> ph = invert(p, wo);
        for (int i = 0; i < degree; i++) {
            zh.add(Complex.ZERO);
        }
        return new Zpk(zh, ph, k * prodNeg(z).dividedBy(prodNeg(p)).re());
    }

    /** SciPy's {@code lp2bp_zpk}. */
    Zpk lowpassToBandpass(double wo, double bw) {
        int degree = p.size() - z.size();
        List<Complex> zb = splitPairs(scale(z, bw / 2), wo);
        for (int i = 0; i < degree; i++) {
            zb.add(Complex.ZERO);
        }
        return new Zpk(zb, splitPairs(scale(p, bw / 2), wo), k * Math.pow(bw, degree));
    }

    /** SciPy's {@code lp2bs_zpk}. */
    Zpk lowpassToBandstop(double wo, double bw) {
        int degree = p.size() - z.size();
        List<Complex> zb = splitPairs(invert(z, bw / 2), wo);
        for (int i = 0; i < degree; i++) {
            zb.add(new Complex(0, wo));
        }
        for (int i = 0; i < degree; i++) {
            zb.add(new Complex(0, -wo));
        }
        return new Zpk(zb, splitPairs(invert(p, bw / 2), wo), k * prodNeg(z).dividedBy(prodNeg(p)).re());
    }

    /** SciPy's {@code bilinear_zpk} at fs = 2 (frequencies already pre-warped for it). */
    Zpk bilinear() {
        Complex fs2 = Complex.real(4);
        int degree = p.size() - z.size();
        List<Complex> zz = new ArrayList<>();
        Complex num = Complex.real(1);
        for (Complex c : z) {
            zz.add(fs2.plus(c).dividedBy(fs2.minus(c)));
            num = num.times(fs2.minus(c));
        }
        for (int i = 0; i < degree; i++) {
            zz.add(Complex.real(-1));
        }
        List<Complex> pz = new ArrayList<>();
        Complex den = Complex.real(1);
        for (Complex c : p) {
            pz.add(fs2.plus(c).dividedBy(fs2.minus(c)));
            den = den.times(fs2.minus(c));
        }
        return new Zpk(zz, pz, k * num.dividedBy(den).re());
    }

    /** SciPy's {@code zpk2sos(z, p, k)} for a digital filter (pairing 'nearest'). */
    double[][] toSos() {
        List<Complex> zs = new ArrayList<>(z);
        List<Complex> ps = new ArrayList<>(p);
        while (ps.size() < zs.size()) {
            ps.add(Complex.ZERO);
        }
        while (zs.size() < ps.size()) {
            zs.add(Complex.ZERO);
        }
        int sections = (ps.size() + 1) / 2;
        if (ps.size() % 2 == 1) {
            ps.add(Complex.ZERO);
            zs.add(Complex.ZERO);
        }
        zs = cplxreal(zs);
        ps = cplxreal(ps);
        double[][] sos = new double[sections][];
        for (int si = sections - 1; si >= 0; si--) {
            Complex p1 = ps.remove(worst(ps));
            if (p1.isReal() && ps.stream().noneMatch(Complex::isReal)) {
                // The last real pole: paired with the nearest real zero, each with a zero at the origin.
                Complex z1 = zs.remove(nearest(zs, p1, Which.REAL));
                sos[si] = section(List.of(z1, Complex.ZERO), List.of(p1, Complex.ZERO));
            } else if (ps.size() + 1 == zs.size() && !p1.isReal() && count(ps) == 1 && count(zs) == 1) {
                // One real pole and one real zero remain for an even split: this pole needs a complex zero.
                Complex z1 = zs.remove(nearest(zs, p1, Which.COMPLEX));
                sos[si] = section(List.of(z1, z1.conj()), List.of(p1, p1.conj()));
            } else {
                Complex p2;
                if (p1.isReal()) {
                    List<Integer> reals = new ArrayList<>();
                    List<Complex> realPoles = new ArrayList<>();
                    for (int i = 0; i < ps.size(); i++) {
                        if (ps.get(i).isReal()) {
                            reals.add(i);
                            realPoles.add(ps.get(i));
                        }
                    }
                    p2 = ps.remove((int) reals.get(worst(realPoles)));
                } else {
                    p2 = p1.conj();
                }
                Complex z1 = zs.remove(nearest(zs, p1, Which.ANY));
                if (!z1.isReal()) {
                    sos[si] = section(List.of(z1, z1.conj()), List.of(p1, p2));
                } else {
                    Complex z2 = zs.remove(nearest(zs, p1, Which.REAL));
                    sos[si] = section(List.of(z1, z2), List.of(p1, p2));
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            sos[0][i] *= k;
        }
        return sos;
    }

    private enum Which { REAL, COMPLEX, ANY }

    /** Digital "worst" pole: the one closest to the unit circle (first on ties, as argmin). */
    private static int worst(List<Complex> ps) {
        int best = 0;
        for (int i = 1; i < ps.size(); i++) {
            if (Math.abs(1 - ps.get(i).abs()) < Math.abs(1 - ps.get(best).abs())) {
                best = i;
            }
        }
        return best;
    }

    private static int nearest(List<Complex> from, Complex to, Which which) {
        int best = -1;
        double bestDist = Double.POSITIVE_INFINITY;
        for (int i = 0; i < from.size(); i++) {
            Complex c = from.get(i);
            if (which == Which.REAL && !c.isReal() || which == Which.COMPLEX && c.isReal()) {
                continue;
            }
            double d = c.minus(to).abs();
            if (d < bestDist) {
                bestDist = d;
                best = i;
            }
        }
        if (best < 0) {
            throw new IllegalStateException("no " + which + " zero left to pair with pole " + to);
        }
        return best;
    }

    private static long count(List<Complex> v) {
        return v.stream().filter(Complex::isReal).count();
    }

    /** One section from up to two zeros and two poles: real polynomial coefficients, gain 1. */
    private static double[] section(List<Complex> zeros, List<Complex> poles) {
        double[] b = poly2(zeros);
        double[] a = poly2(poles);
        return new double[] {b[0], b[1], b[2], a[0], a[1], a[2]};
    }

    private static double[] poly2(List<Complex> r) {
        Complex s = r.get(0).plus(r.get(1)).negate();
        Complex q = r.get(0).times(r.get(1));
        return new double[] {1, s.re(), q.re()};
    }

    /**
     * SciPy's {@code _cplxreal}, concatenated: one of each conjugate pair (positive imaginary part, pairs
     * averaged) sorted by real part then imaginary magnitude, followed by the real values sorted.
     */
    private static List<Complex> cplxreal(List<Complex> v) {
        double tol = 100 * Math.ulp(1.0);
        List<Complex> sorted = new ArrayList<>(v);
        sorted.sort(Comparator.comparingDouble(Complex::re).thenComparingDouble(c -> Math.abs(c.im())));
        List<Complex> reals = new ArrayList<>();
        List<Complex> pos = new ArrayList<>();
        List<Complex> neg = new ArrayList<>();
        for (Complex c : sorted) {
            if (Math.abs(c.im()) <= tol * c.abs()) {
                reals.add(Complex.real(c.re()));
            } else if (c.im() > 0) {
                pos.add(c);
            } else {
                neg.add(c);
            }
        }
        if (pos.size() != neg.size()) {
            throw new IllegalArgumentException("complex value without a matching conjugate");
        }
        // Runs of (nearly) equal real part are ordered by imaginary magnitude, separately in each half.
        int start = 0;
        while (start < pos.size()) {
            int stop = start;
            while (stop + 1 < pos.size()
                    && pos.get(stop + 1).re() - pos.get(stop).re() <= tol * pos.get(stop).abs()) {
                stop++;
            }
            Comparator<Complex> byIm = Comparator.comparingDouble(c -> Math.abs(c.im()));
            pos.subList(start, stop + 1).sort(byIm);
            neg.subList(start, stop + 1).sort(byIm);
            start = stop + 1;
        }
        List<Complex> out = new ArrayList<>();
        for (int i = 0; i < pos.size(); i++) {
            Complex a = pos.get(i);
            Complex b = neg.get(i);
            if (a.minus(b.conj()).abs() > tol * b.abs()) {
                throw new IllegalArgumentException("complex value without a matching conjugate");
            }
            out.add(a.plus(b.conj()).times(0.5));
        }
        out.addAll(reals);
        return out;
    }

    private static List<Complex> scale(List<Complex> v, double s) {
        List<Complex> out = new ArrayList<>();
        for (Complex c : v) {
            out.add(c.times(s));
        }
        return out;
    }

    private static List<Complex> invert(List<Complex> v, double s) {
        List<Complex> out = new ArrayList<>();
        for (Complex c : v) {
            out.add(Complex.real(s).dividedBy(c));
        }
        return out;
    }

    /** c ± sqrt(c² − wo²) for every c: all the '+' roots, then all the '−' roots. */
    private static List<Complex> splitPairs(List<Complex> v, double wo) {
        List<Complex> plus = new ArrayList<>();
        List<Complex> minus = new ArrayList<>();
        for (Complex c : v) {
            Complex r = c.times(c).minus(Complex.real(wo * wo)).sqrt();
            plus.add(c.plus(r));
            minus.add(c.minus(r));
        }
        plus.addAll(minus);
        return plus;
    }

    private static Complex prodNeg(List<Complex> v) {
        Complex out = Complex.real(1);
        for (Complex c : v) {
            out = out.times(c.negate());
        }
        return out;
    }
}
