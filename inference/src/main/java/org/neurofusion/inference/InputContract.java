package org.neurofusion.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * What a deployed model accepts, written into its artifact so that a wrong cap, rate or unit is refused rather than
 * decoded: the channels it was trained on (name, type, position in the head frame, metres), the unit of the raw
 * values, the preprocessing applied to a raw recording before windowing (the {@link Pipeline} JSON the training
 * windows were made with, then a resampling to {@code rate}), the window length and the stride of sliding
 * prediction, the class names in output order, and how much of the montage may be missing.
 *
 * <p>Normalisation is not a step here: the encoder centres each channel on its window mean and scales it per
 * channel type inside the network, so raw values in the contract's unit are all a caller passes.
 *
 * @param modality the modality of the data (lower case, the encoder's)
 * @param channels the training montage, in training order
 * @param unit the SI unit of the raw values ({@code V} for EEG)
 * @param pipeline the preprocessing steps as {@link Pipeline#toJson()}, applied to the modality's channels at their
 *     native rate
 * @param rate the sampling rate of the windows the network reads (after resampling), Hz
 * @param windowSeconds window length, seconds
 * @param strideSeconds stride between windows when a recording is decoded window by window, seconds
 * @param labels class names, index = output position
 * @param maxMissingFraction the share of the training channels that may be missing from a recording
 * @param positionToleranceMetres how far a recording's sensor may lie from a training sensor of another name and
 *     still stand in for it
 * @param alignment how the training windows were aligned per subject, or null when they were not: a model trained
 *     on aligned windows decodes a new subject only after a calibration from that subject's data
 */
public record InputContract(String modality, List<ContractChannel> channels, String unit, String pipeline,
        double rate, double windowSeconds, double strideSeconds, List<String> labels, double maxMissingFraction,
        double positionToleranceMetres, Alignment alignment) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A contract of windows that were not aligned per subject. */
    public InputContract(String modality, List<ContractChannel> channels, String unit, String pipeline, double rate,
            double windowSeconds, double strideSeconds, List<String> labels, double maxMissingFraction,
            double positionToleranceMetres) {
        this(modality, channels, unit, pipeline, rate, windowSeconds, strideSeconds, labels, maxMissingFraction,
                positionToleranceMetres, null);
    }

    /**
     * The per-subject Euclidean alignment of the training windows
     * ({@link org.neurofusion.modalities.signal.EuclideanAlignment}): each subject's preprocessed windows were
     * multiplied by {@code rms · R^(-1/2)}, {@code R} the mean covariance of its reference windows shrunk by
     * {@code shrinkage}. A deployment computes the same matrix from a calibration recording of the new subject.
     *
     * @param reference which windows of a training subject gave {@code R}: {@code rest} (its resting-state
     *     recordings) or {@code all} (every window of it, task included; labels never read)
     * @param rms the root mean square per channel of aligned reference windows, in the contract's unit
     * @param shrinkage the share of {@code R} moved towards its mean eigenvalue, in (0, 1)
     * @param strideSeconds the stride of the training subjects' resting windows (the windowing spec's sliding part),
     *     which a calibration recording is cut with
     */
    public record Alignment(String reference, double rms, double shrinkage, double strideSeconds) {
        /** The references a contract may name. */
        public static final List<String> REFERENCES = List.of("rest", "all");

        /** Validates every field; the message names it. */
        public Alignment {
            if (!REFERENCES.contains(reference)) {
                throw new IllegalArgumentException("input contract: alignment reference '" + reference
                        + "' is not one of " + REFERENCES);
            }
            if (!(rms > 0) || !Double.isFinite(rms)) {
                throw new IllegalArgumentException("input contract: alignment rms must be positive and finite, got "
                        + rms);
            }
            if (!(shrinkage > 0 && shrinkage < 1)) {
                throw new IllegalArgumentException("input contract: alignment shrinkage must lie in (0, 1), got "
                        + shrinkage);
            }
            positive("alignment stride_s", strideSeconds);
        }

        /** What calibration the reference calls for, for messages. */
        public String calibrationHint() {
            return reference.equals("rest") ? "a resting-state recording of the same subject with the same cap"
                    : "the subject's own recording (training aligned each subject on all its windows)";
        }
    }

    /**
     * One training channel.
     *
     * @param name its name in the training recordings
     * @param type its type as MNE names it ({@code eeg}, {@code hbo}, ...)
     * @param position its position in the head frame, metres, or null when the training data had none
     * @param sensor the channel attributes the encoder's sensor features read besides the position (an fNIRS
     *     channel's source and detector positions and wavelength, a MEG coil's orientation), empty for EEG
     */
    public record ContractChannel(String name, String type, double[] position, Map<String, String> sensor) {
        /** The attribute keys {@link SensorFeatures} reads. */
        public static final List<String> SENSOR_KEYS = List.of(SensorFeatures.ORIENTATION_ATTRIBUTE,
                SensorFeatures.SOURCE_ATTRIBUTE, SensorFeatures.DETECTOR_ATTRIBUTE,
                SensorFeatures.WAVELENGTH_ATTRIBUTE);

        /** A channel without sensor attributes (EEG). */
        public ContractChannel(String name, String type, double[] position) {
            this(name, type, position, Map.of());
        }

        public ContractChannel {
            sensor = new java.util.TreeMap<>(sensor == null ? Map.of() : sensor);
            for (String k : sensor.keySet()) {
                if (!SENSOR_KEYS.contains(k)) {
                    throw new IllegalArgumentException("contract channel '" + name + "': attribute '" + k
                            + "' is not one the sensor features read " + SENSOR_KEYS);
                }
            }
            sensor = java.util.Collections.unmodifiableMap(sensor);
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a contract channel needs a name");
            }
            ChannelType.fromMneName(type);
            if (position != null) {
                if (position.length != 3 || !Double.isFinite(position[0]) || !Double.isFinite(position[1])
                        || !Double.isFinite(position[2])) {
                    throw new IllegalArgumentException("contract channel '" + name + "': a position is three finite"
                            + " numbers (metres)");
                }
                position = position.clone();
            }
        }

        @Override
        public double[] position() {
            return position == null ? null : position.clone();
        }

        /** The channel as the encoder's sensor features read it (rate and length do not enter them). */
        public Channel toChannel(double rate) {
            Optional<SensorPosition> p = position == null ? Optional.empty()
                    : Optional.of(new SensorPosition(position[0], position[1], position[2]));
            ChannelType t = ChannelType.fromMneName(type);
            return new Channel(name, t, t.defaultUnit(), rate, 0, p, sensor);
        }

        /** The contract entry of a training channel. */
        public static ContractChannel of(Channel c) {
            Map<String, String> sensor = new java.util.TreeMap<>();
            for (String k : SENSOR_KEYS) {
                if (c.attributes().containsKey(k)) {
                    sensor.put(k, c.attributes().get(k));
                }
            }
            return new ContractChannel(c.name(), c.type().mneName(),
                    c.position().map(p -> new double[] {p.x(), p.y(), p.z()}).orElse(null), sensor);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ContractChannel c && name.equals(c.name) && type.equals(c.type)
                    && java.util.Arrays.equals(position, c.position) && sensor.equals(c.sensor);
        }

        @Override
        public int hashCode() {
            return 31 * (31 * (31 * name.hashCode() + type.hashCode()) + java.util.Arrays.hashCode(position))
                    + sensor.hashCode();
        }

        @Override
        public String toString() {
            return name + " (" + type + (position == null ? ", no position" : ", " + java.util.Arrays.toString(position))
                    + ")";
        }
    }

    /** Validates every field; the message names the field and the rule. */
    public InputContract {
        if (modality == null) {
            throw new IllegalArgumentException("an input contract needs a modality");
        }
        Modality m = Modality.parse(modality);
        if (channels == null || channels.isEmpty()) {
            throw new IllegalArgumentException("an input contract needs the training channels");
        }
        channels = List.copyOf(channels);
        Set<String> names = new HashSet<>();
        for (ContractChannel c : channels) {
            if (!names.add(c.name())) {
                throw new IllegalArgumentException("the contract lists channel '" + c.name() + "' twice");
            }
            if (ChannelType.fromMneName(c.type()).modality() != m) {
                throw new IllegalArgumentException("contract channel " + c + " is not of modality " + modality);
            }
        }
        if (unit == null || unit.isBlank()) {
            throw new IllegalArgumentException("an input contract needs the unit of the raw values");
        }
        Pipeline.fromJson(pipeline == null ? "[]" : pipeline);
        pipeline = pipeline == null ? "[]" : pipeline;
        positive("rate", rate);
        positive("windowSeconds", windowSeconds);
        positive("strideSeconds", strideSeconds);
        if (labels == null || labels.size() < 2 || new HashSet<>(labels).size() != labels.size()) {
            throw new IllegalArgumentException("an input contract needs two or more distinct class names, got " + labels);
        }
        labels = List.copyOf(labels);
        if (!(maxMissingFraction >= 0 && maxMissingFraction < 1)) {
            throw new IllegalArgumentException("maxMissingFraction must lie in [0, 1), got " + maxMissingFraction);
        }
        if (!(positionToleranceMetres >= 0) || !Double.isFinite(positionToleranceMetres)) {
            throw new IllegalArgumentException("positionToleranceMetres must be finite and not negative, got "
                    + positionToleranceMetres);
        }
    }

    private static void positive(String what, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("input contract: " + what + " must be positive and finite, got " + v);
        }
    }

    /** This contract with {@code a} as its alignment (null: none). */
    public InputContract withAlignment(Alignment a) {
        return new InputContract(modality, channels, unit, pipeline, rate, windowSeconds, strideSeconds, labels,
                maxMissingFraction, positionToleranceMetres, a);
    }

    /** Samples per window at {@link #rate}. */
    public int windowSamples() {
        return (int) Math.round(windowSeconds * rate);
    }

    /** The most training channels a recording may lack. */
    public int maxMissing() {
        return (int) Math.floor(maxMissingFraction * channels.size());
    }

    /**
     * Whether a live stream can compute this contract's preprocessing: every step is a
     * {@link org.neurofusion.modalities.signal.StreamingStep} (causal filters, decimation), so the windows a stream
     * cuts equal the training windows of the same data.
     */
    public boolean streamable() {
        return preprocessing().steps().stream()
                .allMatch(s -> s instanceof org.neurofusion.modalities.signal.StreamingStep);
    }

    /** The preprocessing pipeline, rebuilt. */
    public Pipeline preprocessing() {
        return Pipeline.fromJson(pipeline);
    }

    /** This contract as a JSON object (the pipeline embedded as its JSON array). */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.put("modality", modality);
        ArrayNode cs = o.putArray("channels");
        for (ContractChannel c : channels) {
            ObjectNode n = cs.addObject();
            n.put("name", c.name());
            n.put("type", c.type());
            if (c.position != null) {
                ArrayNode p = n.putArray("position");
                for (double v : c.position) {
                    p.add(v);
                }
            } else {
                n.putNull("position");
            }
            if (!c.sensor().isEmpty()) {
                ObjectNode a = n.putObject("sensor");
                c.sensor().forEach(a::put);
            }
        }
        o.put("unit", unit);
        try {
            o.set("pipeline", JSON.readTree(pipeline));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("the pipeline's JSON does not parse: " + pipeline, e);
        }
        o.put("rate", rate);
        o.put("window_s", windowSeconds);
        o.put("stride_s", strideSeconds);
        ArrayNode l = o.putArray("labels");
        labels.forEach(l::add);
        o.put("max_missing_fraction", maxMissingFraction);
        o.put("position_tolerance_m", positionToleranceMetres);
        if (alignment != null) {
            ObjectNode a = o.putObject("alignment");
            a.put("method", "euclidean");
            a.put("reference", alignment.reference());
            a.put("rms", alignment.rms());
            a.put("shrinkage", alignment.shrinkage());
            a.put("stride_s", alignment.strideSeconds());
        }
        o.put("streamable", streamable());
        o.put("normalisation", "inside the encoder: each channel centred on its window mean, scaled per channel type");
        return o;
    }

    /**
     * Reads {@link #toJson()} output.
     *
     * @throws IllegalArgumentException naming the field that is missing, of the wrong type or invalid
     */
    public static InputContract fromJson(JsonNode o) {
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("the input contract is not a JSON object");
        }
        List<ContractChannel> cs = new ArrayList<>();
        JsonNode arr = field(o, "channels");
        if (!arr.isArray()) {
            throw new IllegalArgumentException("input contract: 'channels' is not an array");
        }
        for (JsonNode n : arr) {
            JsonNode p = n.path("position");
            double[] pos = null;
            if (p.isArray()) {
                pos = new double[p.size()];
                for (int i = 0; i < pos.length; i++) {
                    if (!p.get(i).isNumber()) {
                        throw new IllegalArgumentException("input contract: channel " + n.path("name")
                                + " has a position that is not numbers");
                    }
                    pos[i] = p.get(i).asDouble();
                }
            } else if (!p.isNull() && !p.isMissingNode()) {
                throw new IllegalArgumentException("input contract: channel " + n.path("name")
                        + " has a position that is neither an array nor null");
            }
            Map<String, String> sensor = new java.util.TreeMap<>();
            JsonNode a = n.path("sensor");
            if (!a.isMissingNode() && !a.isNull()) {
                if (!a.isObject()) {
                    throw new IllegalArgumentException("input contract: channel " + n.path("name")
                            + " has 'sensor' that is not an object");
                }
                a.fields().forEachRemaining(e -> sensor.put(e.getKey(), e.getValue().asText()));
            }
            cs.add(new ContractChannel(text(n, "name"), text(n, "type"), pos, sensor));
        }
        List<String> labels = new ArrayList<>();
        JsonNode ls = field(o, "labels");
        if (!ls.isArray()) {
            throw new IllegalArgumentException("input contract: 'labels' is not an array");
        }
        ls.forEach(x -> labels.add(x.asText()));
        JsonNode pipe = field(o, "pipeline");
        if (!pipe.isArray()) {
            throw new IllegalArgumentException("input contract: 'pipeline' is not an array of steps");
        }
        Alignment alignment = null;
        JsonNode al = o.get("alignment");
        if (al != null && !al.isNull()) {
            if (!al.isObject()) {
                throw new IllegalArgumentException("input contract: 'alignment' is not an object");
            }
            try {
                String method = text(al, "method");
                if (!method.equals("euclidean")) {
                    throw new IllegalArgumentException("method '" + method + "' is not one this neurofusion applies"
                            + " (euclidean)");
                }
                alignment = new Alignment(text(al, "reference"), number(al, "rms"), number(al, "shrinkage"),
                        number(al, "stride_s"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("input contract: 'alignment': "
                        + e.getMessage().replaceFirst("^input contract: (alignment )?", ""), e);
            }
        }
        return new InputContract(text(o, "modality"), cs, text(o, "unit"), pipe.toString(), number(o, "rate"),
                number(o, "window_s"), number(o, "stride_s"), labels, number(o, "max_missing_fraction"),
                number(o, "position_tolerance_m"), alignment);
    }

    private static JsonNode field(JsonNode o, String name) {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            throw new IllegalArgumentException("input contract: '" + name + "' is missing");
        }
        return n;
    }

    private static String text(JsonNode o, String name) {
        JsonNode n = field(o, name);
        if (!n.isTextual()) {
            throw new IllegalArgumentException("input contract: '" + name + "' is not a string");
        }
        return n.asText();
    }

    private static double number(JsonNode o, String name) {
        JsonNode n = field(o, name);
        if (!n.isNumber()) {
            throw new IllegalArgumentException("input contract: '" + name + "' is not a number");
        }
        return n.asDouble();
    }
}
