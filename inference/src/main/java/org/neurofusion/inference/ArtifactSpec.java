package org.neurofusion.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurofusion.models.EncoderSpec;
import org.neurofusion.models.FusionSpec;
import org.neurofusion.models.ImputationSpec;

/**
 * The architecture and input contract of a deployable model, the {@code spec.json} of its artifact: the kept
 * modality's encoder, the fusion block and, for a student, the imputation head that stands in for the modalities it
 * no longer sees; each as the spec record the training code built it from, so that loading rebuilds the same
 * network. {@link #FORMAT_VERSION} is the layout of the artifact; a reader refuses a newer one.
 *
 * @param formatVersion the artifact layout version
 * @param kind {@code student} (encoder, imputation head and a fusion block over kept and imputed tokens) or
 *     {@code single-modality} (encoder and a fusion block over its tokens alone)
 * @param encoder the kept modality's encoder
 * @param fusion the fusion block
 * @param imputation the imputation head of a student, null otherwise
 * @param contract what the model accepts
 */
public record ArtifactSpec(int formatVersion, String kind, EncoderSpec encoder, FusionSpec fusion,
        ImputationSpec imputation, InputContract contract) {
    /**
     * The artifact layout this code writes and the newest it reads. Version 2 added the contract's per-subject
     * alignment: a version-1 reader would decode an aligned model's input unaligned, so it must refuse the artifact.
     */
    public static final int FORMAT_VERSION = 2;
    /**
     * The oldest layout that holds {@code contract}: 2 where it aligns per subject, 1 otherwise, so that an
     * unaligned model stays readable by readers of version 1.
     */
    public static int versionFor(InputContract contract) {
        return contract.alignment() == null ? 1 : 2;
    }

    /** {@link #kind} of a distilled student. */
    public static final String STUDENT = "student";
    /** {@link #kind} of a model trained on one modality (scratch, self-training, a probe). */
    public static final String SINGLE_MODALITY = "single-modality";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks that the parts fit together; the message says which parts disagree. */
    public ArtifactSpec {
        if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("artifact format version " + formatVersion + " is not one this"
                    + " neurofusion reads (1 to " + FORMAT_VERSION + "); a newer neurofusion wrote it");
        }
        if (encoder == null || fusion == null || contract == null) {
            throw new IllegalArgumentException("an artifact spec needs an encoder, a fusion block and a contract");
        }
        if (formatVersion < versionFor(contract)) {
            throw new IllegalArgumentException("artifact format version " + formatVersion + " cannot hold a"
                    + " per-subject alignment (version 2 and later)");
        }
        String m = encoder.modality();
        if (!contract.modality().equals(m)) {
            throw new IllegalArgumentException("the contract reads '" + contract.modality() + "' but the encoder is '"
                    + m + "'");
        }
        if (Math.abs(encoder.sampleRate() - contract.rate()) > 1e-9 || encoder.windowSamples()
                != contract.windowSamples()) {
            throw new IllegalArgumentException("the contract's windows (" + contract.windowSeconds() + " s at "
                    + contract.rate() + " Hz) are not the encoder's (" + encoder.windowSamples() + " samples at "
                    + encoder.sampleRate() + " Hz)");
        }
        if (contract.labels().size() != fusion.classes()) {
            throw new IllegalArgumentException("the contract names " + contract.labels().size() + " classes "
                    + contract.labels() + " but the fusion block has " + fusion.classes());
        }
        FusionSpec.Input in = fusion.inputs().get(fusion.index(m));
        int tokens = encoder.patches() * encoder.queries();
        if (in.width() != encoder.width() || in.tokens() != tokens) {
            throw new IllegalArgumentException("the fusion block reads " + in.tokens() + " '" + m + "' tokens "
                    + in.width() + " wide, but the encoder makes " + tokens + " tokens " + encoder.width() + " wide");
        }
        if (STUDENT.equals(kind)) {
            if (imputation == null || fusion.modalities() != 2) {
                throw new IllegalArgumentException("a student needs an imputation head and a fusion block over two"
                        + " inputs (kept and imputed)");
            }
            if (!imputation.kept().equals(m)) {
                throw new IllegalArgumentException("the imputation head reads '" + imputation.kept()
                        + "' but the encoder is '" + m + "'");
            }
            if (imputation.keptWidth() != encoder.width() || imputation.keptTokens() != tokens) {
                throw new IllegalArgumentException("the imputation head reads " + imputation.keptTokens()
                        + " tokens " + imputation.keptWidth() + " wide, but the encoder makes " + tokens + " tokens "
                        + encoder.width() + " wide");
            }
            fusion.index(imputation.missing());
        } else if (SINGLE_MODALITY.equals(kind)) {
            if (imputation != null || fusion.modalities() != 1) {
                throw new IllegalArgumentException("a single-modality model has no imputation head and a fusion block"
                        + " over its own tokens only; this one reads " + fusion.modalities() + " inputs");
            }
        } else {
            throw new IllegalArgumentException("artifact kind must be '" + STUDENT + "' or '" + SINGLE_MODALITY
                    + "', got '" + kind + "'");
        }
    }

    /** This spec as JSON, with the parameter shapes the network built from it has (for readers of the file). */
    public ObjectNode toJson(Map<String, long[]> shapes) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", "neurofusion-model");
        o.put("format_version", formatVersion);
        o.put("kind", kind);
        o.set("encoder", tree(encoder.toJson()));
        o.set("fusion", tree(fusion.toJson()));
        if (imputation != null) {
            o.set("imputation", tree(imputation.toJson()));
        }
        o.set("contract", contract.toJson());
        ObjectNode p = o.putObject("parameters");
        shapes.forEach((k, s) -> {
            ArrayNode a = p.putArray(k);
            for (long d : s) {
                a.add(d);
            }
        });
        return o;
    }

    /**
     * Reads {@link #toJson} output.
     *
     * @return the spec and the parameter shapes it lists
     * @throws IllegalArgumentException naming what is missing, malformed or of a newer format
     */
    public static Parsed fromJson(JsonNode o) {
        if (o == null || !o.isObject() || !"neurofusion-model".equals(o.path("format").asText())) {
            throw new IllegalArgumentException("not a neurofusion model spec (its 'format' is not neurofusion-model)");
        }
        JsonNode v = o.get("format_version");
        if (v == null || !v.canConvertToInt()) {
            throw new IllegalArgumentException("'format_version' is missing or not an integer");
        }
        if (v.asInt() > FORMAT_VERSION) {
            throw new IllegalArgumentException("format version " + v.asInt() + " is newer than this neurofusion reads ("
                    + FORMAT_VERSION + "); update neurofusion");
        }
        for (String f : new String[] {"kind", "encoder", "fusion", "contract", "parameters"}) {
            if (!o.hasNonNull(f)) {
                throw new IllegalArgumentException("'" + f + "' is missing");
            }
        }
        JsonNode imp = o.get("imputation");
        ArtifactSpec spec = new ArtifactSpec(v.asInt(), o.get("kind").asText(),
                EncoderSpec.fromJson(o.get("encoder").toString()), FusionSpec.fromJson(o.get("fusion").toString()),
                imp == null || imp.isNull() ? null : ImputationSpec.fromJson(imp.toString()),
                InputContract.fromJson(o.get("contract")));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        JsonNode ps = o.get("parameters");
        if (!ps.isObject()) {
            throw new IllegalArgumentException("'parameters' is not an object of name → shape");
        }
        ps.fields().forEachRemaining(e -> {
            JsonNode a = e.getValue();
            if (!a.isArray()) {
                throw new IllegalArgumentException("parameter '" + e.getKey() + "' has no shape array");
            }
            long[] s = new long[a.size()];
            for (int i = 0; i < s.length; i++) {
                if (!a.get(i).canConvertToLong() || a.get(i).asLong() < 0) {
                    throw new IllegalArgumentException("parameter '" + e.getKey() + "' has a malformed shape " + a);
                }
                s[i] = a.get(i).asLong();
            }
            shapes.put(e.getKey(), s);
        });
        return new Parsed(spec, shapes);
    }

    /** A spec read from JSON with the shapes it lists. */
    public record Parsed(ArtifactSpec spec, Map<String, long[]> shapes) {
    }

    private static JsonNode tree(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalStateException("a spec's JSON does not parse: " + json, e);
        }
    }
}
