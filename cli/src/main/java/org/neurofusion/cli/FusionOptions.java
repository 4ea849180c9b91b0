package org.neurofusion.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.fusion.train.FusionConfig;
import org.neurofusion.fusion.train.FusionTrainer;
import org.neurofusion.fusion.train.SourceRun;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options {@code fuse} and {@code distil} share: data, configuration, resume. */
final class FusionOptions {
    @Option(names = "--data", paramLabel = "STORE", description = "The window store the pre-training run was trained"
            + " on (default: where that run's provenance says it lay).")
    Path data;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings as JSON (see docs/fusion.md); any key"
            + " left out takes its default.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "One setting, after --config (repeatable),"
            + " e.g. --set steps=200.")
    List<String> settings = new ArrayList<>();

    @Option(names = "--resume", description = "Continue the run in the output folder from its last checkpoint.")
    boolean resume;

    FusionConfig configuration(CommandLine cl) throws IOException {
        FusionConfig cfg;
        try {
            cfg = config == null ? FusionConfig.defaults() : FusionConfig.fromJson(Files.readString(config));
        } catch (NoSuchFileException e) {
            throw new ParameterException(cl, "no configuration file " + config);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(cl, config + ": " + e.getMessage(), e);
        }
        for (String s : settings) {
            String[] kv = keyValue(cl, s);
            try {
                cfg = cfg.with(kv[0], kv[1]);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, e.getMessage(), e);
            }
        }
        return cfg;
    }

    /**
     * The key and value of one {@code --set KEY=VALUE}, trimmed.
     *
     * @throws ParameterException when there is no '=' after a key
     */
    static String[] keyValue(CommandLine cl, String setting) {
        int eq = setting.indexOf('=');
        if (eq <= 0) {
            throw new ParameterException(cl, "--set needs KEY=VALUE, got '" + setting + "'");
        }
        return new String[] {setting.substring(0, eq).trim(), setting.substring(eq + 1).trim()};
    }

    /** The store: --data, or the one the pre-training run recorded. */
    WindowStore store(CommandLine cl, Path pretrained) {
        Path dir = data;
        if (dir == null) {
            dir = SourceRun.read(pretrained).storeDirectory().orElseThrow(() -> new ParameterException(cl,
                    "the pre-training run " + pretrained + " does not record where its windows lie: give --data"));
        }
        return WindowStore.open(dir);
    }

    static void report(CommandLine cl, FusionTrainer.Summary s) {
        var t = s.lastTest();
        StringBuilder extra = new StringBuilder();
        t.fieldNames().forEachRemaining(k -> {
            if (k.startsWith("accuracy_") || k.equals("imputation_cosine") || k.equals("mean_embedding_cosine")) {
                extra.append(String.format(Locale.ROOT, ", %s %.3f", k, t.get(k).asDouble()));
            }
        });
        cl.getOut().printf(Locale.ROOT, "%s: %d steps; test accuracy %.3f, balanced %.3f (majority share %.3f, %d"
                + " windows)%s%n", s.runDirectory(), s.steps(), t.path("accuracy").asDouble(),
                t.path("balanced_accuracy").asDouble(), t.path("chance").asDouble(), t.path("windows").asInt(),
                extra);
    }
}
