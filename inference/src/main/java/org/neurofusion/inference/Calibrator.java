package org.neurofusion.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SignalBlock;
import org.neurofusion.modalities.signal.EuclideanAlignment;

/**
 * Fits a subject's {@link Calibration} for a decoder whose contract aligns its input: the windows of a calibration
 * recording cut as the decoder cuts a recording to decode (at the alignment's stride), or windows given, and the
 * aligning matrix fitted with the arithmetic training used ({@link EuclideanAlignment}).
 */
final class Calibrator {
    private Calibrator() {
    }

    /** {@link BrainDecoder#calibrate(Recording, String)}. */
    static Calibration fromRecording(BrainDecoder d, Recording recording, String source) {
        InputContract.Alignment a = alignment(d);
        InputContract c = d.contract();
        BrainDecoder.Prepared p = d.prepare(recording, source);
        List<SignalBlock> windows = new ArrayList<>();
        int[] unusable = {0};
        d.cut(p, Math.max(1, Math.round(a.strideSeconds() * c.rate())), windows::add, why -> unusable[0]++);
        if (windows.isEmpty()) {
            throw new IncompatibleInputException(String.format(Locale.ROOT, "%s: no window of %.3f s to calibrate on"
                    + " (%d samples at %s Hz after preprocessing, %d windows unusable)", source, c.windowSeconds(),
                    p.recording().channels().get(0).sampleCount(), c.rate(), unusable[0]));
        }
        return fit(a, windows, p.match().channels().stream().map(Channel::name).toList(), source, unusable[0]);
    }

    /** {@link BrainDecoder#calibrate(List, List, String)}. */
    static Calibration fromWindows(BrainDecoder d, List<SignalBlock> windows, List<String> names, String source) {
        InputContract.Alignment a = alignment(d);
        if (windows.isEmpty()) {
            throw new IncompatibleInputException(source + ": no window to calibrate on");
        }
        InputContract c = d.contract();
        for (SignalBlock w : windows) {
            if (!w.channelNames().equals(names) || w.sampleCount() != c.windowSamples()
                    || Math.abs(w.samplingRate() - c.rate()) > 1e-9) {
                throw new IncompatibleInputException(String.format(Locale.ROOT, "%s: the calibration window at %.3f s"
                        + " has channels %s × %d samples at %s Hz; expected %s × %d at %s Hz", source,
                        w.startSeconds(), w.channelNames(), w.sampleCount(), w.samplingRate(), names,
                        c.windowSamples(), c.rate()));
            }
            for (float v : w.data()) {
                if (!Float.isFinite(v)) {
                    throw new IncompatibleInputException(String.format(Locale.ROOT, "%s: the calibration window at"
                            + " %.3f s holds %s", source, w.startSeconds(), v));
                }
            }
        }
        return fit(a, windows, names, source, 0);
    }

    /** Fits the matrix to usable windows; refuses a channel flat in all of them (its row would be amplified). */
    private static Calibration fit(InputContract.Alignment a, List<SignalBlock> windows, List<String> names,
            String source, int skipped) {
        boolean[] live = new boolean[names.size()];
        EuclideanAlignment.Reference ref = new EuclideanAlignment.Reference(names.size());
        for (SignalBlock w : windows) {
            boolean[] flat = BrainDecoder.flatChannels(w);
            for (int k = 0; k < live.length; k++) {
                live[k] |= !flat[k];
            }
            ref.add(w);
        }
        List<String> dead = new ArrayList<>();
        for (int k = 0; k < live.length; k++) {
            if (!live[k]) {
                dead.add(names.get(k));
            }
        }
        if (!dead.isEmpty()) {
            throw new IncompatibleInputException(source + ": channels " + dead + " are flat in every calibration"
                    + " window; a channel the calibration never saw cannot be aligned (fix or leave it out of both"
                    + " recordings)");
        }
        try {
            return new Calibration(names, ref.matrix(a.rms(), a.shrinkage()), ref.windows(), skipped, source);
        } catch (IllegalArgumentException e) {
            throw new IncompatibleInputException(source + ": " + e.getMessage());
        }
    }

    private static InputContract.Alignment alignment(BrainDecoder d) {
        InputContract.Alignment a = d.contract().alignment();
        if (a == null) {
            throw new IllegalArgumentException("this model does not align its input; it needs no calibration");
        }
        return a;
    }
}
