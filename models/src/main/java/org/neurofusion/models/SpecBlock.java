package org.neurofusion.models;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block whose every parameter is its own, declared from a spec record ({@link EncoderSpec}, {@link FusionSpec},
 * {@link ImputationSpec}) in a fixed order (the order is the initialisation order, so a seed reproduces the
 * weights), with the shapes known before initialisation. Every block declares its layers through the same helpers,
 * so they initialise them the same way.
 *
 * @param <S> the spec record type
 */
abstract class SpecBlock<S> extends AbstractBlock {
    /** Standard deviation of the normal initialisation of embedding tables and queries. */
    static final float INIT_STD = 0.02f;

    protected final S spec;

    SpecBlock(byte version, S spec, String what) {
        super(version);
        if (spec == null) {
            throw new IllegalArgumentException(what + " needs a spec, got null");
        }
        this.spec = spec;
    }

    /** The spec this block was built from. */
    public S spec() {
        return spec;
    }

    /** Each parameter's name and the shape the spec gives it, in initialisation order. */
    public Map<String, Shape> expectedShapes() {
        Map<String, Shape> out = new LinkedHashMap<>();
        for (Parameter p : parameters.values()) {
            out.put(p.getName(), p.getShape());
        }
        return out;
    }

    /** Total number of trainable values, from the spec alone (no initialisation needed). */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : parameters.values()) {
            n += p.getShape().size();
        }
        return n;
    }

    /**
     * Checks that {@code loaded} holds exactly the parameters in {@code expected}, each with its shape.
     *
     * @throws ParameterShapeException naming {@code what} and the first parameter that is missing, unexpected,
     *         uninitialised or of the wrong shape, with both shapes
     */
    static void checkShapes(String what, Map<String, Shape> expected, ParameterList loaded) {
        Map<String, Parameter> seen = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : loaded) {
            seen.put(p.getValue().getName(), p.getValue());
        }
        for (Map.Entry<String, Shape> e : expected.entrySet()) {
            Parameter p = seen.get(e.getKey());
            if (p == null) {
                throw new ParameterShapeException(what + ": parameter '" + e.getKey() + "' " + e.getValue()
                        + " that the spec defines is missing");
            }
            if (!p.isInitialized()) {
                throw new ParameterShapeException(what + ": parameter '" + e.getKey() + "' has no value");
            }
            Shape actual = p.getArray().getShape();
            if (!actual.equals(e.getValue())) {
                throw new ParameterShapeException(what + ": parameter '" + e.getKey() + "' has shape " + actual
                        + " but the spec expects " + e.getValue());
            }
        }
        for (String name : seen.keySet()) {
            if (!expected.containsKey(name)) {
                throw new ParameterShapeException(what + ": parameter '" + name + "' is not in the spec");
            }
        }
    }

    final void linear(String name, int in, int out) {
        linear(name, in, out, true);
    }

    final void linear(String name, int in, int out, boolean bias) {
        // Glorot-normal: with the BERT-style 0.02 of the tables, a width-64 stack shrinks the window's own signal
        // about sixfold per layer, every window starts at one point, and InfoNCE has no gradient to leave it by.
        param(name + ".weight", Parameter.Type.WEIGHT, new Shape(out, in),
                new NormalInitializer((float) Math.sqrt(2.0 / (in + out))));
        if (bias) {
            param(name + ".bias", Parameter.Type.BIAS, new Shape(out), Initializer.ZEROS);
        }
    }

    final void table(String name, int rows, int width) {
        param(name, Parameter.Type.WEIGHT, new Shape(rows, width), new NormalInitializer(INIT_STD));
    }

    final void norm(String name, int width) {
        param(name + ".gamma", Parameter.Type.GAMMA, new Shape(width), Initializer.ONES);
        param(name + ".beta", Parameter.Type.BETA, new Shape(width), Initializer.ZEROS);
    }

    final void attention(String name, int width) {
        linear(name + ".q", width, width);
        // a key bias adds the same amount to every score of a query: softmax cancels it, so it would never learn
        linear(name + ".k", width, width, false);
        linear(name + ".v", width, width);
        linear(name + ".out", width, width);
    }

    final void mlp(String name, int width, int hidden) {
        linear(name + ".fc1", width, hidden);
        linear(name + ".fc2", hidden, width);
    }

    final void param(String name, Parameter.Type type, Shape shape, Initializer init) {
        addParameter(Parameter.builder().setName(name).setType(type).optShape(shape).optInitializer(init).build());
    }
}
