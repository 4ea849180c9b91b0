package org.neurofusion.inference;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurofusion.models.FusionBlock;
import org.neurofusion.models.FusionSpec;
import org.neurofusion.models.ImputationHead;
import org.neurofusion.models.SensorTokenEncoder;

/**
 * The network of an artifact, rebuilt from its {@link ArtifactSpec} on one device: the kept modality's encoder,
 * for a student the imputation head, and the fusion block. Parameter names are those of the training checkpoints
 * ({@code encoder.<m>/...}, {@code imputation/...}, {@code fusion/...}), so a trained model exports name for name.
 * Inference only: no gradient, no dropout.
 */
public final class DecoderNetwork implements AutoCloseable {
    private final ArtifactSpec spec;
    private final NDManager manager;
    private final SensorTokenEncoder encoder;
    private final ImputationHead imputation;
    private final FusionBlock fusion;
    private final ParameterStore store;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();

    /** Builds the network, its parameters initialised by the blocks until {@link #load} sets the trained ones. */
    public DecoderNetwork(ArtifactSpec spec, Device device) {
        this.spec = spec;
        this.manager = NDManager.newBaseManager(device);
        try {
            this.encoder = new SensorTokenEncoder(spec.encoder());
            encoder.initialize(manager, DataType.FLOAT32, encoder.inputShapes(1, 1));
            collect("encoder." + spec.encoder().modality(), encoder);
            if (spec.imputation() != null) {
                this.imputation = new ImputationHead(spec.imputation());
                imputation.initialize(manager, DataType.FLOAT32,
                        new Shape(1, spec.imputation().keptTokens(), spec.imputation().keptWidth()));
                collect("imputation", imputation);
            } else {
                this.imputation = null;
            }
            this.fusion = new FusionBlock(spec.fusion());
            fusion.initialize(manager, DataType.FLOAT32, fusion.inputShapes(1));
            collect("fusion", fusion);
            this.store = new ParameterStore(manager, false);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    private void collect(String prefix, AbstractBlock block) {
        block.getParameters().forEach(p -> parameters.put(prefix + "/" + p.getKey(), p.getValue()));
    }

    /** The spec the network was built from. */
    public ArtifactSpec spec() {
        return spec;
    }

    /** Every parameter's shape by name, in declaration order. */
    public Map<String, long[]> shapes() {
        Map<String, long[]> out = new LinkedHashMap<>();
        parameters.forEach((k, p) -> out.put(k, p.getArray().getShape().getShape()));
        return out;
    }

    /** Every parameter's values by name, in declaration order (copies). */
    public Map<String, SafeTensors.Tensor> values() {
        Map<String, SafeTensors.Tensor> out = new LinkedHashMap<>();
        parameters.forEach((k, p) -> out.put(k, new SafeTensors.Tensor(p.getArray().getShape().getShape(),
                p.getArray().toFloatArray())));
        return out;
    }

    /** Number of values over every parameter. */
    public long parameterCount() {
        return parameters.values().stream().mapToLong(p -> p.getArray().size()).sum();
    }

    /**
     * Sets every parameter from {@code tensors}, which must hold exactly this network's names with its shapes.
     *
     * @throws IllegalArgumentException naming the first missing, unexpected or misshapen parameter, with both
     *     shapes
     */
    public void load(Map<String, SafeTensors.Tensor> tensors) {
        List<String> missing = new ArrayList<>();
        for (String k : parameters.keySet()) {
            if (!tensors.containsKey(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(missing.size() + " parameters of the network are not in the file, first "
                    + missing.subList(0, Math.min(3, missing.size())));
        }
        for (String k : tensors.keySet()) {
            if (!parameters.containsKey(k)) {
                throw new IllegalArgumentException("the file holds parameter '" + k + "', which the network built from"
                        + " the spec does not have");
            }
        }
        parameters.forEach((k, p) -> {
            long[] want = p.getArray().getShape().getShape();
            SafeTensors.Tensor t = tensors.get(k);
            if (!Arrays.equals(want, t.shape())) {
                throw new IllegalArgumentException("parameter '" + k + "' is " + Arrays.toString(t.shape())
                        + " in the file but " + Arrays.toString(want) + " in the network the spec builds");
            }
        });
        parameters.forEach((k, p) -> p.getArray().set(tensors.get(k).values()));
    }

    /**
     * Class logits of a batch of windows, in {@code step}'s manager.
     *
     * @param data (B, C, T) samples in the contract's unit
     * @param sensors (B, C, SensorFeatures.COUNT)
     * @param mask (B, C), 1 for a real channel, 0 for padding
     * @return (B, classes)
     */
    public NDArray logits(NDArray data, NDArray sensors, NDArray mask) {
        return logits(data, sensors, mask, false);
    }

    /**
     * As {@link #logits(NDArray, NDArray, NDArray)}; with {@code codesChecked} the caller vouches that every real
     * channel's sensor type code is valid (features made by {@code SensorFeatures.of} from channels are), and the
     * encoder reads no input value back to the host: the whole forward pass stays on the device.
     */
    public NDArray logits(NDArray data, NDArray sensors, NDArray mask, boolean codesChecked) {
        String kept = spec.encoder().modality();
        PairList<String, Object> params = new PairList<>();
        if (codesChecked) {
            params.add(SensorTokenEncoder.CODES_CHECKED, Boolean.TRUE);
        }
        NDList enc = encoder.forward(store, new NDList(data, sensors, mask), false, params);
        NDArray t = enc.get(0);
        Shape s = t.getShape();
        NDArray tokens = t.reshape(s.get(0), s.get(1) * s.get(2), s.get(3));
        NDArray imputed = imputation == null ? null : imputation.forward(store, new NDList(tokens), false).get(0);
        NDList in = new NDList();
        for (FusionSpec.Input input : spec.fusion().inputs()) {
            in.add(input.modality().equals(kept) ? tokens : imputed);
        }
        in.add(data.getManager().ones(new Shape(s.get(0), spec.fusion().modalities()), DataType.FLOAT32));
        return fusion.forward(store, in, false).get(0);
    }

    /** Class probabilities (softmax of {@link #logits}), (B, classes). */
    public NDArray probabilities(NDArray data, NDArray sensors, NDArray mask) {
        return logits(data, sensors, mask).softmax(1);
    }

    /** Class probabilities of {@link #logits(NDArray, NDArray, NDArray, boolean)}, (B, classes). */
    public NDArray probabilities(NDArray data, NDArray sensors, NDArray mask, boolean codesChecked) {
        return logits(data, sensors, mask, codesChecked).softmax(1);
    }

    @Override
    public void close() {
        manager.close();
    }
}
