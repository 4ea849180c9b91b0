package org.neurofusion.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.fusion.train.FusionTrainer;
import org.neurofusion.fusion.train.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code neurofusion fuse}: trains the multimodal teacher on a pre-training run's aligned encoders. */
@Command(name = "fuse", mixinStandardHelpOptions = true,
        description = {"Trains the multimodal teacher: a transformer over every modality's encoder tokens with a"
            + " class token and modality dropout, starting from a pre-training run's aligned encoders (frozen or"
            + " fine-tuned), on the labelled windows of its training subjects; tests on its held-out subjects.",
            "Writes TEACHER_DIR/config.json, provenance.json, metrics.jsonl and checkpoints/last.ckpt."})
final class FuseCommand implements Callable<Integer> {
    @Option(names = "--pretrained", required = true, paramLabel = "RUN_DIR", description = "A pretrain run folder.")
    Path pretrained;

    @Option(names = "--out", required = true, paramLabel = "TEACHER_DIR", description = "The teacher's run folder.")
    Path out;

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
        try (WindowStore store = options.store(cl, pretrained)) {
            FusionTrainer.Summary s = FusionTrainer.builder().setStage(Stage.TEACHER).setStore(store)
                    .setRunDirectory(out).setPretrained(pretrained).optConfig(cfg).optSeed(seed.seed)
                    .optResume(options.resume).optDevice(device.resolve()).optLog(cl.getErr()).build().run();
            FusionOptions.report(cl, s);
        }
        return 0;
    }
}
