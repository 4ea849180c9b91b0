package org.neurofusion.fusion.experiment;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.neurofusion.alignment.train.PretrainConfig;
import org.neurofusion.alignment.train.PretrainData;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.simulate.SimulatedTask;
import org.neurofusion.datasets.simulate.SimulationConfig;
import org.neurofusion.fusion.train.FusionConfig;

/**
 * What a distillation map runs: the grid (shared fractions × labelled counts × seeds), the simulated cohort (its
 * seed and shared fraction are set per cell), the pre-training and the fusion settings ({@code labelled_per_class}
 * is set per run). Pre-training sees no label: {@code supcon_weight} must be 0, or the few-label cells would start
 * from encoders shaped by every label. Early stopping would choose the pre-training epoch on the test subjects, so
 * {@code patience} must be at least {@code epochs}; the held-out subjects are the last {@code testSubjects}.
 *
 * @param sharedFractions the simulator's {@code sharedFraction} values (rows of the map)
 * @param labelledPerClass labelled windows per class and training subject (columns; -1 for all)
 * @param seeds one simulation, pre-training and set of runs per seed
 * @param testSubjects subjects held out for testing (the last ones in sorted order)
 * @param simulation the cohort's settings
 * @param pretrain the pre-training settings ({@code holdout_subjects} is set to {@code testSubjects})
 * @param fusion every fusion run's settings
 * @param eegWindows how the EEG windows are cut
 */
public record MapPlan(List<Double> sharedFractions, List<Integer> labelledPerClass, List<Long> seeds,
        int testSubjects, SimulationConfig simulation, PretrainConfig pretrain, FusionConfig fusion,
        EegWindows eegWindows) {
    /**
     * The maps' motor-imagery ERD depth: at the calibrated default (0.35) no EEG decoder generalises to held-out
     * subjects (CSP + LDA leave-one-subject-out 52.7 % at shared fraction 1, 50.8 % at 0.5), so the all-labels
     * ceiling is at chance and no gap is left for a student to close; at 0.9 it is 55.9 %, 63.7 % and 72.2 % at 0.5,
     * 0.8 and 1 (8 subjects, docs/fusion.md).
     */
    public static final double ERD_DEPTH = 0.9;

    /** The EEG windows of a map's store (the fNIRS ones are the default pre-training windows'). */
    public enum EegWindows {
        /** The default pre-training windows: 1–40 Hz zero-phase FIR, resampled to 100 Hz. */
        DEFAULT("EEG 1–40 Hz (zero-phase FIR) resampled to 100 Hz"),
        /** 8–30 Hz causal Butterworth, decimated by 2 (the simulator's 200 Hz to 100 Hz): deployable on a stream. */
        MU_BETA_STREAMABLE("EEG 8–30 Hz (causal Butterworth) decimated to 100 Hz");

        private final String text;

        EegWindows(String text) {
            this.text = text;
        }

        /** The windowing spec for a dataset with {@code tasks}. */
        public WindowingSpec spec(Set<String> tasks) {
            return this == DEFAULT ? PretrainData.defaultSpec(tasks) : PretrainData.muBetaStreamableSpec(tasks, 2);
        }

        /** A phrase for the report. */
        public String describe() {
            return text;
        }
    }

    /** A plan with the default pre-training windows. */
    public MapPlan(List<Double> sharedFractions, List<Integer> labelledPerClass, List<Long> seeds, int testSubjects,
            SimulationConfig simulation, PretrainConfig pretrain, FusionConfig fusion) {
        this(sharedFractions, labelledPerClass, seeds, testSubjects, simulation, pretrain, fusion, EegWindows.DEFAULT);
    }

    public MapPlan {
        if (eegWindows == null) {
            throw new IllegalArgumentException("a map plan needs its EEG windows");
        }
        sharedFractions = distinct("shared fractions", sharedFractions);
        labelledPerClass = distinct("labelled counts", labelledPerClass);
        seeds = distinct("seeds", seeds);
        for (double f : sharedFractions) {
            if (!(f >= 0 && f <= 1)) {
                throw new IllegalArgumentException("a shared fraction must lie in [0, 1], got " + f);
            }
        }
        for (int n : labelledPerClass) {
            if (n != -1 && n < 1) {
                throw new IllegalArgumentException("a labelled count must be -1 (all) or at least 1, got " + n);
            }
        }
        if (simulation == null || pretrain == null || fusion == null) {
            throw new IllegalArgumentException("a map plan needs simulation, pre-training and fusion settings");
        }
        if (testSubjects < 1 || testSubjects > simulation.subjects() - 1) {
            throw new IllegalArgumentException("test subjects must leave at least one training subject: " + testSubjects
                    + " of " + simulation.subjects());
        }
        if (!simulation.tasks().contains(SimulatedTask.MOTOR_IMAGERY)) {
            throw new IllegalArgumentException("the map's labels are motor-imagery trials; the simulation's tasks are "
                    + simulation.tasks());
        }
        if (pretrain.supConWeight() != 0) {
            throw new IllegalArgumentException("pre-training must see no label (supcon_weight 0, got "
                    + pretrain.supConWeight() + "): otherwise every few-label cell starts from encoders shaped by"
                    + " every label");
        }
        if (pretrain.patience() < pretrain.epochs()) {
            throw new IllegalArgumentException("pre-training patience " + pretrain.patience() + " < epochs "
                    + pretrain.epochs() + ": early stopping would pick the encoders on the test subjects");
        }
        pretrain = pretrain.with("holdout_subjects", Integer.toString(testSubjects));
    }

    /**
     * The full map: shared fraction {0, 0.5, 0.8, 1} × labelled {5, 10, all} × seeds {seed, seed + 1, seed + 2};
     * 12 subjects (8 train, 4 held out) with 180 s resting runs and {@link #ERD_DEPTH}, EEG windows
     * {@link EegWindows#MU_BETA_STREAMABLE}, 10 pre-training epochs, {@link #alignedFusion} with 600 steps.
     */
    public static MapPlan full(long seed) {
        return new MapPlan(List.of(0.0, 0.5, 0.8, 1.0), List.of(5, 10, -1), List.of(seed, seed + 1, seed + 2), 4,
                SimulationConfig.builder().optSubjects(12).optTasks(List.of(SimulatedTask.MOTOR_IMAGERY))
                        .optRestingRunSeconds(180).optErdDepth(ERD_DEPTH).build(),
                pretrain(10), alignedFusion(600), EegWindows.MU_BETA_STREAMABLE);
    }

    /**
     * The quick map: shared fraction {0, 0.8} × labelled {5, all} × one seed; 6 subjects (4 train, 2 held out) with
     * 60 s resting runs and {@link #ERD_DEPTH}, EEG windows {@link EegWindows#MU_BETA_STREAMABLE}, 3 pre-training
     * epochs, {@link #alignedFusion} with 150 steps.
     */
    public static MapPlan quick(long seed) {
        return new MapPlan(List.of(0.0, 0.8), List.of(5, -1), List.of(seed), 2,
                SimulationConfig.builder().optSubjects(6).optTasks(List.of(SimulatedTask.MOTOR_IMAGERY))
                        .optRestingRunSeconds(60).optErdDepth(ERD_DEPTH).build(),
                pretrain(3), alignedFusion(150), EegWindows.MU_BETA_STREAMABLE);
    }

    /**
     * The fusion settings under which the teacher beat its EEG-only control on the default simulator
     * (docs/fusion.md): encoders initialised from the seed and fine-tuned at 1e-3, the teacher's EEG encoder left as
     * it started ({@code teacher_frozen=eeg}; the controls' EEG encoders train), {@code steps} optimiser steps.
     */
    public static FusionConfig fusion(int steps) {
        return FusionConfig.defaults().with("encoder_init", "random").with("encoder_learning_rate", "1e-3")
                .with("teacher_frozen", "eeg").with("steps", Integer.toString(steps));
    }

    /**
     * The map's fusion settings: {@link #fusion} with each subject's EEG aligned on its resting-state windows
     * ({@code eeg_alignment=rest}, {@link org.neurofusion.fusion.train.SubjectAlignment}) and the teacher's EEG
     * encoder training ({@code teacher_frozen} empty). Measured (SIMULATED; shared fraction 1, seed 42 of the map's
     * cohort, every label): the EEG-only network went from 0.533 to 0.883 on the held-out subjects with the
     * alignment; at shared fraction 0.5 the aligned teacher reached 0.704 with its EEG encoder training and 0.596
     * with it frozen (docs/fusion.md).
     */
    public static FusionConfig alignedFusion(int steps) {
        return fusion(steps).with("eeg_alignment", "rest").with("teacher_frozen", "");
    }

    /** Label-free pre-training for {@code epochs} epochs without early stopping. */
    public static PretrainConfig pretrain(int epochs) {
        return PretrainConfig.defaults().with("supcon_weight", "0").with("epochs", Integer.toString(epochs))
                .with("patience", Integer.toString(epochs));
    }

    /** The runs this plan trains (pre-training and fusion), for progress and planning. */
    public int runs() {
        int perLabelled = 0;
        for (int n : labelledPerClass) {
            // with every label, scratch is the all-labels run
            perLabelled += n < 0 ? 3 : 4;
        }
        return sharedFractions.size() * seeds.size() * (2 + perLabelled);
    }

    /**
     * This plan with a stacked teacher: {@code teacher_expert} set to {@code modalities} (docs/fusion.md, "the
     * stacked teacher"); {@code ""} leaves the plan as it is. Its block records carry the setting, so a map folder
     * holds blocks of one teacher only.
     */
    public MapPlan withTeacherExpert(String modalities) {
        if (modalities.isEmpty()) {
            return this;
        }
        return new MapPlan(sharedFractions, labelledPerClass, seeds, testSubjects, simulation, pretrain,
                fusion.with("teacher_expert", modalities), eegWindows);
    }

    /**
     * This plan with one fusion setting changed, by its JSON key ({@link FusionConfig#with}); {@code
     * labelled_per_class} is the map's own, set per run, and refused here. Its block records carry the setting, so
     * a map folder holds blocks of one configuration only.
     *
     * @throws IllegalArgumentException naming the key for an unknown key or a value out of range
     */
    public MapPlan withFusion(String key, String value) {
        if (key.equals("labelled_per_class")) {
            throw new IllegalArgumentException("labelled_per_class is set per run by the map's grid");
        }
        return new MapPlan(sharedFractions, labelledPerClass, seeds, testSubjects, simulation, pretrain,
                fusion.with(key, value), eegWindows);
    }

    /**
     * This plan with its first {@code count} seeds only.
     *
     * @throws IllegalArgumentException when {@code count} is not between 1 and the plan's number of seeds
     */
    public MapPlan withSeeds(int count) {
        if (count < 1 || count > seeds.size()) {
            throw new IllegalArgumentException("seeds must be between 1 and " + seeds.size() + ", got " + count);
        }
        return new MapPlan(sharedFractions, labelledPerClass, seeds.subList(0, count), testSubjects, simulation,
                pretrain, fusion, eegWindows);
    }

    /**
     * The fusion settings that differ from the map's own ({@link #alignedFusion} with this plan's steps and
     * teacher expert, which {@link #describe} names already), as {@code key=value} in key order: none for the
     * published plans.
     */
    public List<String> changedFusion() {
        ObjectNode mine = fusion.toJson();
        ObjectNode base = alignedFusion(fusion.steps()).with("teacher_expert", fusion.teacherExpert()).toJson();
        List<String> out = new java.util.ArrayList<>();
        for (String k : FusionConfig.keys()) {
            if (mine.has(k) && !mine.get(k).equals(base.get(k))) {
                out.add(k + "=" + mine.get(k).asText());
            }
        }
        return out;
    }

    /** One line for the report: cohort, split, seeds, steps. */
    public String describe() {
        List<String> changed = changedFusion();
        return String.format(Locale.ROOT, "%d simulated subjects (%d train, %d held out; motor imagery, %d sessions"
                + " × %d trials, %.0f s resting runs; erdDepth %s), %s, seeds %s, label-free pre-training for %d"
                + " epochs, %d fusion steps per run (batch %d).", simulation.subjects(),
                simulation.subjects() - testSubjects, testSubjects, simulation.sessionsPerTask(),
                simulation.trialsPerSession(), simulation.restingRunSeconds(), MapCsv.number(simulation.erdDepth()),
                eegWindows.describe(), seeds, pretrain.epochs(), fusion.steps(), fusion.batchSize())
                + (fusion.teacherExpert().isEmpty() ? "" : " The teacher is stacked with a closed-form expert on "
                        + fusion.teacherExpert() + " (teacher_expert).")
                + (changed.isEmpty() ? "" : " Fusion settings beyond the map's: " + String.join(", ", changed) + ".");
    }

    private static <T> List<T> distinct(String what, List<T> xs) {
        if (xs == null || xs.isEmpty()) {
            throw new IllegalArgumentException("a map plan needs at least one of its " + what);
        }
        if (new HashSet<>(xs).size() != xs.size()) {
            throw new IllegalArgumentException(what + " are listed twice: " + xs);
        }
        return List.copyOf(xs);
    }
}
