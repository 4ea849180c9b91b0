package org.neurofusion.datasets.shin;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.object.datatype.Reference;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurofusion.modalities.io.Hdf5Bounds;

/**
 * A value of a MATLAB v7.3 file (HDF5), read through jHDF, following the layout MATLAB writes: every variable
 * carries a {@code MATLAB_class} attribute; arrays are datasets whose HDF5 dimensions are the MATLAB size
 * reversed (so HDF5's row-major order is MATLAB's column-major order); char arrays are uint16 code units; an
 * empty array is a dataset marked {@code MATLAB_empty} whose content is its size; a scalar struct is a group
 * of fields; cell arrays, and the fields of struct arrays, are datasets of object references into
 * {@code #refs#}.
 */
final class Mat73Node extends MatNode {
    private final HdfFile hdf;
    private final Node node;

    /** The file's size in bytes, read once when it is opened: the bound of every dataset's declared size. */
    private final long fileSize;

    Mat73Node(Path file, String path, HdfFile hdf, Node node, long fileSize) {
        super(file, path);
        this.hdf = hdf;
        this.node = node;
        this.fileSize = fileSize;
    }

    @Override
    String matlabClass() {
        String c = attributeString(node, "MATLAB_class");
        if (c != null) {
            return c;
        }
        // Struct-array fields and some writers omit the class: fall back on what HDF5 says.
        if (node.isGroup()) {
            return "struct";
        }
        Dataset d = (Dataset) node;
        if (d.getDataType() instanceof Reference) {
            return "cell";
        }
        Class<?> t = d.getJavaType();
        return t == float.class ? "single" : t == String.class ? "char" : "double";
    }

    @Override
    int[] dims() {
        if (node.isGroup()) {
            return new int[] {1, 1};
        }
        Dataset d = (Dataset) node;
        if (isEmptyMarked()) {
            double[] sz = flat(dataFlat(d));
            int[] out = new int[Math.max(2, sz.length)];
            for (int i = 0; i < sz.length; i++) {
                out[i] = (int) sz[i];
            }
            return out;
        }
        int[] h = d.getDimensions();
        if (h.length == 0) {
            return new int[] {1, 1};
        }
        int[] out = new int[Math.max(2, h.length)];
        java.util.Arrays.fill(out, 1);
        for (int i = 0; i < h.length; i++) {
            out[i] = h[h.length - 1 - i];
        }
        return out;
    }

    @Override
    List<String> fieldNamesUnchecked() {
        List<String> names = new ArrayList<>(((Group) node).getChildren().keySet());
        // MATLAB lists the fields in MATLAB_fields; HDF5 link order is the fallback when it cannot be read.
        String[] declared = fieldsAttribute();
        if (declared != null && declared.length == names.size() && names.containsAll(List.of(declared))) {
            return List.of(declared);
        }
        return List.copyOf(names);
    }

    @Override
    MatNode fieldUnchecked(String name, int index, String childPath) {
        Node child = ((Group) node).getChild(name);
        if (isReferenceArrayField(child)) {
            // A struct array: each field holds one reference per element.
            long[] refs = references((Dataset) child);
            if (index >= refs.length) {
                throw mismatch("a struct array with at least " + (index + 1) + " elements in field '" + name + "'");
            }
            return new Mat73Node(file, childPath, hdf, hdf.getNodeByAddress(refs[index]), fileSize);
        }
        return new Mat73Node(file, childPath, hdf, child, fileSize);
    }

    @Override
    MatNode cellUnchecked(int index) {
        long[] refs = references((Dataset) node);
        return new Mat73Node(file, path + "{" + (index + 1) + "}", hdf, hdf.getNodeByAddress(refs[index]), fileSize);
    }

    @Override
    double[] valuesUnchecked() {
        if (node.isGroup() || isEmptyMarked()) {
            return new double[0];
        }
        return flat(dataFlat((Dataset) node));
    }

    @Override
    char[] charsUnchecked() {
        if (isEmptyMarked()) {
            return new char[0];
        }
        Object data = dataFlat((Dataset) node);
        if (data instanceof String[] s) {
            return String.join("", s).toCharArray();
        }
        double[] codes = flat(data);
        char[] out = new char[codes.length];
        for (int i = 0; i < codes.length; i++) {
            out[i] = (char) codes[i];
        }
        return out;
    }

    /**
     * A dataset's values, after {@link Hdf5Bounds#checkDataset} has refused a declared size the file cannot hold
     * (jHDF would allocate it before finding out).
     */
    private Object dataFlat(Dataset d) {
        Hdf5Bounds.checkDataset(file, fileSize, d);
        return d.getDataFlat();
    }

    /** A struct group's field that is a bare reference dataset (no MATLAB_class) belongs to a struct array. */
    private boolean isReferenceArrayField(Node child) {
        return !child.isGroup() && ((Dataset) child).getDataType() instanceof Reference
                && attributeString(child, "MATLAB_class") == null;
    }

    private boolean isEmptyMarked() {
        return !node.isGroup() && node.getAttribute("MATLAB_empty") != null
                && flat(node.getAttribute("MATLAB_empty").getData())[0] != 0;
    }

    private long[] references(Dataset d) {
        if (!(d.getDataType() instanceof Reference)) {
            throw mismatch("an array of object references");
        }
        Object data = dataFlat(d);
        long[] out = new long[Array.getLength(data)];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) Array.get(data, i)).longValue();
        }
        return out;
    }

    private String[] fieldsAttribute() {
        Attribute a = node.getAttribute("MATLAB_fields");
        if (a == null) {
            return null;
        }
        try {
            Object data = a.getData();
            int n = Array.getLength(data);
            String[] out = new String[n];
            for (int i = 0; i < n; i++) {
                Object e = Array.get(data, i);
                out[i] = e instanceof String s ? s : e == null ? "" : charsOf(e);
            }
            return out;
        } catch (RuntimeException e) {
            // A variable-length attribute jHDF cannot decode: field order falls back on link order.
            return null;
        }
    }

    private static String charsOf(Object array) {
        if (!array.getClass().isArray()) {
            return array.toString();
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Array.getLength(array); i++) {
            Object c = Array.get(array, i);
            b.append(c instanceof Character ch ? ch : c instanceof String s ? s : (char) ((Number) c).intValue());
        }
        return b.toString();
    }

    private static String attributeString(Node n, String name) {
        Attribute a = n.getAttribute(name);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v != null && v.getClass().isArray() && Array.getLength(v) == 1 && Array.get(v, 0) instanceof String s) {
            return s;
        }
        return null;
    }

    private static double[] flat(Object data) {
        if (data instanceof double[] d) {
            return d;
        }
        if (data == null || !data.getClass().isArray()) {
            return new double[] {((Number) data).doubleValue()};
        }
        int n = Array.getLength(data);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            Object v = Array.get(data, i);
            out[i] = v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).doubleValue();
        }
        return out;
    }
}
