package org.neurofusion.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code neurofusion experiment}: the experiments that run many trainings and summarise them (one subcommand each). */
@Command(name = "experiment", mixinStandardHelpOptions = true, subcommands = {DistillationMapCommand.class, DistillationAblationCommand.class},
        description = {"Experiments that train many runs and summarise them.",
            "'experiment distillation-map' maps where an EEG-only student distilled from an EEG+fNIRS teacher beats"
                + " its controls, over the simulator's shared fraction and the number of labels.",
            "'experiment distillation-ablation' trains variants of the map's student in one of its cells."})
final class ExperimentCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing experiment: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }
}
