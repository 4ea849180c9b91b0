package org.neurofusion.fusion.train;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The trained runs a stage reads without training them: the teacher (student) or the pseudo-labeller. */
final class TrainedRuns implements AutoCloseable {
    FusionModel teacher;
    Path teacherDir;
    FusionModel labeller;
    Path labellerDir;

    static TrainedRuns load(FusionTrainer.Builder b, SourceRun pre, List<String> all, FusionData data, NDManager root) {
        TrainedRuns o = new TrainedRuns();
        try {
            if (b.stage == Stage.STUDENT) {
                o.teacherDir = b.teacherDir.toAbsolutePath().normalize();
                o.teacher = trained(b, o.teacherDir, Stage.TEACHER, pre, root);
            }
            if (b.stage == Stage.SELF_TRAINING) {
                o.labellerDir = b.labellerDir.toAbsolutePath().normalize();
                o.labeller = trained(b, o.labellerDir, Stage.SUPERVISED, pre, root);
                List<String> reads = new ArrayList<>();
                o.labeller.fusionSpec().inputs().forEach(in -> reads.add(in.modality()));
                if (!reads.equals(List.of(b.keep))) {
                    throw new FusionSetupException("the pseudo-labeller " + o.labellerDir + " reads " + reads
                            + ", not '" + b.keep + "' alone");
                }
            }
            return o;
        } catch (RuntimeException e) {
            o.close();
            throw e;
        }
    }

    private static FusionModel trained(FusionTrainer.Builder b, Path dir, Stage expected, SourceRun pre, NDManager root) {
        SourceRun run = SourceRun.read(dir);
        String stage = run.config().path("stage").asText("");
        if (!stage.equals(expected.label())) {
            throw new FusionSetupException(dir + " is a '" + (stage.isEmpty() ? "pre-training" : stage)
                    + "' run; a " + b.stage.label() + " needs a " + expected.label() + " run");
        }
        String itsPre = run.config().path("pretrained").asText("");
        if (!itsPre.equals(pre.dir().toString())) {
            throw new FusionSetupException(dir + " was built on the pre-training run " + itsPre + ", not on "
                    + pre.dir() + "; every stage of one experiment starts from the same aligned encoders");
        }
        if (!run.storeKey().equals(pre.storeKey())) {
            throw new FusionSetupException(dir + " was trained on window store " + run.storeKey()
                    + ", the pre-training run on " + pre.storeKey());
        }
        // a run trained on aligned (or baseline-corrected) windows reads such windows only, and the reverse
        JsonNode given = b.config.allKeys();
        JsonNode defaults = FusionConfig.defaults().allKeys();
        for (String key : WINDOW_SETTINGS) {
            JsonNode theirs = run.config().path("fusion").path(key);
            JsonNode its = theirs.isMissingNode() ? defaults.get(key) : theirs;
            JsonNode mine = given.get(key);
            if (!its.equals(mine)) {
                throw new FusionSetupException(dir + " was trained with " + key + " " + quoted(its) + ", this "
                        + b.stage.label() + " run has " + quoted(mine) + "; set " + key + "=" + its.asText()
                        + " (the " + expected.label() + " reads the windows as this run feeds them)");
            }
        }
        FusionModel m = FusionModel.fromSpecsJson(run.model(), 0, b.device);
        try (NDManager tmp = root.newSubManager()) {
            m.load(run.parameters(tmp), List.of(""));
        } catch (RuntimeException e) {
            m.close();
            throw e;
        }
        return m;
    }

    /** The settings that change the windows every stage reads, which a teacher or labeller must share. */
    private static final java.util.List<String> WINDOW_SETTINGS = java.util.List.of("eeg_alignment",
            "fnirs_alignment", "fnirs_baseline");

    private static String quoted(JsonNode v) {
        return v.isTextual() ? "'" + v.asText() + "'" : v.asText();
    }

    @Override
    public void close() {
        if (teacher != null) {
            teacher.close();
        }
        if (labeller != null) {
            labeller.close();
        }
    }
}

