package org.neurofusion.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.neurofusion.alignment.train.PretrainConfig;
import org.neurofusion.alignment.train.PretrainData;
import org.neurofusion.alignment.train.Pretrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion pretrain}: alignment pre-training of one encoder per modality ({@link Pretrainer}) on a window
 * store or a BIDS dataset, into a run folder.
 */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
        description = {"Pre-trains one sensor-token encoder per modality into a shared latent space (cross-modal"
            + " InfoNCE and task-aligned supervised contrast), validating retrieval on held-out subjects each epoch.",
            "Writes RUN_DIR/config.json, provenance.json, metrics.jsonl and checkpoints/{last,best}.ckpt."})
final class PretrainCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "BIDS_DIR|STORE",
            description = "A BIDS dataset (e.g. from neurofusion simulate; cut once into windows) or a window store.")
    Path data;

    @Option(names = "--out", required = true, paramLabel = "RUN_DIR", description = "The run folder (new, or"
            + " the one to --resume).")
    Path out;

    @Option(names = "--modalities", split = ",", paramLabel = "M,M",
            description = "Modalities to align (default: the configuration's, eeg,fnirs).")
    List<String> modalities;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings as JSON (see docs/alignment.md); any"
            + " key left out takes its default.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One setting, after --config (repeatable),"
            + " e.g. --set epochs=5.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--subjects-holdout", paramLabel = "N", description = "Subjects held out for validation (the"
            + " last N in sorted order; default: the configuration's, 4).")
    Integer holdout;

    @Option(names = "--resume", description = "Continue the run in RUN_DIR from its last checkpoint.")
    boolean resume;

    @Option(names = "--windows", paramLabel = "DIR", description = "Where a BIDS dataset's windows are stored"
            + " (default: DATA/derivatives/neurofusion-windows/pretrain; reused while the data and spec are"
            + " unchanged).")
    Path windows;

    @Option(names = "--truth", paramLabel = "BIDS_DIR", description = "A simulated BIDS dataset whose ground truth"
            + " gives the oracle retrieval, when --data is a store.")
    Path truth;

    @Mixin
    SeedOption seed;

    @Mixin
    DeviceOption device;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PretrainConfig cfg = configuration();
        PrintWriter err = spec.commandLine().getErr();
        Path store = windows != null ? windows : data.resolve("derivatives").resolve("neurofusion-windows")
                .resolve("pretrain");
        PretrainData.Resolved d = PretrainData.open(data, store, (done, total, run) -> { });
        try (var s = d.store()) {
            Pretrainer.Builder b = Pretrainer.builder().setStore(s).setRunDirectory(out).optConfig(cfg)
                    .optSeed(seed.seed).optResume(resume).optDevice(device.resolve()).optLog(err);
            if (truth != null) {
                b.optTruth(truth);
            } else {
                d.truth().ifPresent(b::optTruth);
            }
            Pretrainer.Summary sum;
            try {
                sum = b.build().run();
            } catch (org.neurofusion.alignment.train.TrainingSetupException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage(), e);
            }
            PrintWriter o = spec.commandLine().getOut();
            o.printf(Locale.ROOT, "%s: %d epochs%s; best %s %.4f at epoch %d%n", out, sum.epochsRun(),
                    sum.stoppedEarly() ? " (stopped early)" : "", cfg.stopMetric(), sum.bestMetric(), sum.bestEpoch());
            if (sum.lastValidation() != null) {
                var v = sum.lastValidation();
                o.printf(Locale.ROOT, "held-out %s: top-1 %.3f, top-5 %.3f, median rank %.1f among %.1f candidates"
                        + " (chance top-1 %.3f)%s; subject probe %s (at initialisation %s, chance %s)%n",
                        v.path("retrieval_direction").asText(), v.path("retrieval_top1").asDouble(),
                        v.path("retrieval_top5").asDouble(), v.path("median_rank").asDouble(),
                        v.path("candidates").asDouble(), v.path("chance").asDouble(),
                        v.has("oracle_top1") ? String.format(Locale.ROOT, "; oracle top-1 %.3f",
                                v.get("oracle_top1").asDouble()) : "",
                        v.path("subject_probe").asText(), v.path("subject_probe_init").asText(),
                        v.path("subject_chance").asText());
                // three or more modalities: every pair, both directions
                v.path("pair_retrieval").fields().forEachRemaining(e -> o.printf(Locale.ROOT,
                        "held-out %s: top-1 %.3f (reverse %.3f), top-5 %.3f (reverse %.3f), median rank %.1f"
                                + " (chance top-1 %.3f)%n", e.getKey(), e.getValue().path("top1").asDouble(),
                        e.getValue().path("reverse_top1").asDouble(), e.getValue().path("top5").asDouble(),
                        e.getValue().path("reverse_top5").asDouble(), e.getValue().path("median_rank").asDouble(),
                        e.getValue().path("chance").asDouble()));
            }
        }
        return 0;
    }

    private PretrainConfig configuration() throws IOException {
        PretrainConfig cfg;
        try {
            cfg = config == null ? PretrainConfig.defaults() : PretrainConfig.fromJson(Files.readString(config));
        } catch (NoSuchFileException e) {
            throw new ParameterException(spec.commandLine(), "no configuration file " + config);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), config + ": " + e.getMessage(), e);
        }
        try {
            for (String s : settings) {
                int eq = s.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--set needs KEY=VALUE, got '" + s + "'");
                }
                cfg = cfg.with(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
            }
            if (modalities != null) {
                cfg = cfg.with("modalities", String.join(",", modalities));
            }
            if (holdout != null) {
                cfg = cfg.with("holdout_subjects", Integer.toString(holdout));
            }
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        return cfg;
    }
}
