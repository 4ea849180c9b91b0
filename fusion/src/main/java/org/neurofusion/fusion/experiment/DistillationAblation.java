package org.neurofusion.fusion.experiment;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.neurofusion.alignment.train.PretrainData;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.fusion.train.FusionConfig;
import org.neurofusion.fusion.train.FusionSetupException;
import org.neurofusion.fusion.train.FusionTrainer;
import org.neurofusion.fusion.train.Stage;

/**
 * Variants of the distillation map's student in one cell (a shared fraction and a labelled count), trained against
 * the map's own teacher, windows and pre-training, and read beside the map's student and controls on the same
 * held-out subjects and seeds: what the issue asks for where the student does not close the gap ("several
 * imputation targets, feature-level distillation, temperature and loss weights"). A variant is the map's student
 * configuration (read from its run) with some keys changed; each is trained for the same steps on the same windows
 * and labelled draw, so a difference is the variant's alone.
 *
 * <p>Writes {@code OUT/ablation.csv} ({@value #HEADER}: one row per condition, seed and held-out subject; the
 * conditions are the map's {@code scratch}, {@code self-training} and {@code student}, then each variant) and
 * {@code OUT/ablation.md} (each variant's mean accuracy and its paired 95% t intervals against the map's student,
 * scratch and self-training, and its imputation margin). Runs lie under {@code OUT/runs/}; an interrupted ablation
 * continues. Labelled SIMULATED DATA.
 */
public final class DistillationAblation {
    /** The CSV's header. */
    public static final String HEADER = "shared_fraction,labelled_per_class,seed,subject,condition,accuracy,"
            + "balanced_accuracy";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CONTROLS = List.of("scratch", "self-training", "student");

    /**
     * One variant of the student: a name (a folder name: letters, digits, '-', '_' and '.') and the configuration
     * keys it changes ({@link FusionConfig#keys()}).
     */
    public record Variant(String name, Map<String, String> changes) {
        public Variant {
            Objects.requireNonNull(name, "name");
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*") || CONTROLS.contains(name)) {
                throw new FusionSetupException("a variant's name must be a folder name of letters, digits, '.',"
                        + " '_' and '-', and not one of " + CONTROLS + ", got '" + name + "'");
            }
            if (changes.isEmpty()) {
                throw new FusionSetupException("variant '" + name + "' changes nothing");
            }
            for (String k : changes.keySet()) {
                if (!FusionConfig.keys().contains(k)) {
                    throw new FusionSetupException("variant '" + name + "': unknown fusion setting '" + k
                            + "' (known: " + FusionConfig.keys() + ")");
                }
            }
            changes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changes));
        }

        /**
         * {@code name:key=value,key=value}.
         *
         * @throws IllegalArgumentException naming the text and what is wrong with it
         */
        public static Variant parse(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new FusionSetupException("a variant is NAME:KEY=VALUE[,KEY=VALUE...], got '" + text + "'");
            }
            Map<String, String> changes = new LinkedHashMap<>();
            for (String kv : text.substring(colon + 1).split(",", -1)) {
                int eq = kv.indexOf('=');
                if (eq <= 0 || eq == kv.length() - 1) {
                    throw new FusionSetupException("variant '" + text + "': '" + kv + "' is not KEY=VALUE");
                }
                if (changes.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip()) != null) {
                    throw new FusionSetupException("variant '" + text + "' sets '" + kv.substring(0, eq)
                            + "' twice");
                }
            }
            return new Variant(text.substring(0, colon), changes);
        }

        FusionConfig apply(FusionConfig base) {
            FusionConfig c = base;
            for (Map.Entry<String, String> e : changes.entrySet()) {
                c = c.with(e.getKey(), e.getValue());
            }
            return c;
        }
    }

    /**
     * The variants run when none is given: the imputation targets one at a time (the embedding's cosine and InfoNCE
     * only, the tokens only), no imputation or feature term at all (cross-entropy and KL only), feature-level
     * distillation weighted up, the temperature at 1 and 4 (the map uses 2), and the KL term off and quadrupled.
     */
    public static List<Variant> defaults() {
        return List.of(
                Variant.parse("embedding-only:tokens_weight=0,fused_weight=0"),
                Variant.parse("tokens-only:cosine_weight=0,infonce_weight=0,fused_weight=0"),
                Variant.parse("ce-kl-only:cosine_weight=0,infonce_weight=0,tokens_weight=0,fused_weight=0"),
                Variant.parse("features-x4:tokens_weight=2,fused_weight=2"),
                Variant.parse("temperature-1:temperature=1"),
                Variant.parse("temperature-4:temperature=4"),
                Variant.parse("no-kl:kl_weight=0"),
                Variant.parse("kl-x4:kl_weight=4"));
    }

    /** What the ablation wrote. */
    public record Result(List<MapRow.Cell> cells, List<Row> rows, Path csv, Path markdown) {
    }

    /** One held-out subject's accuracy under one condition and seed. */
    public record Row(double sharedFraction, int labelledPerClass, long seed, String subject, String condition,
            double accuracy, double balancedAccuracy) {
    }

    private final Builder b;

    private DistillationAblation(Builder b) {
        this.b = b;
    }

    /** A builder; the map folder, the plan, the cell and the output folder are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Trains (or continues) every variant for every seed of the plan and writes the files.
     *
     * @throws IllegalArgumentException when the map has not finished this cell's runs for a seed (naming the run)
     */
    public Result run() {
        ai.djl.engine.Engine.getInstance();
        if (b.threads > 0) {
            ai.djl.pytorch.jni.JniUtils.setNumThreads(b.threads);
        }
        List<Row> rows = new ArrayList<>();
        Map<String, List<Double>> margins = new LinkedHashMap<>();
        String cellName = "labelled-" + MapRow.labelled(b.labelled);
        for (long seed : b.plan.seeds()) {
            Path base = b.map.resolve("runs").resolve("shared-" + MapCsv.number(b.sharedFraction))
                    .resolve("seed-" + seed);
            Path cell = base.resolve(cellName);
            for (String c : CONTROLS) {
                // with every label the map's scratch run is its all-labels run (the same stage, labels and seed)
                Path run = c.equals("scratch") && b.labelled < 0 ? base.resolve("all-labels") : cell.resolve(c);
                JsonNode test = finishedTest(run);
                for (Map.Entry<String, JsonNode> s : perSubject(test, run).entrySet()) {
                    rows.add(row(seed, s.getKey(), c, s.getValue()));
                }
                if (c.equals("student")) {
                    margins.computeIfAbsent(c, k -> new ArrayList<>())
                            .add(test.path("imputation_margin").asDouble(Double.NaN));
                }
            }
            FusionConfig student = studentConfig(cell.resolve("student"));
            PretrainData.Resolved data = PretrainData.open(base.resolve("bids"), base.resolve("windows"),
                    b.plan.eegWindows()::spec, (done, total, run) -> { });
            try (WindowStore store = data.store()) {
                for (Variant v : b.variants) {
                    Path dir = b.out.resolve("runs").resolve("shared-" + MapCsv.number(b.sharedFraction))
                            .resolve("seed-" + seed).resolve(cellName).resolve(v.name());
                    FusionTrainer.Summary s = FusionTrainer.builder().setStage(Stage.STUDENT).setStore(store)
                            .setRunDirectory(dir).setPretrained(base.resolve("pretrain")).optKeep("eeg")
                            .optConfig(v.apply(student)).optSeed(seed).optResume(true)
                            .optTeacher(cell.resolve("teacher")).optDevice(b.device).optLog(b.log).build().run();
                    for (Map.Entry<String, JsonNode> e : perSubject(s.lastTest(), dir).entrySet()) {
                        rows.add(row(seed, e.getKey(), v.name(), e.getValue()));
                    }
                    margins.computeIfAbsent(v.name(), k -> new ArrayList<>())
                            .add(s.lastTest().path("imputation_margin").asDouble(Double.NaN));
                    b.log.printf(Locale.ROOT, "[ablation shared_fraction %s, labelled %s, seed %d] %s: test accuracy"
                            + " %.3f%n", MapCsv.number(b.sharedFraction), MapRow.labelled(b.labelled), seed,
                            v.name(), s.lastTest().path("accuracy").asDouble());
                    b.log.flush();
                }
            }
        }
        Path csv = b.out.resolve("ablation.csv");
        Path md = b.out.resolve("ablation.md");
        MapCsv.writeAtomically(csv, csv(rows));
        MapCsv.writeAtomically(md, markdown(rows, margins, b.plan, b.sharedFraction, b.labelled, b.variants));
        return new Result(List.of(new MapRow.Cell(b.sharedFraction, b.labelled)), List.copyOf(rows), csv, md);
    }

    private Row row(long seed, String subject, String condition, JsonNode s) {
        JsonNode acc = s.get("accuracy");
        JsonNode bal = s.get("balanced_accuracy");
        if (acc == null || bal == null || !acc.isNumber() || !bal.isNumber()) {
            throw new FusionSetupException(condition + ", seed " + seed + ", subject " + subject
                    + ": the last test row has no accuracy");
        }
        return new Row(b.sharedFraction, b.labelled, seed, subject, condition, acc.asDouble(), bal.asDouble());
    }

    private static Map<String, JsonNode> perSubject(JsonNode test, Path run) {
        JsonNode per = test.path("per_subject");
        if (!per.isObject() || per.isEmpty()) {
            throw new FusionSetupException(run.resolve("metrics.jsonl") + ": the last test row (step "
                    + test.path("step").asText("?") + ") has no per-subject figures");
        }
        Map<String, JsonNode> out = new TreeMap<>();
        for (Iterator<String> it = per.fieldNames(); it.hasNext();) {
            String s = it.next();
            out.put(s, per.get(s));
        }
        return out;
    }

    /**
     * The last test row of a finished map run (its step equal to the configured steps).
     *
     * @throws IllegalArgumentException naming the run when it is missing or unfinished
     */
    static JsonNode finishedTest(Path run) {
        Path metrics = run.resolve("metrics.jsonl");
        if (!Files.isRegularFile(metrics)) {
            throw new FusionSetupException(run + ": no such run of the map (metrics.jsonl is missing); run"
                    + " `neurofusion experiment distillation-map` on this folder until the cell is trained");
        }
        JsonNode last = null;
        try {
            for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = JSON.readTree(line);
                if ("test".equals(n.path("split").asText())) {
                    last = n;
                }
            }
        } catch (IOException e) {
            throw new FusionSetupException(metrics + ": not readable as JSON lines: " + e.getMessage(), e);
        }
        long steps = studentOrAnyConfig(run).path("steps").asLong(-1);
        if (last == null || last.path("step").asLong(-2) != steps) {
            throw new FusionSetupException(run + ": the map's run is not finished (its last test row is at step "
                    + (last == null ? "none" : last.path("step").asText()) + " of " + steps + ")");
        }
        return last;
    }

    private static JsonNode studentOrAnyConfig(Path run) {
        try {
            return JSON.readTree(run.resolve("config.json").toFile()).path("config").path("fusion");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + run.resolve("config.json") + ": " + e.getMessage(), e);
        }
    }

    /** The map's student configuration, read from its run. */
    static FusionConfig studentConfig(Path run) {
        return FusionConfig.fromJson(studentOrAnyConfig(run));
    }

    static String csv(List<Row> rows) {
        StringBuilder s = new StringBuilder(HEADER).append('\n');
        for (Row r : rows) {
            s.append(MapCsv.number(r.sharedFraction())).append(',').append(MapRow.labelled(r.labelledPerClass()))
                    .append(',').append(r.seed()).append(',').append(r.subject()).append(',').append(r.condition())
                    .append(',').append(String.format(Locale.ROOT, "%.6f,%.6f", r.accuracy(), r.balancedAccuracy()))
                    .append('\n');
        }
        return s.toString();
    }

    /**
     * The report: per condition its mean accuracy; per variant its paired differences (pairs: seed and subject)
     * against the map's student, scratch and self-training, and its mean imputation margin.
     */
    static String markdown(List<Row> rows, Map<String, List<Double>> margins, MapPlan plan, double sf, int labelled,
            List<Variant> variants) {
        Map<String, Map<String, Double>> by = new LinkedHashMap<>();
        for (Row r : rows) {
            by.computeIfAbsent(r.condition(), k -> new TreeMap<>()).put(r.seed() + "/" + r.subject(), r.accuracy());
        }
        StringBuilder s = new StringBuilder("# Distillation ablation — SIMULATED DATA\n\n");
        s.append(String.format(Locale.ROOT, "The map's cell shared fraction %s, %s labelled trials per class and"
                + " subject; seeds %s; every variant is the map's student with the settings named changed, trained"
                + " for the same steps on the same windows and labelled draw against the same teacher.%n%n",
                MapCsv.number(sf), MapRow.labelled(labelled), plan.seeds()));
        s.append("| condition | changes | mean accuracy | − map's student [95% CI] | − scratch [95% CI] |"
                + " − self-training [95% CI] | imputation margin |\n|---|---|---|---|---|---|---|\n");
        List<String> order = new ArrayList<>(CONTROLS);
        variants.forEach(v -> order.add(v.name()));
        for (String c : order) {
            Map<String, Double> acc = by.get(c);
            if (acc == null) {
                continue;
            }
            String changes = CONTROLS.contains(c) ? "(the map's run)" : variants.stream()
                    .filter(v -> v.name().equals(c)).findFirst().orElseThrow().changes().toString()
                    .replaceAll("[{}]", "").replace(", ", " ");
            s.append("| ").append(c).append(" | ").append(changes).append(" | ")
                    .append(String.format(Locale.ROOT, "%.3f", acc.values().stream().mapToDouble(d -> d).average()
                            .orElse(Double.NaN)))
                    .append(" | ").append(c.equals("student") ? "–" : diff(acc, by.get("student"))).append(" | ")
                    .append(c.equals("scratch") ? "–" : diff(acc, by.get("scratch"))).append(" | ")
                    .append(c.equals("self-training") ? "–" : diff(acc, by.get("self-training"))).append(" | ")
                    .append(margins.containsKey(c) ? MapReport.signed(margins.get(c).stream().mapToDouble(d -> d)
                            .average().orElse(Double.NaN)) : "–")
                    .append(" |\n");
        }
        s.append("\nA difference is the mean over held-out subjects × seeds of the condition's accuracy minus the"
                + " other's on the same subject and seed, with the paired Student t interval; the imputation margin is"
                + " the cosine of the imputed fNIRS embedding to the real one minus that of the mean training"
                + " embedding, on the held-out windows, averaged over seeds.\n");
        return s.toString();
    }

    private static String diff(Map<String, Double> a, Map<String, Double> b) {
        if (b == null) {
            return "–";
        }
        double[] x = new double[a.size()];
        double[] y = new double[a.size()];
        int i = 0;
        for (Map.Entry<String, Double> e : a.entrySet()) {
            Double other = b.get(e.getKey());
            if (other == null) {
                throw new FusionSetupException("no pair for seed/subject " + e.getKey());
            }
            x[i] = e.getValue();
            y[i++] = other;
        }
        return MapReport.interval(PairedTInterval.of(x, y));
    }

    /** Builds a {@link DistillationAblation}. */
    public static final class Builder {
        private Path map;
        private MapPlan plan;
        private Double sharedFraction;
        private Integer labelled;
        private Path out;
        private List<Variant> variants = defaults();
        private Device device = Device.cpu();
        private PrintWriter log = new PrintWriter(System.err, true);
        private int threads;

        private Builder() {
        }

        /** The map's folder, whose runs of the cell are used (required). */
        public Builder setMap(Path dir) {
            this.map = Objects.requireNonNull(dir, "map folder");
            return this;
        }

        /** The map's plan (required): its seeds and EEG windows. */
        public Builder setPlan(MapPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** The cell (required): one of the plan's shared fractions and labelled counts (-1 for all). */
        public Builder setCell(double sharedFraction, int labelledPerClass) {
            this.sharedFraction = sharedFraction;
            this.labelled = labelledPerClass;
            return this;
        }

        /** Where to write (required). */
        public Builder setOutput(Path dir) {
            this.out = Objects.requireNonNull(dir, "output folder");
            return this;
        }

        /** The variants (default {@link #defaults()}). */
        public Builder optVariants(List<Variant> variants) {
            if (variants.isEmpty()) {
                throw new FusionSetupException("an ablation needs at least one variant");
            }
            java.util.Set<String> names = new java.util.HashSet<>();
            for (Variant v : variants) {
                if (!names.add(v.name())) {
                    throw new FusionSetupException("two variants are named '" + v.name() + "'");
                }
            }
            this.variants = List.copyOf(variants);
            return this;
        }

        /** Where to train (default the CPU). */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** PyTorch intra-op threads, or 0 to keep the engine's setting. */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw new FusionSetupException("threads must be >= 0, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Where progress goes (default standard error). */
        public Builder optLog(PrintWriter log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** @throws IllegalArgumentException when something required is missing or the cell is not the plan's */
        public DistillationAblation build() {
            if (map == null || plan == null || sharedFraction == null || out == null) {
                throw new FusionSetupException("an ablation needs the map folder, its plan, a cell and an output"
                        + " folder");
            }
            if (!plan.sharedFractions().contains(sharedFraction)) {
                throw new FusionSetupException("shared fraction " + MapCsv.number(sharedFraction)
                        + " is not one of the map's " + plan.sharedFractions());
            }
            if (!plan.labelledPerClass().contains(labelled)) {
                throw new FusionSetupException("labelled count " + MapRow.labelled(labelled)
                        + " is not one of the map's");
            }
            if (out.toAbsolutePath().normalize().equals(map.toAbsolutePath().normalize())) {
                throw new FusionSetupException("write the ablation to another folder than the map's");
            }
            return new DistillationAblation(this);
        }
    }
}
