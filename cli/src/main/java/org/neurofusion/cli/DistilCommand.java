package org.neurofusion.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.fusion.train.FusionTrainer;
import org.neurofusion.fusion.train.SourceRun;
import org.neurofusion.fusion.train.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion distil}: distils a teacher into a single-modality student, or trains one of the student's
 * controls on the same windows and budget.
 */
@Command(name = "distil", mixinStandardHelpOptions = true,
        description = {"Distils a teacher (neurofusion fuse) into a student that reads one modality (--keep) and"
            + " imputes the other, on the labelled and unlabelled paired windows; or, with --control, trains a"
            + " control on the same windows, labels and steps: scratch (the kept modality from the few labels),"
            + " all-labels (every label), self-training (pseudo-labels from a scratch run, --labeller).",
            "Writes STUDENT_DIR/config.json, provenance.json, metrics.jsonl and checkpoints/last.ckpt."})
final class DistilCommand implements Callable<Integer> {
    enum Control { none, scratch, all_labels, self_training }

    @Option(names = "--teacher", required = true, paramLabel = "TEACHER_DIR", description = "A fuse run folder;"
            + " its pre-training run gives the aligned encoders.")
    Path teacher;

    @Option(names = "--keep", defaultValue = "eeg", description = "The modality the student reads (default:"
            + " ${DEFAULT-VALUE}).")
    String keep;

    @Option(names = "--out", required = true, paramLabel = "STUDENT_DIR", description = "The run folder.")
    Path out;

    @Option(names = "--control", defaultValue = "none", paramLabel = "none|scratch|all_labels|self_training",
            description = "Train a control instead of the student (default: ${DEFAULT-VALUE}).")
    Control control;

    @Option(names = "--labeller", paramLabel = "RUN_DIR", description = "The scratch run whose softened outputs"
            + " pseudo-label the unlabelled windows (--control self_training).")
    Path labeller;

    @Mixin
    FusionOptions options;

    @Mixin
    SeedOption seed;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        var cl = spec.commandLine();
        var cfg = options.configuration(cl);
        SourceRun t = SourceRun.read(teacher);
        if (!t.config().path("stage").asText("").equals(Stage.TEACHER.label())) {
            throw new ParameterException(cl, teacher + " is not a teacher run (neurofusion fuse)");
        }
        Path pretrained = Path.of(t.config().path("pretrained").asText());
        if (control == Control.self_training && labeller == null) {
            throw new ParameterException(cl, "--control self_training needs --labeller (a scratch run)");
        }
        if (control == Control.all_labels) {
            cfg = cfg.with("labelled_per_class", "-1");
        }
        Stage stage = switch (control) {
            case none -> Stage.STUDENT;
            case scratch, all_labels -> Stage.SUPERVISED;
            case self_training -> Stage.SELF_TRAINING;
        };
        try (WindowStore store = options.store(cl, pretrained)) {
            FusionTrainer.Builder b = FusionTrainer.builder().setStage(stage).setStore(store).setRunDirectory(out)
                    .setPretrained(pretrained).optKeep(keep).optConfig(cfg).optSeed(seed.seed)
                    .optResume(options.resume).optDevice(device.resolve()).optLog(cl.getErr());
            if (stage == Stage.STUDENT) {
                b.optTeacher(teacher);
            }
            if (stage == Stage.SELF_TRAINING) {
                b.optPseudoLabeller(labeller);
            }
            FusionOptions.report(cl, b.build().run());
        }
        return 0;
    }
}
