package org.neurofusion.modalities.signal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.neurofusion.core.ProcessingStep;
import org.neurofusion.core.Recording;

/**
 * One processing step: a pure function from a recording to a new recording, which records itself (name
 * and parameters) at the end of the output's history so the exact preprocessing travels with the data.
 *
 * <p>Names: a step is named after its pipeline name in CamelCase ({@code filter} → {@link Filter},
 * {@code notch} → {@link Notch}, {@code resample} → {@link Resample}, {@code beer_lambert} → BeerLambert);
 * the functions on arrays that do its arithmetic are named after their technique ({@link NotchFir},
 * {@link Resampling}, {@link ZeroPhaseFir}, {@link Butterworth}). A step hands the arrays it computes to its
 * output without copying them ({@code InMemoryRecording.Builder.addOwnedChannel}).
 */
public interface Preprocessor {

    /** Stable name of the operation, as written in histories ({@code optical_density}, ...). */
    String name();

    /** The parameters that make the step repeatable, as strings. */
    Map<String, String> parameters();

    /** Applies the step; the input is left unchanged. */
    Recording apply(Recording input);

    /** The history of {@code input} followed by this step. */
    default List<ProcessingStep> historyAfter(Recording input) {
        List<ProcessingStep> h = new ArrayList<>(input.history());
        h.add(new ProcessingStep(name(), parameters()));
        return h;
    }
}
