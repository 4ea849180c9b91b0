package org.neurofusion.modalities.signal;

import static org.bytedeco.fftw.global.fftw3.FFTW_ESTIMATE;
import static org.bytedeco.fftw.global.fftw3.fftwf_alignment_of;
import static org.bytedeco.fftw.global.fftw3.fftwf_execute_dft_c2r;
import static org.bytedeco.fftw.global.fftw3.fftwf_execute_dft_r2c;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_c2r_1d;
import static org.bytedeco.fftw.global.fftw3.fftwf_plan_dft_r2c_1d;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.fftw.global.fftw3;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;

/**
 * Single-precision real FFTs of one size through FFTW's float library (fftwf): the same contract as
 * {@link Fft}, at half the memory traffic, for data that is float already. Spectra are interleaved {@code re0, im0, re1, im1, ...} with n/2 + 1 bins.
 *
 * <p>Instances are cached per size and safe to share between threads: FFTW's planner is not thread-safe,
 * so plans are made once under {@link Fft#PLANNER}; execution uses FFTW's new-array functions (which are
 * thread-safe) on per-thread, 64-byte-aligned native buffers, the same alignment the plans were made with.
 */
public final class FloatFft {
    private static final Map<Integer, FloatFft> CACHE = new ConcurrentHashMap<>();

    static {
        // Extracts the natives into ~/.javacpp/cache (or -Dorg.bytedeco.javacpp.cachedir) once per machine.
        Loader.load(fftw3.class);
    }

    private final int n;
    private final fftw3.fftwf_plan r2c;
    private final fftw3.fftwf_plan c2r;
    private final ThreadLocal<Buffers> buffers;

    private FloatFft(int n) {
        this.n = n;
        Buffers planning = new Buffers(n);
        Fft.PLANNER.lock();
        try {
            r2c = fftwf_plan_dft_r2c_1d(n, planning.real, planning.complex, (int) FFTW_ESTIMATE);
            c2r = fftwf_plan_dft_c2r_1d(n, planning.complex, planning.real, (int) FFTW_ESTIMATE);
        } finally {
            Fft.PLANNER.unlock();
        }
        if (r2c == null || r2c.isNull() || c2r == null || c2r.isNull()) {
            throw new IllegalStateException("FFTW could not plan a real FFT of size " + n);
        }
        buffers = ThreadLocal.withInitial(() -> new Buffers(n));
    }

    /** The transforms of size {@code n} (made on first use, then shared). */
    public static FloatFft of(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("FFT size must be >= 1, got " + n);
        }
        return CACHE.computeIfAbsent(n, FloatFft::new);
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
    public void forward(float[] x, float[] spectrum) {
        check(x.length == n && spectrum.length == 2 * bins(), x.length, spectrum.length);
        Buffers b = buffers.get();
        b.real.put(x, 0, n);
        fftwf_execute_dft_r2c(r2c, b.real, b.complex);
        b.complex.get(spectrum, 0, spectrum.length);
    }

    /** Complex-to-real transform of {@code spectrum} (length 2 × bins) into {@code x}, divided by n. */
    public void inverse(float[] spectrum, float[] x) {
        check(x.length == n && spectrum.length == 2 * bins(), x.length, spectrum.length);
        Buffers b = buffers.get();
        // c2r overwrites its input: the copy in the native buffer is ours to lose.
        b.complex.put(spectrum, 0, spectrum.length);
        fftwf_execute_dft_c2r(c2r, b.complex, b.real);
        b.real.get(x, 0, n);
        float scale = 1.0f / n;
        for (int i = 0; i < n; i++) {
            x[i] *= scale;
        }
    }

    private void check(boolean ok, int real, int complex) {
        if (!ok) {
            throw new IllegalArgumentException("FFT of size " + n + " needs " + n + " real and " + 2 * bins()
                    + " interleaved complex values, got " + real + " and " + complex);
        }
    }

    /** Per-thread native input/output arrays. */
    private static final class Buffers {
        final FloatPointer real;
        final FloatPointer complex;

        Buffers(int n) {
            real = aligned(n);
            complex = aligned(2 * (n / 2 + 1));
        }

        private static FloatPointer aligned(int length) {
            // JavaCPP frees the allocation when the pointer is collected; position() shifts the address
            // FFTW sees to the next 64-byte boundary.
            FloatPointer p = new FloatPointer(length + Fft.ALIGN_BYTES / Float.BYTES);
            long misalign = p.address() % Fft.ALIGN_BYTES;
            p.position(misalign == 0 ? 0 : (Fft.ALIGN_BYTES - misalign) / Float.BYTES);
            if (fftwf_alignment_of(p) != 0) {
                throw new IllegalStateException("could not align an FFT buffer");
            }
            return p;
        }
    }
}
