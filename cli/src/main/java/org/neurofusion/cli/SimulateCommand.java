package org.neurofusion.cli;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion simulate}: a simulated cohort of paired EEG, fNIRS, MEG and fMRI (any subset) written as a BIDS
 * dataset in real formats,
 * with the ground truth under {@code derivatives/neurofusion-simulation/} ({@link CohortWriter}). Simulated data,
 * labelled as such in the dataset description.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true, subcommands = SimulateRealismCommand.class,
        description = {"Simulates subjects with paired EEG, fNIRS, MEG and fMRI from one latent model (Shin 2017"
            + " protocol) and writes them as a BIDS dataset.",
            "'simulate realism' compares simulated with real recordings."})
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--subjects", defaultValue = "10", description = "Subjects (default: ${DEFAULT-VALUE}).")
    int subjects;

    @Option(names = "--tasks", split = ",", defaultValue = "mi,ma", description = "mi (motor imagery), ma (mental"
            + " arithmetic); default: ${DEFAULT-VALUE}.")
    List<String> tasks;

    @Option(names = "--modalities", split = ",", defaultValue = "eeg,fnirs", description = "Any of eeg (BDF/EDF),"
            + " fnirs (SNIRF), meg (FIF, 102 magnetometers), fmri (BOLD .nii.gz, TR --set fmriTr=1.0, and an atlas under"
            + " derivatives/neurofusion-atlas); default: ${DEFAULT-VALUE}.")
    List<String> modalities;

    @Mixin
    SeedOption seed;

    @Option(names = "--sessions", defaultValue = "3", description = "Sessions per task (default: ${DEFAULT-VALUE}).")
    int sessions;

    @Option(names = "--trials", defaultValue = "20", description = "Trials per session (default: ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--resting-seconds", defaultValue = "180", description = "Length of each subject's resting run"
            + " in seconds, 0 for none (default: ${DEFAULT-VALUE}).")
    double resting;

    @Option(names = "--eeg-format", defaultValue = "bdf", description = "bdf or edf (default: ${DEFAULT-VALUE}).")
    String eegFormat;

    @Mixin
    KnobOptions knobs;

    // Not required = true: picocli checks a parent's required options even when a subcommand follows, and
    // 'simulate realism' writes no dataset; call() asks for it instead.
    @Option(names = "--out", description = "The dataset folder to write (required).")
    Path out;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (out == null) {
            throw new ParameterException(spec.commandLine(), "Missing required option: '--out=<out>'");
        }
        EnumSet<Modality> written = EnumSet.noneOf(Modality.class);
        SimulationConfig config;
        CohortWriter writer;
        try {
            modalities.forEach(m -> written.add(switch (m) {
                case "eeg" -> Modality.EEG;
                case "fnirs" -> Modality.FNIRS;
                case "meg" -> Modality.MEG;
                case "fmri" -> Modality.FMRI;
                default -> throw new IllegalArgumentException("modality '" + m + "' cannot be simulated;"
                        + " choose from eeg, fnirs, meg, fmri");
            }));
            List<SimulatedTask> ts = tasks.stream().map(t -> switch (t) {
                case "mi" -> SimulatedTask.MOTOR_IMAGERY;
                case "ma" -> SimulatedTask.MENTAL_ARITHMETIC;
                default -> throw new IllegalArgumentException("unknown task '" + t + "'; choose mi, ma");
            }).toList();
            SimulationConfig.Builder b = SimulationConfig.builder().optSeed(seed.seed).optSubjects(subjects)
                    .optTasks(ts).optSessionsPerTask(sessions).optTrialsPerSession(trials)
                    .optRestingRunSeconds(resting);
            knobs.applyTo(b);
            config = b.build();
            writer = new CohortWriter(config, written, "." + eegFormat);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        var err = spec.commandLine().getErr();
        long t0 = System.nanoTime();
        writer.write(out, (subject, done, total) -> {
            err.printf(Locale.ROOT, "subject %s: %d runs written (%.1f s)%n", subject.id(), subject.runs().size(),
                    (System.nanoTime() - t0) / 1e9);
            err.flush();
        });
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: %d subjects, SIMULATED DATA, in %.1f s%n", out,
                config.subjects(), (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
