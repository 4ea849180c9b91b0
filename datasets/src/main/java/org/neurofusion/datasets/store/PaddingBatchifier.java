package org.neurofusion.datasets.store;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import java.util.Arrays;

/**
 * Stacks examples whose arrays may differ in their first axis (channels), which DJL's {@code StackBatchifier}
 * refuses: each array of an example is padded with zeros along axis 0 to the largest size among the batch's
 * examples, then the examples are stacked into a new batch axis. With {@link WindowDataset}'s examples this pads
 * data ({@code m}: C × T) and sensor features ({@code m_sensors}: C × {@code SensorFeatures.COUNT}) with zeros and
 * masks ({@code m_mask}: C) with 0, so padded channels are marked as such; scalars (the label) are stacked as they
 * are. Every other axis must agree across the batch; when it does not (two windows of one modality with different
 * sample counts), the error names the array, both examples' positions in the batch and their shapes.
 *
 * <p>{@link #unbatchify} splits a batch back into examples without removing padding: an example keeps the batch's
 * channel count, its padded rows are zero and its mask says which rows are real.
 */
public final class PaddingBatchifier implements Batchifier {
    private static final long serialVersionUID = 1L;

    @Override
    public NDList batchify(NDList[] inputs) {
        if (inputs.length == 0) {
            throw new IllegalArgumentException("cannot batchify zero examples");
        }
        int n = inputs[0].size();
        NDList out = new NDList(n);
        for (int j = 0; j < n; j++) {
            NDArray first = inputs[0].get(j);
            Shape shape = first.getShape();
            long rows = shape.dimension() == 0 ? 0 : shape.get(0);
            for (int i = 1; i < inputs.length; i++) {
                if (inputs[i].size() != n) {
                    throw new IllegalArgumentException("example " + i + " of the batch has " + inputs[i].size()
                            + " arrays, example 0 has " + n);
                }
                NDArray a = inputs[i].get(j);
                Shape s = a.getShape();
                if (!java.util.Objects.equals(first.getName(), a.getName()) || s.dimension() != shape.dimension()
                        || (s.dimension() > 0 && !tail(s).equals(tail(shape)))) {
                    throw new IllegalArgumentException("array " + j + " ('" + first.getName() + "') of example 0 has"
                            + " shape " + shape + " but array " + j + " ('" + a.getName() + "') of example " + i
                            + " has shape " + s + ": only the first axis (channels) may differ within a batch");
                }
                if (s.dimension() > 0) {
                    rows = Math.max(rows, s.get(0));
                }
            }
            NDList parts = new NDList(inputs.length);
            for (NDList example : inputs) {
                parts.add(padded(example.get(j), rows));
            }
            NDArray batch = NDArrays.stack(parts);
            batch.setName(first.getName());
            out.add(batch);
        }
        return out;
    }

    @Override
    public NDList[] unbatchify(NDList inputs) {
        if (inputs.isEmpty()) {
            return new NDList[0];
        }
        int size = Math.toIntExact(inputs.get(0).getShape().get(0));
        NDList[] out = new NDList[size];
        for (int i = 0; i < size; i++) {
            out[i] = new NDList(inputs.size());
        }
        for (NDArray a : inputs) {
            if (a.getShape().dimension() == 0 || a.getShape().get(0) != size) {
                throw new IllegalArgumentException("array '" + a.getName() + "' of shape " + a.getShape()
                        + " does not have the batch's " + size + " examples on its first axis");
            }
            NDList pieces = a.split(size);
            for (int i = 0; i < size; i++) {
                NDArray e = pieces.get(i).squeeze(0);
                e.setName(a.getName());
                out[i].add(e);
            }
        }
        return out;
    }

    @Override
    public NDList[] split(NDList list, int numOfSlices, boolean evenSplit) {
        if (list.isEmpty()) {
            return new NDList[0];
        }
        long size = list.get(0).getShape().get(0);
        if (numOfSlices < 1) {
            throw new IllegalArgumentException("a batch is split into at least 1 slice, got " + numOfSlices);
        }
        if (size == 0) {
            return new NDList[0];
        }
        if (evenSplit && size % numOfSlices != 0) {
            throw new IllegalArgumentException("a batch of " + size + " cannot be split evenly into " + numOfSlices);
        }
        int slices = (int) Math.min(numOfSlices, size);
        long step = (size + slices - 1) / slices;
        long[] cuts = new long[slices - 1];
        for (int k = 0; k < cuts.length; k++) {
            cuts[k] = Math.min(size, step * (k + 1));
        }
        NDList[] out = new NDList[slices];
        for (int k = 0; k < slices; k++) {
            out[k] = new NDList(list.size());
        }
        for (NDArray a : list) {
            NDList pieces = a.split(cuts);
            for (int k = 0; k < slices; k++) {
                NDArray p = pieces.get(k);
                p.setName(a.getName());
                out[k].add(p);
            }
        }
        return out;
    }

    private static NDArray padded(NDArray a, long rows) {
        Shape s = a.getShape();
        if (s.dimension() == 0 || s.get(0) == rows) {
            return a;
        }
        long[] dims = s.getShape();
        dims[0] = rows - s.get(0);
        return a.concat(a.getManager().zeros(new Shape(dims), a.getDataType()), 0);
    }

    private static Shape tail(Shape s) {
        return new Shape(Arrays.copyOfRange(s.getShape(), 1, s.dimension()));
    }
}
