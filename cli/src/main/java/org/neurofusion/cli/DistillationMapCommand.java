package org.neurofusion.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurofusion.fusion.experiment.DistillationMap;
import org.neurofusion.fusion.experiment.MapPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code neurofusion experiment distillation-map}: the {@link DistillationMap} over simulated cohorts. */
@Command(name = "distillation-map", mixinStandardHelpOptions = true,
        description = {"On simulated EEG+fNIRS cohorts (SIMULATED DATA), for each shared fraction (how much of the"
            + " task the EEG sees) and labelled count: pre-trains without labels, then trains the teacher, the"
            + " EEG-only student and its controls (scratch, self-training, all-labels, the ideal decoder on the"
            + " simulator's truth), and writes DIR/map.csv (one row per held-out subject, seed, cell and condition),"
            + " DIR/map.md (means, the student's gains with paired 95%% t intervals, the share of the label gap"
            + " closed) and DIR/map.svg (the gains as heat maps). Runs lie under DIR/runs/; an interrupted map"
            + " continues where it stopped.",
            "Full: shared fraction 0, 0.5, 0.8, 1 x labelled 5, 10, all x 3 seeds, 12 subjects (hours on 2 cores);"
                + " erdDepth 0.9 and EEG windows band-passed 8-30 Hz by a causal filter, so that EEG decodes across"
                + " subjects at all (docs/fusion.md)."
                + " --quick: 0, 0.8 x 5, all x 1 seed, 6 subjects, 150 steps (about 10 minutes on 2 cores)."})
final class DistillationMapCommand implements Callable<Integer> {
    @Option(names = "--quick", description = "The small map (see above).")
    boolean quick;

    @Mixin
    SeedOption seed;

    @Option(names = "--out", defaultValue = "distillation-map", paramLabel = "DIR",
            description = "The map's folder (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--teacher-expert", paramLabel = "MODALITIES", defaultValue = "",
            description = "Stack the teacher with a closed-form expert on these modalities (teacher_expert, e.g."
                    + " fnirs; docs/fusion.md). A map folder holds blocks of one teacher only.")
    String teacherExpert;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One fusion setting of every run (repeatable;"
            + " docs/fusion.md), e.g. --set imputation_target=haemodynamic. A map folder holds blocks of one"
            + " configuration only.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--seeds", paramLabel = "N", description = "Only the first N of the map's seeds (default: all"
            + " of them, 3 for the full map).")
    Integer seeds;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch intra-op threads (default: the"
            + " launcher's, NEUROFUSION_THREADS).")
    Integer threads;

    @Option(names = "--part", paramLabel = "K/N", defaultValue = "1/1",
            description = "Train only every N-th block of the map, starting with the K-th (blocks in the map's"
                    + " order: knob ends first, seeds within each knob value), so that N processes share one"
                    + " folder, e.g. --part 1/2 and --part 2/2 with --threads 1 each on two cores. Other parts'"
                    + " finished blocks are read from their records (default: ${DEFAULT-VALUE}, every block).")
    String part;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        Matcher m = Pattern.compile("(\\d{1,4})/(\\d{1,4})").matcher(part.trim());
        if (!m.matches() || Integer.parseInt(m.group(1)) < 1
                || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
            throw new ParameterException(spec.commandLine(), "--part must be K/N with 1 <= K <= N, e.g. 1/2, got '"
                    + part + "'");
        }
        int k = Integer.parseInt(m.group(1));
        int n = Integer.parseInt(m.group(2));
        MapPlan plan;
        try {
            plan = (quick ? MapPlan.quick(seed.seed) : MapPlan.full(seed.seed)).withTeacherExpert(teacherExpert);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--teacher-expert: " + e.getMessage());
        }
        for (String s : settings) {
            String[] kv = FusionOptions.keyValue(spec.commandLine(), s);
            try {
                plan = plan.withFusion(kv[0], kv[1]);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--set " + s + ": " + e.getMessage());
            }
        }
        if (seeds != null) {
            try {
                plan = plan.withSeeds(seeds);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--seeds: " + e.getMessage());
            }
        }
        var err = spec.commandLine().getErr();
        err.printf(Locale.ROOT, "distillation map (%s, %d runs%s): %s%n", quick ? "quick" : "full", plan.runs(),
                n == 1 ? "" : "; this process trains part " + k + " of " + n + " of its blocks", plan.describe());
        DistillationMap.Result r = DistillationMap.builder().setOutput(out).setPlan(plan).optDevice(device.resolve())
                .optThreads(threads == null ? 0 : threads).optPart(k, n).optLog(err).build().run();
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%d rows), %s, %s and %s (%d students):"
                + " SIMULATED DATA%n", r.csv(), r.rows().size(), r.markdown(), r.svg(),
                r.csv().resolveSibling("imputation.csv"), r.imputation().size());
        return 0;
    }
}
