package org.neurofusion.evaluation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsWindowStore;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.datasets.simulate.SimulationKnobs;
import org.neurofusion.datasets.store.WindowStore;

/**
 * The whole classical path on SIMULATED data, as {@code neurofusion demo} runs it: a paired EEG–fNIRS
 * motor-imagery cohort simulated and written as BIDS in real formats ({@code bids/}), read back, paired, cut into
 * trial windows by {@link BaselineWindowing} into a window store ({@code windows/}, the store the models read),
 * the classical baselines evaluated within subjects (repeated chronological 5-fold) and across subjects
 * (leave-one-subject-out), each protocol's report in its folder, both protocols' rows in one
 * {@code results.csv}, and a {@code summary.md} with the table beside Shin et al. 2017.
 */
public final class Demo {
    /** The conditions the demo runs. */
    public static final List<String> CONDITIONS = List.of("eeg-csp", "fnirs-hbr", "fnirs-hbo", "hybrid");

    /**
     * What to run.
     *
     * @param seed        seed of the simulation and the folds
     * @param subjects    simulated subjects (LOSO runs from 2)
     * @param repetitions repetitions of the within-subject 5-fold
     * @param knobs       simulation parameters as {@code NAME=VALUE} ({@link SimulationKnobs})
     */
    public record Settings(long seed, int subjects, int repetitions, List<String> knobs) {
        public Settings {
            if (subjects < 1 || repetitions < 1) {
                throw new IllegalArgumentException("the demo needs at least 1 subject and 1 repetition, got "
                        + subjects + " and " + repetitions);
            }
            knobs = List.copyOf(knobs);
        }
    }

    /**
     * What the demo produced.
     *
     * @param directory where everything was written
     * @param windows   trial windows evaluated
     * @param within    the within-subject result
     * @param loso      the leave-one-subject-out result, null with one subject
     * @param table     the accuracy table, Markdown lines
     */
    public record Result(Path directory, int windows, EvaluationResult within, EvaluationResult loso,
            List<String> table) {
    }

    private Demo() {
    }

    /**
     * Runs the demo into {@code dir}; {@code log} hears one line per stage, {@code folds} every fitted fold.
     *
     * @throws IllegalArgumentException for a bad simulation knob
     */
    public static Result run(Settings s, Path dir, Consumer<String> log, ProgressListener folds) {
        Objects.requireNonNull(log, "log");
        SimulationConfig.Builder b = SimulationConfig.builder().optSeed(s.seed()).optSubjects(s.subjects())
                .optTasks(List.of(SimulatedTask.MOTOR_IMAGERY)).optRestingRunSeconds(0);
        s.knobs().forEach(k -> SimulationKnobs.apply(b, k));
        SimulationConfig config = b.build();
        Path bids = dir.resolve("bids");
        long t0 = System.nanoTime();
        log.accept(String.format(Locale.ROOT, "simulating %d subjects (motor imagery, %d sessions x %d trials;"
                + " SIMULATED data) into %s", config.subjects(), config.sessionsPerTask(), config.trialsPerSession(),
                bids));
        new CohortWriter(config, EnumSet.of(Modality.EEG, Modality.FNIRS), ".bdf").write(bids,
                (subject, done, total) -> log.accept(String.format(Locale.ROOT, "subject %s: %d runs written"
                        + " (%.1f s)", subject.id(), subject.runs().size(), (System.nanoTime() - t0) / 1e9)));
        BidsDataset ds = BidsDataset.open(bids);
        BidsWindowStore.Built built = BidsWindowStore.openOrBuild(ds, BaselineWindowing.spec("mi"), "mi",
                dir.resolve("windows"), (done, total, run) -> { });
        EvaluationResult within;
        EvaluationResult loso = null;
        int count;
        try (WindowStore store = built.store()) {
            count = store.size();
            log.accept(String.format(Locale.ROOT, "%d trial windows from %d subjects in %s", count,
                    ds.subjects().size(), store.directory()));
            // Read once for both protocols.
            List<PairedWindow> windows = store.windows();
            within = evaluation(Protocol.parse("within", s.repetitions(), 5), s.seed(), folds, store).run(windows);
            if (config.subjects() >= 2) {
                loso = evaluation(new Protocol.LeaveOneSubjectOut(), s.seed(), folds, store).run(windows);
            }
        }
        EvaluationReport.write(within, dir.resolve("within"));
        List<ResultRow> rows = new ArrayList<>(within.rows());
        if (loso != null) {
            EvaluationReport.write(loso, dir.resolve("loso"));
            rows.addAll(loso.rows());
        }
        EvaluationReport.writeCsv(rows, dir);
        List<String> table = AccuracyTable.lines(within, loso);
        writeSummary(dir, config, s, count, table);
        return new Result(dir, count, within, loso, table);
    }

    private static Evaluation evaluation(Protocol protocol, long seed, ProgressListener folds, WindowStore store) {
        return Evaluation.builder().addConditions(CONDITIONS, ConditionRegistry.classical()).setProtocol(protocol)
                .setTask("mi").optSeed(seed).optProgress(folds).optInputs(store.provenance()).build();
    }

    private static void writeSummary(Path dir, SimulationConfig config, Settings s, int windows, List<String> table) {
        List<String> summary = new ArrayList<>();
        summary.add("# neurofusion demo: classical baselines on SIMULATED paired EEG-fNIRS motor imagery");
        summary.add("");
        summary.add(String.format(Locale.ROOT, "%d simulated subjects (seed %d), %d trial windows; within-subject: %d"
                + " repetitions of chronological 5-fold; Shin et al. 2017 (real data, 29 subjects) for comparison.",
                config.subjects(), s.seed(), windows, s.repetitions()));
        summary.add("");
        summary.addAll(table);
        summary.add("");
        summary.add("Per-protocol details: within/summary.md, loso/summary.md; every fold: results.csv.");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        AtomicFiles.write(dir.resolve("summary.md"), os -> os.write((String.join("\n", summary) + "\n")
                .getBytes(StandardCharsets.UTF_8)));
    }
}
