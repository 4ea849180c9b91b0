package org.neurofusion.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.neurofusion.core.ChannelType;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Notch;
import org.neurofusion.modalities.signal.Pipeline;
import org.neurofusion.modalities.signal.Preprocessor;
import org.neurofusion.modalities.signal.Rereference;
import org.neurofusion.modalities.signal.Resample;
import picocli.CommandLine.Option;

/**
 * The preprocessing steps a command line asks for, as a picocli mixin: band-pass, notch, resampling and
 * re-referencing, always applied in that order, turned into a {@link Pipeline} by {@link #pipeline()}.
 */
final class StepOptions {
    @Option(names = "--bandpass", split = ",", paramLabel = "HZ", description = "Band edges LO,HI in Hz.")
    List<Double> bandpass;

    @Option(names = "--notch", paramLabel = "HZ", description = "Line frequency; its harmonics below Nyquist too.")
    Double notch;

    @Option(names = "--resample", paramLabel = "HZ", description = "New sampling rate of the data channels.")
    Double resample;

    @Option(names = "--reference", paramLabel = "REF", description = "'average', or channel name(s) A[,B] whose"
            + " mean becomes the reference.")
    String reference;

    @Option(names = "--method", defaultValue = "fir", paramLabel = "fir|iir", description = "Band-pass design:"
            + " fir (MNE's default, zero phase) or iir (4th-order Butterworth, forward-backward). Default: fir.")
    String method;

    /**
     * The steps asked for, in their fixed order.
     *
     * @throws IllegalArgumentException saying which option is wrong
     */
    Pipeline pipeline() {
        List<Preprocessor> steps = new ArrayList<>();
        if (bandpass != null) {
            if (bandpass.size() != 2) {
                throw new IllegalArgumentException("--bandpass takes LO,HI");
            }
            steps.add(new Filter(bandpass.get(0), bandpass.get(1), method));
        } else if (!method.equals("fir") && !method.equals("iir")) {
            throw new IllegalArgumentException("--method must be fir or iir");
        }
        if (notch != null) {
            steps.add(new Notch(notch));
        }
        if (resample != null) {
            steps.add(new Resample(resample));
        }
        if (reference != null) {
            steps.add(reference.equals("average") ? Rereference.average(ChannelType.EEG, Set.of())
                    : Rereference.toChannels(ChannelType.EEG, List.of(reference.split(","))));
        }
        return new Pipeline(steps);
    }
}
