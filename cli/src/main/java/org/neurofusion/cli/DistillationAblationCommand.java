package org.neurofusion.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurofusion.fusion.experiment.DistillationAblation;
import org.neurofusion.fusion.experiment.MapPlan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code neurofusion experiment distillation-ablation}: {@link DistillationAblation} in one cell of a map. */
@Command(name = "distillation-ablation", mixinStandardHelpOptions = true,
        description = {"Variants of a distillation map's EEG-only student in one of its cells (SIMULATED DATA):"
            + " each is the map's student with some fusion settings changed, trained against the map's own teacher"
            + " on the same windows, labels and steps for every seed of the map, and read beside the map's"
            + " student, scratch and self-training runs on the same held-out subjects. Writes OUT/ablation.csv"
            + " and OUT/ablation.md (paired 95%% t intervals); runs lie under OUT/runs/ and an interrupted"
            + " ablation continues. The map must have trained the cell (its runs under MAP/runs/).",
            "Default variants: the imputation targets one at a time (embedding-only, tokens-only), neither"
                + " (ce-kl-only), feature terms x4, temperature 1 and 4, no KL, KL x4."})
final class DistillationAblationCommand implements Callable<Integer> {
    @Option(names = "--map", required = true, paramLabel = "DIR", description = "The distillation map's folder.")
    Path map;

    @Option(names = "--quick", description = "The map is the --quick one.")
    boolean quick;

    @Mixin
    SeedOption seed;

    @Option(names = "--shared-fraction", required = true, paramLabel = "F",
            description = "The cell's shared fraction (one of the map's).")
    double sharedFraction;

    @Option(names = "--labelled", required = true, paramLabel = "N|all",
            description = "The cell's labelled trials per class and subject (one of the map's), or 'all'.")
    String labelled;

    @Option(names = "--variant", paramLabel = "NAME:KEY=VALUE[,KEY=VALUE...]",
            description = "A variant (repeatable); without any, the default variants.")
    List<String> variants = new ArrayList<>();

    @Option(names = "--out", defaultValue = "distillation-ablation", paramLabel = "DIR",
            description = "Where to write (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--threads", paramLabel = "N", description = "PyTorch intra-op threads (default: the"
            + " launcher's, NEUROFUSION_THREADS).")
    Integer threads;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (threads != null && threads < 1) {
            throw new ParameterException(spec.commandLine(), "--threads must be at least 1, got " + threads);
        }
        int lpc;
        try {
            lpc = labelled.equals("all") ? -1 : Integer.parseInt(labelled);
        } catch (NumberFormatException e) {
            throw new ParameterException(spec.commandLine(), "--labelled must be a count or 'all', got '" + labelled
                    + "'");
        }
        List<DistillationAblation.Variant> vs = new ArrayList<>();
        try {
            for (String v : variants) {
                vs.add(DistillationAblation.Variant.parse(v));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--variant: " + e.getMessage());
        }
        MapPlan plan = quick ? MapPlan.quick(seed.seed) : MapPlan.full(seed.seed);
        DistillationAblation.Builder b = DistillationAblation.builder().setMap(map).setPlan(plan)
                .setCell(sharedFraction, lpc).setOutput(out).optDevice(device.resolve())
                .optThreads(threads == null ? 0 : threads).optLog(spec.commandLine().getErr());
        DistillationAblation a;
        try {
            if (!vs.isEmpty()) {
                b.optVariants(vs);
            }
            a = b.build();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        DistillationAblation.Result r = a.run();
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%d rows) and %s: SIMULATED DATA%n", r.csv(),
                r.rows().size(), r.markdown());
        return 0;
    }
}
