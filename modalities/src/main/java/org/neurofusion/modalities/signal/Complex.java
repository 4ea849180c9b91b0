package org.neurofusion.modalities.signal;

/** A complex number, just enough arithmetic for pole–zero filter design. */
record Complex(double re, double im) {
    static final Complex ZERO = new Complex(0, 0);

    static Complex real(double v) {
        return new Complex(v, 0);
    }

    Complex plus(Complex o) {
        return new Complex(re + o.re, im + o.im);
    }

    Complex minus(Complex o) {
        return new Complex(re - o.re, im - o.im);
    }

    Complex times(Complex o) {
        return new Complex(re * o.re - im * o.im, re * o.im + im * o.re);
    }

    Complex times(double s) {
        return new Complex(re * s, im * s);
    }

    Complex dividedBy(Complex o) {
        // Smith's algorithm, as numpy does, to avoid overflow in |o|^2.
        if (Math.abs(o.re) >= Math.abs(o.im)) {
            double r = o.im / o.re;
            double d = o.re + o.im * r;
            return new Complex((re + im * r) / d, (im - re * r) / d);
        }
        double r = o.re / o.im;
        double d = o.re * r + o.im;
        return new Complex((re * r + im) / d, (im * r - re) / d);
    }

    Complex conj() {
        return new Complex(re, -im);
    }

    Complex negate() {
        return new Complex(-re, -im);
    }

    double abs() {
        return Math.hypot(re, im);
    }

    boolean isReal() {
        return im == 0;
    }

    /** The principal square root (C99 csqrt). */
    Complex sqrt() {
        if (re == 0 && im == 0) {
            return new Complex(0, im);
        }
        double t = Math.sqrt((Math.abs(re) + Math.hypot(re, im)) / 2);
        if (re >= 0) {
            return new Complex(t, im / (2 * t));
        }
        return new Complex(Math.abs(im) / (2 * t), Math.copySign(t, im));
    }
}
