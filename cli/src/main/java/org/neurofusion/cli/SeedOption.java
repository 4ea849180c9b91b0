package org.neurofusion.cli;

import picocli.CommandLine.Option;

/** {@code --seed}: one seed for simulation, initialisation and folds, shared by the commands that draw. */
final class SeedOption {
    @Option(names = "--seed", defaultValue = "42", description = "Seed: the same seed gives the same data and folds"
            + " (default: ${DEFAULT-VALUE}).")
    long seed;
}
