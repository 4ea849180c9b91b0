package org.neurofusion.fusion.train;

import ai.djl.ndarray.NDManager;
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
        // a run trained on aligned EEG reads aligned EEG only (and one on raw EEG, raw): both must agree
        String itsAlignment = run.config().path("fusion").path("eeg_alignment").asText("none");
        if (!itsAlignment.equals(b.config.eegAlignment())) {
            throw new FusionSetupException(dir + " was trained with eeg_alignment '" + itsAlignment + "', this "
                    + b.stage.label() + " run has '" + b.config.eegAlignment() + "'; set eeg_alignment="
                    + itsAlignment + " (the " + expected.label() + " reads the windows as this run feeds them)");
        }
        String itsFnirs = run.config().path("fusion").path("fnirs_alignment").asText("none");
        if (!itsFnirs.equals(b.config.fnirsAlignment())) {
            throw new FusionSetupException(dir + " was trained with fnirs_alignment '" + itsFnirs + "', this "
                    + b.stage.label() + " run has '" + b.config.fnirsAlignment() + "'; set fnirs_alignment="
                    + itsFnirs + " (the " + expected.label() + " reads the windows as this run feeds them)");
        }
        double itsBaseline = run.config().path("fusion").path("fnirs_baseline").asDouble(0);
        if (itsBaseline != b.config.fnirsBaseline()) {
            throw new FusionSetupException(dir + " was trained with fnirs_baseline " + itsBaseline + ", this "
                    + b.stage.label() + " run has " + b.config.fnirsBaseline() + "; set fnirs_baseline="
                    + itsBaseline + " (the " + expected.label() + " reads the windows as this run feeds them)");
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

