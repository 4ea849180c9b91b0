package org.neurofusion.fusion.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.alignment.run.RunDirectory;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Provenance;
import org.neurofusion.datasets.ModalityWindow;
import org.neurofusion.datasets.WindowingSpec;
import org.neurofusion.datasets.store.WindowStore;
import org.neurofusion.inference.Artifact;
import org.neurofusion.inference.ArtifactSpec;
import org.neurofusion.inference.InputContract;
import org.neurofusion.inference.SafeTensors;
import org.neurofusion.models.EncoderSpec;
import org.neurofusion.models.FusionSpec;

/**
 * Turns a trained fusion run that reads one modality (a student, or a supervised or self-trained single-modality
 * model) into a deployable {@link Artifact}: the kept encoder, imputation head and fusion block under their
 * checkpoint names, the input contract read from the window store the run trained on (the training channels of the
 * first training window, the modality's preprocessing, rate and window length, the class names, and the run's
 * per-subject EEG alignment where it had one), and the run's configuration, provenance and last test metrics. A
 * teacher reads every modality and is refused.
 */
public final class ModelExport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelExport() {
    }

    /** Settings of the contract that training does not fix. */
    public record Options(double strideSeconds, double maxMissingFraction, double positionToleranceMetres) {
        /** A 1 s stride, up to half the channels missing, 1 cm position tolerance. */
        public static Options defaults() {
            return new Options(1.0, 0.5, 0.01);
        }
    }

    /**
     * The artifact of the run in {@code runDir}.
     *
     * @param store the window store the run trained on (its key must be the run's)
     * @throws IllegalArgumentException naming the run when it is a teacher, was trained on another store, or the
     *     store records no windowing spec
     */
    public static Artifact export(Path runDir, WindowStore store, Options options) {
        SourceRun run = SourceRun.read(runDir);
        JsonNode cfg = run.config();
        String stage = cfg.path("stage").asText("");
        Stage s = null;
        for (Stage x : Stage.values()) {
            if (x.label().equals(stage)) {
                s = x;
            }
        }
        if (s == null) {
            throw new IllegalArgumentException(runDir + " is not a fusion run (its stage is '" + stage + "')");
        }
        if (s == Stage.TEACHER) {
            throw new IllegalArgumentException(runDir + " is a teacher, which reads every modality; export a student"
                    + " (neurofusion distil) or a single-modality model");
        }
        if (!run.storeKey().equals(store.provenance().key())) {
            throw new IllegalArgumentException(runDir + " was trained on window store " + run.storeKey() + ", not on "
                    + store.provenance().key() + " (" + store + ")");
        }
        String keep = cfg.path("keep").asText("");
        Modality m = Modality.parse(keep);
        WindowingSpec windowing = WindowingSpec.fromJson(store.windowingSpec().orElseThrow(() ->
                new IllegalArgumentException(store + " records no windowing spec; the contract needs its"
                        + " preprocessing")));
        ModalityWindow mw = windowing.modalities().get(m);
        if (mw == null) {
            throw new IllegalArgumentException("the window store has no '" + keep + "' windows");
        }
        int classes = cfg.path("classes").asInt(0);
        List<String> labels = labels(windowing.labels(), classes);
        List<Channel> channels = trainingChannels(store, m, run.trainSubjects());

        try (FusionModel model = FusionModel.fromSpecsJson(run.model(), 0, Device.cpu());
                NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            model.load(run.parameters(manager), List.of(""));
            EncoderSpec enc = encoderSpec(run.model(), keep);
            double rate = Double.isNaN(mw.rate()) ? enc.sampleRate() : mw.rate();
            InputContract contract = new InputContract(keep,
                    channels.stream().map(InputContract.ContractChannel::of).toList(), channels.get(0).unit(),
                    mw.pipeline().toJson(), rate, mw.length(), options.strideSeconds(), labels,
                    options.maxMissingFraction(), options.positionToleranceMetres(), alignment(runDir, cfg, m,
                            windowing));
            FusionSpec fusion = model.fusionSpec();
            ArtifactSpec spec = new ArtifactSpec(ArtifactSpec.versionFor(contract),
                    s == Stage.STUDENT ? ArtifactSpec.STUDENT : ArtifactSpec.SINGLE_MODALITY, enc, fusion,
                    s == Stage.STUDENT ? model.imputationSpec() : null, contract);
            Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
            String encPrefix = "encoder." + keep + "/";
            model.parameters().forEach((k, a) -> {
                if (k.startsWith(encPrefix) || k.startsWith("fusion/") || k.startsWith("imputation/")) {
                    tensors.put(k, tensor(a));
                }
            });
            return new Artifact(spec, tensors, provenance(run, store));
        }
    }

    /**
     * The contract's alignment: the run's {@code eeg_alignment} when the kept modality is EEG (the windows the
     * network was trained on were aligned), none otherwise; the calibration stride is that of the windowing spec's
     * sliding part over resting runs (the window length when it has none).
     *
     * @throws FusionSetupException naming the run when its {@code eeg_alignment} is not one this code knows
     */
    static InputContract.Alignment alignment(Path runDir, JsonNode cfg, Modality kept, WindowingSpec windowing) {
        String reference = cfg.path("fusion").path("eeg_alignment").asText("none");
        if (kept == Modality.FNIRS && (!cfg.path("fusion").path("fnirs_alignment").asText("none").equals("none")
                || cfg.path("fusion").path("fnirs_baseline").asDouble(0) != 0)) {
            throw new FusionSetupException(runDir + " reads fNIRS aligned per subject (fnirs_alignment) or"
                    + " baseline-corrected (fnirs_baseline), which a deployable model's input contract cannot carry"
                    + " yet; export a model trained without them");
        }
        if (kept != Modality.EEG || reference.equals("none")) {
            return null;
        }
        double stride = windowing.modalities().get(kept).length();
        for (WindowingSpec.Part p : windowing.parts()) {
            if (p.mode() == WindowingSpec.Mode.SLIDING && (p.tasks().isEmpty() || p.tasks().contains("rest"))) {
                stride = p.stride();
                break;
            }
        }
        try {
            return new InputContract.Alignment(reference, SubjectAlignment.RMS, SubjectAlignment.SHRINKAGE, stride);
        } catch (IllegalArgumentException e) {
            throw new FusionSetupException(runDir + ": " + e.getMessage());
        }
    }

    private static SafeTensors.Tensor tensor(NDArray a) {
        return new SafeTensors.Tensor(a.getShape().getShape(), a.toFloatArray());
    }

    private static EncoderSpec encoderSpec(JsonNode model, String keep) {
        JsonNode e = model.path("aligned").path("encoders").path(keep);
        if (!e.isObject()) {
            throw new IllegalArgumentException("the run's model has no '" + keep + "' encoder");
        }
        return EncoderSpec.fromJson(e.toString());
    }

    /** Class names by output index; an index no part names is called {@code class_<i>}. */
    static List<String> labels(Map<String, Integer> byName, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("the run records " + classes + " classes");
        }
        String[] names = new String[classes];
        byName.forEach((name, i) -> {
            if (i >= 0 && i < classes) {
                names[i] = names[i] == null ? name : names[i] + "|" + name;
            }
        });
        List<String> out = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            out.add(names[i] == null ? "class_" + i : names[i]);
        }
        return out;
    }

    /** The channels of the first training window that has {@code m}. */
    private static List<Channel> trainingChannels(WindowStore store, Modality m, List<String> trainSubjects) {
        for (int i = 0; i < store.size(); i++) {
            if (trainSubjects.contains(store.info(i).key().subject()) && store.info(i).extents().containsKey(m)) {
                return store.channels(i, m);
            }
        }
        throw new IllegalArgumentException(store + " holds no " + m + " window of the training subjects "
                + trainSubjects);
    }

    private static ObjectNode provenance(SourceRun run, WindowStore store) {
        ObjectNode o = JSON.createObjectNode();
        o.put("exported", java.time.Instant.now().toString());
        o.put("neurofusion", Provenance.neurofusionVersion());
        o.put("java", System.getProperty("java.version"));
        o.put("run", run.dir().toString());
        o.set("run_config", run.config());
        o.put("window_store", store.provenance().key());
        // the data's own checksums, and the windowing the contract was read from
        o.set("window_store_provenance", store.provenance().toJsonNode());
        try {
            o.set("run_provenance", JSON.readTree(run.dir().resolve(RunDirectory.PROVENANCE).toFile()));
            Path metrics = run.dir().resolve(RunDirectory.METRICS);
            if (Files.isRegularFile(metrics)) {
                JsonNode lastTest = null;
                for (String line : Files.readAllLines(metrics)) {
                    JsonNode n = line.isBlank() ? null : JSON.readTree(line);
                    if (n != null && "test".equals(n.path("split").asText())) {
                        lastTest = n;
                    }
                }
                if (lastTest != null) {
                    o.set("last_test_metrics", lastTest);
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(run.dir() + ": cannot read its provenance or metrics: "
                    + e.getMessage(), e);
        }
        return o;
    }
}
