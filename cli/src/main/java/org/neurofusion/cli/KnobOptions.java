package org.neurofusion.cli;

import java.util.ArrayList;
import java.util.List;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.simulate.SimulationKnobs;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --set NAME=VALUE}: simulation parameters by name, checked against {@link SimulationKnobs}. */
final class KnobOptions {
    @Option(names = "--set", paramLabel = "KNOB=VALUE", description = "Sets a simulation parameter by name, e.g."
            + " --set erdDepth=0.3 --set hboAmplitude=2e-7 (repeatable; the names are in docs/simulator.md).")
    List<String> knobs = new ArrayList<>();

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Applies every {@code --set} to {@code b}, failing as bad usage naming the knob. */
    void applyTo(SimulationConfig.Builder b) {
        for (String k : knobs) {
            try {
                SimulationKnobs.apply(b, k);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--set " + e.getMessage(), e);
            }
        }
    }

    /** The assignments, checked: each names a knob and parses as its type. */
    List<String> checked() {
        applyTo(SimulationConfig.builder());
        return List.copyOf(knobs);
    }
}
