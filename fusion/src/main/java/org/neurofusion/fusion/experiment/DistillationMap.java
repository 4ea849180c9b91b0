package org.neurofusion.fusion.experiment;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurofusion.alignment.train.PretrainData;
import org.neurofusion.alignment.train.Pretrainer;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.fusion.train.FusionSetupException;
import org.neurofusion.fusion.train.FusionTrainer;
import org.neurofusion.fusion.train.SourceRun;
import org.neurofusion.fusion.train.Stage;

/**
 * Runs a distillation map ({@link MapPlan}) into a folder: per shared fraction and seed it simulates a cohort, cuts
 * its windows, pre-trains once without labels, trains the {@code all-labels} ceiling and scores the {@code ideal}
 * decoder; per labelled count it trains the teacher, {@code scratch}, self-training (pseudo-labelled by that scratch
 * run) and the student, every run in its own folder under {@code DIR/runs/}. It writes {@code map.csv},
 * {@code map.md}, {@code map.svg} and {@code imputation.csv} (the students' imputed embeddings against the mean
 * embedding, {@link MapImputation}) after each shared fraction and seed, so a long map shows its cells as they finish.
 *
 * <p>Blocks run with the knob's two ends first ({@link #blockOrder}). Interrupted maps continue: a finished block (shared fraction and seed) is recorded in {@code DIR/blocks/}
 * ({@link MapBlocks}) and not trained again, even when its run folders have been deleted; within an unfinished block a
 * finished simulation (recorded in {@code simulation.txt}), window store and run is reused, an unfinished run resumes
 * from its last checkpoint. A folder holding a map with other settings is refused (the block records and the runs
 * say which setting differs).
 */
public final class DistillationMap {
    /** What the map wrote. */
    public record Result(List<MapRow> rows, List<CellSummary> summaries, List<MapImputation.Row> imputation, Path csv,
            Path markdown, Path svg) {
    }

    private final Builder b;

    private DistillationMap(Builder b) {
        this.b = b;
    }

    /** A builder; the output folder and the plan are required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs (or continues) the map and writes its files. */
    public Result run() {
        MapPlan plan = b.plan;
        ai.djl.engine.Engine.getInstance();
        if (b.threads > 0) {
            // libtorch's intra-op pool can be resized at any time; the launcher's property only sets the start
            ai.djl.pytorch.jni.JniUtils.setNumThreads(b.threads);
        }
        List<MapRow> rows = new ArrayList<>();
        List<MapImputation.Row> imputation = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Result result = null;
        long t0 = System.nanoTime();
        MapBlocks records = new MapBlocks(b.out, plan);
        int blocks = plan.sharedFractions().size() * plan.seeds().size();
        if (b.parts > blocks) {
            throw new FusionSetupException("a map of " + blocks + (blocks == 1 ? " block" : " blocks")
                    + " cannot be split into " + b.parts + " parts");
        }
        int position = 0;
        // blocks not recorded when this process passed them: another part's, or one another process was training
        List<Key> others = new ArrayList<>();
        for (double sf : blockOrder(plan.sharedFractions())) {
            for (long seed : plan.seeds()) {
                Key key = new Key(sf, seed);
                boolean mine = position++ % b.parts == b.part - 1;
                if (addRecorded(key, records, rows, imputation, missing, t0)) {
                    result = write(rows, imputation, missing, others, records, t0);
                    continue;
                }
                if (!mine) {
                    progress(tag(sf, seed), "not recorded yet: left to part " + (1 + (position - 1) % b.parts)
                            + " of " + b.parts, t0);
                    others.add(key);
                    continue;
                }
                try (BlockClaim claim = BlockClaim.of(base(sf, seed))) {
                    if (claim == null) {
                        progress(tag(sf, seed), "being trained by another process (" + BlockClaim.file(base(sf, seed))
                                + " is locked): left to it", t0);
                        others.add(key);
                        continue;
                    }
                    Block block = block(sf, seed, t0);
                    // the imputation figures first: a block whose rows are recorded is complete
                    imputation.addAll(records.writeImputation(sf, seed, block.imputation()));
                    rows.addAll(records.write(sf, seed, block.rows()));
                }
                result = write(rows, imputation, missing, others, records, t0);
            }
        }
        if (!others.isEmpty()) {
            // the blocks other processes have recorded since this one passed them
            result = write(rows, imputation, missing, others, records, t0);
        }
        b.log.printf(Locale.ROOT, "distillation map: %d rows in %s (%.0f s)%n", rows.size(), b.out,
                (System.nanoTime() - t0) / 1e9);
        return result;
    }

    /**
     * The order in which the shared fractions' blocks are trained: the knob's two ends first (no shared task, the
     * most), then the values between in ascending order. A map interrupted after a few blocks (the full one takes
     * longer than a working session) then already holds the widest contrast. The files are sorted whatever the
     * order.
     */
    static List<Double> blockOrder(List<Double> sharedFractions) {
        List<Double> sorted = new ArrayList<>(sharedFractions);
        sorted.sort(null);
        if (sorted.size() <= 2) {
            return sorted;
        }
        List<Double> out = new ArrayList<>();
        out.add(sorted.get(0));
        out.add(sorted.get(sorted.size() - 1));
        out.addAll(sorted.subList(1, sorted.size() - 1));
        return out;
    }

    /** A block: one shared fraction and seed. */
    private record Key(double sf, long seed) {
    }

    /** What one shared fraction and seed gave: the map's rows and the students' imputation figures. */
    private record Block(List<MapRow> rows, List<MapImputation.Row> imputation) {
    }

    /**
     * The imputation figures of a block recorded before they were kept, from its student runs where every one is
     * still there with its test row; empty otherwise.
     */
    private Optional<List<MapImputation.Row>> fromRuns(double sf, long seed) {
        List<MapImputation.Row> out = new ArrayList<>();
        for (int lpc : b.plan.labelledPerClass()) {
            Optional<MapImputation.Row> r = MapImputation.fromRun(sf, lpc, seed, base(sf, seed)
                    .resolve("labelled-" + MapRow.labelled(lpc)).resolve("student"));
            if (r.isEmpty()) {
                return Optional.empty();
            }
            out.add(r.get());
        }
        return Optional.of(out);
    }

    private Path base(double sf, long seed) {
        return b.out.resolve("runs").resolve("shared-" + MapCsv.number(sf)).resolve("seed-" + seed);
    }

    /** Every row of one shared fraction and seed. */
    private Block block(double sf, long seed, long t0) {
        MapPlan plan = b.plan;
        String tag = tag(sf, seed);
        Path base = base(sf, seed);
        Path bids = simulate(base, plan.simulation().toBuilder().optSeed(seed).optSharedFraction(sf).build(), tag, t0);
        PretrainData.Resolved data = PretrainData.open(bids, base.resolve("windows"), plan.eegWindows()::spec,
                (done, total, run) -> { });
        try (WindowStore store = data.store()) {
            Path pre = base.resolve("pretrain");
            Pretrainer.builder().setStore(store).setRunDirectory(pre).optConfig(plan.pretrain()).optSeed(seed)
                    .optResume(true).optDevice(b.device).optLog(b.log).build().run();
            progress(tag, "pre-training done", t0);
            SourceRun src = SourceRun.read(pre);
            Runs runs = new Runs(store, pre, seed, tag, t0);
            Path allDir = base.resolve("all-labels");
            FusionTrainer.Summary all = runs.train(Stage.SUPERVISED, allDir, -1, null, null);
            Map<String, IdealDecoder.Score> ideal = IdealDecoder.evaluate(bids, store, src.modalities(),
                    src.trainSubjects(), src.testSubjects());
            progress(tag, "ideal decoder scored", t0);
            List<MapRow> out = new ArrayList<>();
            List<MapImputation.Row> imputation = new ArrayList<>();
            for (int lpc : plan.labelledPerClass()) {
                Path cell = base.resolve("labelled-" + MapRow.labelled(lpc));
                Path teacherDir = cell.resolve("teacher");
                FusionTrainer.Summary teacher = runs.train(Stage.TEACHER, teacherDir, lpc, null, null);
                // with every label, scratch is the all-labels run: the same stage, labels and seed
                Path scratchDir = lpc < 0 ? allDir : cell.resolve("scratch");
                FusionTrainer.Summary scratch = lpc < 0 ? all
                        : runs.train(Stage.SUPERVISED, scratchDir, lpc, null, null);
                FusionTrainer.Summary self = runs.train(Stage.SELF_TRAINING, cell.resolve("self-training"), lpc, null,
                        scratchDir);
                FusionTrainer.Summary student = runs.train(Stage.STUDENT, cell.resolve("student"), lpc, teacherDir,
                        null);
                Cells c = new Cells(sf, lpc, seed, out);
                c.add(Condition.SCRATCH, scratch, "");
                c.add(Condition.SELF_TRAINING, self, "");
                c.add(Condition.STUDENT, student, "");
                c.add(Condition.ALL_LABELS, all, "");
                ideal.values().forEach(s -> out.add(new MapRow(sf, lpc, seed, s.subject(), Condition.IDEAL,
                        s.accuracy(), s.balancedAccuracy())));
                c.add(Condition.TEACHER, teacher, "");
                c.add(Condition.TEACHER_EEG_ONLY, teacher, "_eeg_only");
                imputation.add(MapImputation.of(sf, lpc, seed, student.lastTest(), student.runDirectory()));
            }
            return new Block(out, imputation);
        }
    }

    /** Rows of one cell from runs' per-subject test figures. */
    private record Cells(double sf, int lpc, long seed, List<MapRow> out) {
        void add(Condition condition, FusionTrainer.Summary run, String suffix) {
            JsonNode per = run.lastTest().path("per_subject");
            if (!per.isObject() || per.isEmpty()) {
                throw new IllegalStateException(run.runDirectory() + ": its last test row has no per-subject figures");
            }
            for (Iterator<String> it = per.fieldNames(); it.hasNext();) {
                String subject = it.next();
                JsonNode s = per.get(subject);
                JsonNode acc = s.get("accuracy" + suffix);
                JsonNode bal = s.get("balanced_accuracy" + suffix);
                if (acc == null || bal == null || !acc.isNumber() || !bal.isNumber()) {
                    throw new IllegalStateException(run.runDirectory() + ": subject " + subject + " has no accuracy"
                            + suffix + " in its last test row");
                }
                out.add(new MapRow(sf, lpc, seed, subject, condition, acc.asDouble(), bal.asDouble()));
            }
        }
    }

    /** The fusion runs of one shared fraction and seed: one store, one pre-training run, one seed. */
    private final class Runs {
        final WindowStore store;
        final Path pre;
        final long seed;
        final String tag;
        final long t0;

        Runs(WindowStore store, Path pre, long seed, String tag, long t0) {
            this.store = store;
            this.pre = pre;
            this.seed = seed;
            this.tag = tag;
            this.t0 = t0;
        }

        FusionTrainer.Summary train(Stage stage, Path dir, int lpc, Path teacher, Path labeller) {
            FusionTrainer.Builder t = FusionTrainer.builder().setStage(stage).setStore(store).setRunDirectory(dir)
                    .setPretrained(pre).optKeep("eeg")
                    .optConfig(b.plan.fusion().with("labelled_per_class", Integer.toString(lpc))).optSeed(seed)
                    .optResume(true).optDevice(b.device).optLog(b.log);
            if (teacher != null) {
                t.optTeacher(teacher);
            }
            if (labeller != null) {
                t.optPseudoLabeller(labeller);
            }
            FusionTrainer.Summary s = t.build().run();
            progress(tag, String.format(Locale.ROOT, "%s, labelled %s: test accuracy %.3f", dir.getFileName(),
                    MapRow.labelled(lpc), s.lastTest().path("accuracy").asDouble()), t0);
            return s;
        }
    }

    /** The cohort in {@code base/bids} ({@link SimulatedCohort}), with a line of progress when simulated now. */
    private Path simulate(Path base, SimulationConfig config, String tag, long t0) {
        boolean had = SimulatedCohort.finished(base, config);
        Path bids = SimulatedCohort.ensure(base, config, (s, d, t) -> { });
        if (!had) {
            progress(tag, "simulated " + config.subjects() + " subjects (SIMULATED DATA)", t0);
        }
        return bids;
    }

    /**
     * Adds a recorded block's rows and imputation figures (taken from its runs where the record predates them), or
     * returns false when the block has no record.
     */
    private boolean addRecorded(Key key, MapBlocks records, List<MapRow> rows, List<MapImputation.Row> imputation,
            List<String> missing, long t0) {
        double sf = key.sf();
        long seed = key.seed();
        Optional<List<MapRow>> had = records.read(sf, seed);
        if (had.isEmpty()) {
            return false;
        }
        progress(tag(sf, seed), "recorded in " + records.rowsFile(sf, seed) + ": not trained again", t0);
        rows.addAll(had.get());
        Optional<List<MapImputation.Row>> imp = records.readImputation(sf, seed)
                .or(() -> fromRuns(sf, seed).map(r -> records.writeImputation(sf, seed, r)));
        imp.ifPresentOrElse(imputation::addAll, () -> missing.add(tag(sf, seed)));
        return true;
    }

    /**
     * Writes the map's files from these rows and the records of {@code others} that have landed since (moved into
     * the rows), under a lock on {@code DIR/.map.lock}: processes sharing the folder write one at a time, each
     * after reading every record there is, so the last to write leaves the whole map as far as it goes.
     */
    private Result write(List<MapRow> rows, List<MapImputation.Row> imputation, List<String> missing,
            List<Key> others, MapBlocks records, long t0) {
        Path lock = b.out.resolve(".map.lock");
        try {
            Files.createDirectories(b.out);
            try (FileChannel ch = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock held = ch.lock()) {
                for (Iterator<Key> it = others.iterator(); it.hasNext();) {
                    if (addRecorded(it.next(), records, rows, imputation, missing, t0)) {
                        it.remove();
                    }
                }
                return write(rows, imputation, missing);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lock + " to write the map's files", e);
        }
    }

    private Result write(List<MapRow> rows, List<MapImputation.Row> imputation, List<String> missing) {
        List<MapRow> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(MapRow::cell).thenComparingLong(MapRow::seed)
                .thenComparing(MapRow::subject).thenComparing(MapRow::condition));
        List<CellSummary> summaries = CellSummary.of(sorted);
        Path csv = b.out.resolve("map.csv");
        Path md = b.out.resolve("map.md");
        Path svg = b.out.resolve("map.svg");
        MapCsv.write(csv, sorted);
        List<MapImputation.Row> imp = new ArrayList<>(imputation);
        imp.sort(Comparator.comparing(MapImputation.Row::cell).thenComparingLong(MapImputation.Row::seed));
        MapImputation.write(b.out.resolve("imputation.csv"), imp);
        MapReport.write(md, summaries, imp, missing, b.plan.describe(), b.plan.fusion().imputesHaemodynamics());
        MapHeatmap.write(svg, summaries);
        return new Result(List.copyOf(sorted), summaries, List.copyOf(imp), csv, md, svg);
    }

    /** How progress lines name a block. */
    private static String tag(double sf, long seed) {
        return "shared_fraction " + MapCsv.number(sf) + ", seed " + seed;
    }

    private void progress(String tag, String what, long t0) {
        b.log.printf(Locale.ROOT, "[map %s] %s (%.0f s)%n", tag, what, (System.nanoTime() - t0) / 1e9);
        b.log.flush();
    }

    /** Builds a {@link DistillationMap}. */
    public static final class Builder {
        private Path out;
        private MapPlan plan;
        private Device device = Device.cpu();
        private PrintWriter log = new PrintWriter(System.err, true);
        private int threads;
        private int part = 1;
        private int parts = 1;

        private Builder() {
        }

        /** The folder to write the map into (required; created if absent, continued if it holds this map). */
        public Builder setOutput(Path dir) {
            this.out = Objects.requireNonNull(dir, "output folder");
            return this;
        }

        /** What to run (required): {@link MapPlan#quick}, {@link MapPlan#full} or a custom plan. */
        public Builder setPlan(MapPlan plan) {
            this.plan = Objects.requireNonNull(plan, "plan");
            return this;
        }

        /** Where to train (default the CPU). */
        public Builder optDevice(Device device) {
            this.device = Objects.requireNonNull(device, "device");
            return this;
        }

        /** PyTorch intra-op threads for the whole map, or 0 to keep the engine's setting (default 0). */
        public Builder optThreads(int threads) {
            if (threads < 0) {
                throw new FusionSetupException("threads must be >= 0 (0 keeps the engine's), got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Trains only part {@code index} of {@code count} (1-based) of the map's blocks, so that several processes
         * (or machines sharing the folder) can train one map side by side: the blocks in {@link #blockOrder} order,
         * seeds within each shared fraction, are dealt out in turn, block {@code i} (from 0) to part
         * {@code i mod count + 1}. Blocks of other parts are read from their records where finished and otherwise
         * left out of this process's files; each part writes the map's files from every record there is. Default
         * 1 of 1 (every block).
         *
         * @throws IllegalArgumentException unless 1 &lt;= index &lt;= count
         */
        public Builder optPart(int index, int count) {
            if (count < 1 || index < 1 || index > count) {
                throw new FusionSetupException("a part is K of N with 1 <= K <= N, got " + index + " of " + count);
            }
            this.part = index;
            this.parts = count;
            return this;
        }

        /** Where progress goes (default standard error). */
        public Builder optLog(PrintWriter log) {
            this.log = Objects.requireNonNull(log, "log");
            return this;
        }

        /** @throws IllegalArgumentException when the output folder or the plan is missing */
        public DistillationMap build() {
            if (out == null || plan == null) {
                throw new FusionSetupException("a distillation map needs an output folder and a plan");
            }
            return new DistillationMap(this);
        }
    }
}
