package org.neurofusion.fusion.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.models.EncoderSpec;
import org.neurofusion.models.FusionSpec;
import org.neurofusion.models.ImputationSpec;

/** Builds a fusion run's model from the runs it starts from ({@link FusionTrainer}'s setup, apart from training). */
final class ModelAssembly {
    private ModelAssembly() {
    }

    /**
     * The model of a run of {@code b}'s stage: the pre-training run's aligned encoders (for the teacher every
     * modality, for the student and the controls the kept one), the fusion block (a student's is the teacher's, with
     * an imputation head towards the teacher's missing modality), the teacher's experts when {@code withExperts},
     * and the starting weights the configuration asks for.
     *
     * @throws FusionSetupException naming the runs when they do not fit together
     */
    static FusionModel assemble(FusionTrainer.Builder b, SourceRun pre, List<String> all, FusionData data,
            TrainedRuns others, NDManager root, boolean withExperts) {
        List<String> encoded = b.stage == Stage.TEACHER ? all : List.of(b.keep);
        if (b.stage != Stage.TEACHER && !all.contains(b.keep)) {
            throw new FusionSetupException("cannot keep '" + b.keep + "': the pre-training run encodes " + all);
        }
        ObjectNode specs = pre.alignedSpecs(encoded);
        FusionSpec fusionSpec;
        ImputationSpec imputation = null;
        if (b.stage == Stage.STUDENT) {
            fusionSpec = others.teacher.fusionSpec();
            if (fusionSpec.classes() != data.classes()) {
                throw new FusionSetupException("the teacher " + others.teacherDir + " predicts "
                        + fusionSpec.classes() + " classes; these windows have " + data.classes());
            }
            String missing = missing(b, others.teacher);
            int dim = specs.get("latent_dim").asInt();
            if (b.config.imputesHaemodynamics()) {
                if (!missing.equals("fnirs")) {
                    throw new FusionSetupException("imputation_target=haemodynamic imputes the haemodynamic features"
                            + " of fNIRS windows; this student keeps '" + b.keep + "' and imputes '" + missing + "'");
                }
                dim = HaemodynamicExpert.featureCount(sameChannels(data, missing, "imputation_target=haemodynamic"));
            }
            imputation = ImputationSpec.tiny(spec(specs, b.keep), spec(others.teacher.aligned().specsJson(), missing),
                    dim);
        } else {
            List<FusionSpec.Input> inputs = new ArrayList<>();
            for (String m : encoded) {
                inputs.add(FusionSpec.Input.of(spec(specs, m)));
            }
            fusionSpec = FusionSpec.tiny(inputs, data.classes());
        }
        Map<String, Integer> experts = new LinkedHashMap<>();
        if (b.stage == Stage.TEACHER && withExperts) {
            for (String m : b.config.teacherExpertList()) {
                if (!all.contains(m)) {
                    throw new FusionSetupException("teacher_expert names '" + m + "', but the pre-training run "
                            + pre.dir() + " encodes " + all);
                }
                experts.put(m, sameChannels(data, m, "teacher_expert '" + m + "'"));
            }
        }
        FusionModel model = new FusionModel(specs, fusionSpec, imputation, experts, b.seed, b.device);
        try (NDManager tmp = root.newSubManager()) {
            if (b.config.encoderInit().equals("aligned")) {
                model.load(pre.parameters(tmp), List.of("encoder.", "head."));
            }
            if (b.stage == Stage.STUDENT && b.config.studentFusionInit().equals("teacher")) {
                Map<String, NDArray> fusion = new LinkedHashMap<>();
                others.teacher.parameters().forEach((k, a) -> {
                    if (k.startsWith("fusion/")) {
                        fusion.put(k, a);
                    }
                });
                model.load(fusion, List.of("fusion/"));
            }
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /**
     * The channel count of {@code modality}, which {@code what} needs to be the same channels in the same order in
     * every window.
     *
     * @throws FusionSetupException naming two of the channel lists when they differ
     */
    private static int sameChannels(FusionData data, String modality, String what) {
        List<List<String>> sets = data.channelSets(modality);
        if (sets.size() != 1) {
            throw new FusionSetupException(what + " needs every window's " + modality
                    + " channels to be the same, in the same order; these windows have " + sets.size()
                    + " channel lists, such as " + sets.get(0) + " and " + sets.get(1));
        }
        return sets.get(0).size();
    }

    /** The one modality the teacher reads that the student does not. */
    private static String missing(FusionTrainer.Builder b, FusionModel teacher) {
        List<String> ms = new ArrayList<>();
        teacher.fusionSpec().inputs().forEach(in -> ms.add(in.modality()));
        if (!ms.contains(b.keep)) {
            throw new FusionSetupException("the teacher " + b.teacherDir + " never saw '" + b.keep
                    + "': it reads " + ms);
        }
        ms.remove(b.keep);
        if (ms.size() != 1) {
            throw new FusionSetupException("a student imputes one missing modality; the teacher reads " + ms
                    + " besides '" + b.keep + "'");
        }
        return ms.get(0);
    }

    private static EncoderSpec spec(com.fasterxml.jackson.databind.JsonNode specs, String m) {
        return EncoderSpec.fromJson(specs.path("encoders").get(m).toString());
    }
}
