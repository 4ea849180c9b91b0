package org.neurofusion.modalities.signal;

import static org.bytedeco.fftw.global.fftw3.FFTW_ESTIMATE;
import static org.bytedeco.fftw.global.fftw3.fftw_alignment_of;
import static org.bytedeco.fftw.global.fftw3.fftw_execute_dft_c2r;
import static org.bytedeco.fftw.global.fftw3.fftw_execute_dft_r2c;
import static org.bytedeco.fftw.global.fftw3.fftw_plan_dft_c2r_1d;
import static org.bytedeco.fftw.global.fftw3.fftw_plan_dft_r2c_1d;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.bytedeco.fftw.global.fftw3;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Double-precision real FFTs of one size through FFTW (JavaCPP preset): {@link #forward} is FFTW's r2c
 * (numpy's {@code rfft}), {@link #inverse} its c2r scaled by 1/n (numpy's {@code irfft}), so an inverse
 * undoes a forward. Spectra are interleaved {@code re0, im0, re1, im1, ...} with n/2 + 1 bins.
 *
 * <p>Instances are cached per size and safe to share between threads: FFTW's planner is not thread-safe,
 * so plans are made once under {@link #PLANNER}; execution uses FFTW's new-array functions (which are
 * thread-safe) on per-thread, 64-byte-aligned native buffers, the same alignment the plans were made with.
 */
public final class Fft {
    /** Serialises every call into FFTW's planner, for both precisions. */
    static final ReentrantLock PLANNER = new ReentrantLock();
    /** Every buffer starts on a 64-byte boundary, so FFTW's alignment check always sees the planning case. */
    static final int ALIGN_BYTES = 64;

    private static final Map<Integer, Fft> CACHE = new ConcurrentHashMap<>();

    static {
        // Extracts the natives into ~/.javacpp/cache (or -Dorg.bytedeco.javacpp.cachedir) once per machine.
        Loader.load(fftw3.class);
    }

    private final int n;
    private final fftw3.fftw_plan r2c;
    private final fftw3.fftw_plan c2r;
    private final ThreadLocal<Buffers> buffers;

    private Fft(int n) {
        this.n = n;
        Buffers planning = new Buffers(n);
        PLANNER.lock();
        try {
            r2c = fftw_plan_dft_r2c_1d(n, planning.real, planning.complex, (int) FFTW_ESTIMATE);
            c2r = fftw_plan_dft_c2r_1d(n, planning.complex, planning.real, (int) FFTW_ESTIMATE);
        } finally {
            PLANNER.unlock();
        }
        if (r2c == null || r2c.isNull() || c2r == null || c2r.isNull()) {
            throw new IllegalStateException("FFTW could not plan a real FFT of size " + n);
        }
        buffers = ThreadLocal.withInitial(() -> new Buffers(n));
    }

    /** The transforms of size {@code n} (made on first use, then shared). */
    public static Fft of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT size must be >= 1, got " + n);
        }
        return CACHE.computeIfAbsent(n, Fft::new);
    }

    /** The transform length. */
    public int size() {
        return n;
    }

    /** Number of complex bins of a real signal's spectrum: n/2 + 1. */
    public int bins() {
        return n / 2 + 1;
    }

    /** Real-to-complex transform of {@code x} (length n) into {@code spectrum} (length 2 × bins). */
    public void forward(double[] x, double[] spectrum) {
        check(x.length == n && spectrum.length == 2 * bins(), x.length, spectrum.length);
        Buffers b = buffers.get();
        b.real.put(x, 0, n);
        fftw_execute_dft_r2c(r2c, b.real, b.complex);
        b.complex.get(spectrum, 0, spectrum.length);
    }

    /** Complex-to-real transform of {@code spectrum} (length 2 × bins) into {@code x}, divided by n. */
    public void inverse(double[] spectrum, double[] x) {
        check(x.length == n && spectrum.length == 2 * bins(), x.length, spectrum.length);
        Buffers b = buffers.get();
        // c2r overwrites its input: the copy in the native buffer is ours to lose.
        b.complex.put(spectrum, 0, spectrum.length);
        fftw_execute_dft_c2r(c2r, b.complex, b.real);
        b.real.get(x, 0, n);
        double scale = 1.0 / n;
        for (int i = 0; i < n; i++) {
            x[i] *= scale;
        }
    }

    /**
     * Circular convolution of {@code x} (length n, overwritten with the result) with the filter whose
     * spectrum, already divided by n, is {@code scaledSpectrum} (2 × bins values): forward transform, product
     * and inverse transform without leaving FFTW's buffers, which saves two copies of the spectrum and the
     * scaling pass of {@link #forward} + {@link #inverse}.
     */
    public void convolve(double[] x, double[] scaledSpectrum) {
        check(x.length == n && scaledSpectrum.length == 2 * bins(), x.length, scaledSpectrum.length);
        Buffers b = buffers.get();
        b.real.put(x, 0, n);
        fftw_execute_dft_r2c(r2c, b.real, b.complex);
        java.nio.DoubleBuffer c = b.complexView;
        for (int k = 0; k < scaledSpectrum.length; k += 2) {
            double re = c.get(k);
            double im = c.get(k + 1);
            c.put(k, re * scaledSpectrum[k] - im * scaledSpectrum[k + 1]);
            c.put(k + 1, re * scaledSpectrum[k + 1] + im * scaledSpectrum[k]);
        }
        fftw_execute_dft_c2r(c2r, b.complex, b.real);
        b.real.get(x, 0, n);
    }

    private void check(boolean ok, int real, int complex) {
        if (!ok) {
            throw new IllegalArgumentException("FFT of size " + n + " needs " + n + " real and " + 2 * bins()
                    + " interleaved complex values, got " + real + " and " + complex);
        }
    }

    /** Per-thread native input/output arrays. */
    private static final class Buffers {
        final DoublePointer real;
        final DoublePointer complex;
        /** The complex buffer as a direct DoubleBuffer, for products computed in place. */
        final java.nio.DoubleBuffer complexView;

        Buffers(int n) {
            real = aligned(n);
            complex = aligned(2 * (n / 2 + 1));
            complexView = complex.asBuffer();
        }

        private static DoublePointer aligned(int length) {
            // JavaCPP frees the allocation when the pointer is collected; position() shifts the address
            // FFTW sees to the next 64-byte boundary.
            DoublePointer p = new DoublePointer(length + ALIGN_BYTES / Double.BYTES);
            long misalign = p.address() % ALIGN_BYTES;
            p.position(misalign == 0 ? 0 : (ALIGN_BYTES - misalign) / Double.BYTES);
            if (fftw_alignment_of(p) != 0) {
                throw new IllegalStateException("could not align an FFT buffer");
            }
            return p;
        }
    }
}
