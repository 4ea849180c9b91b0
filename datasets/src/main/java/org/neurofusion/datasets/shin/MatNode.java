package org.neurofusion.datasets.shin;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.neurofusion.core.CorruptRecordingException;

/**
 * One value inside a MATLAB file (v5/v7 through MFL, v7.3 through jHDF), seen the same way whatever the file
 * version: its MATLAB class, its size, and checked accessors that refuse a value of the wrong shape with a
 * {@link CorruptRecordingException} naming the file, the variable path as MATLAB writes it ({@code cnt{3}.x},
 * {@code mnt.source.pos_3d}) and the class and size found versus expected.
 *
 * <p>A node is valid only while its file is open: read what is needed inside {@link MatFiles#read}.
 */
abstract class MatNode {
    private static final Set<String> NUMERIC = Set.of("double", "single", "int8", "uint8", "int16", "uint16",
            "int32", "uint32", "int64", "uint64", "logical");

    final Path file;
    final String path;

    MatNode(Path file, String path) {
        this.file = file;
        this.path = path;
    }

    /** The MATLAB class: {@code double}, {@code char}, {@code cell}, {@code struct}, ... */
    abstract String matlabClass();

    /** The MATLAB size (at least two dimensions). */
    abstract int[] dims();

    /** Field names of a struct, in file order. */
    abstract List<String> fieldNamesUnchecked();

    /** Field {@code name} of element {@code index} (0-based) of a struct or struct array, named {@code childPath}. */
    abstract MatNode fieldUnchecked(String name, int index, String childPath);

    /** Element {@code index} (0-based, column-major) of a cell array. */
    abstract MatNode cellUnchecked(int index);

    /** All values of a numeric or logical array, column-major, as float64. */
    abstract double[] valuesUnchecked();

    /** All characters of a char array, column-major. */
    abstract char[] charsUnchecked();

    final int numel() {
        int n = 1;
        for (int d : dims()) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    final boolean isStruct() {
        return matlabClass().equals("struct");
    }

    final boolean isCell() {
        return matlabClass().equals("cell");
    }

    final boolean isChar() {
        return matlabClass().equals("char");
    }

    final boolean isNumeric() {
        return NUMERIC.contains(matlabClass());
    }

    /** "double 120×32", as messages show a value. */
    final String describe() {
        return matlabClass() + " " + Arrays.stream(dims()).mapToObj(Integer::toString).collect(Collectors.joining("×"));
    }

    /** The error for a value that is not what the layout says: file, path, found versus expected. */
    final CorruptRecordingException mismatch(String expected) {
        return new CorruptRecordingException(file, -1, path + ": expected " + expected + ", found " + describe());
    }

    /** The error for a value of the right shape whose content contradicts the layout. */
    final CorruptRecordingException invalid(String problem) {
        return new CorruptRecordingException(file, -1, path + ": " + problem);
    }

    final boolean hasField(String name) {
        return isStruct() && fieldNamesUnchecked().contains(name);
    }

    /** Field of a scalar struct. */
    final MatNode field(String name) {
        if (!isStruct() || numel() != 1) {
            throw mismatch("a 1×1 struct with field '" + name + "'");
        }
        List<String> names = fieldNamesUnchecked();
        if (!names.contains(name)) {
            throw new CorruptRecordingException(file, -1, path + ": missing field '" + name + "' (fields: " + names
                    + ")");
        }
        return fieldUnchecked(name, 0, path + "." + name);
    }

    /**
     * Element {@code index} (0-based) of a cell array ({@code cnt{i}}) or of a struct array ({@code cnt(i)}), so
     * that either MATLAB way of storing several sessions can be read.
     */
    final MatNode element(int index) {
        if (!isCell() && !isStruct()) {
            throw mismatch("a cell array or struct array");
        }
        if (index < 0 || index >= numel()) {
            throw mismatch("at least " + (index + 1) + " elements");
        }
        return isCell() ? cellUnchecked(index) : new StructElement(this, index);
    }

    /** All values of a numeric array, column-major. */
    final double[] values() {
        if (!isNumeric()) {
            throw mismatch("a numeric array");
        }
        return valuesUnchecked();
    }

    /** A finite numeric scalar. */
    final double scalar() {
        if (!isNumeric() || numel() != 1) {
            throw mismatch("a numeric scalar");
        }
        double v = valuesUnchecked()[0];
        if (!Double.isFinite(v)) {
            throw invalid("expected a finite number, found " + v);
        }
        return v;
    }

    /** A numeric matrix with exactly two dimensions; {@code rows} or {@code cols} of -1 accept any count. */
    final double[] matrix(int rows, int cols, String what) {
        int[] d = dims();
        if (!isNumeric() || d.length != 2 || (rows >= 0 && d[0] != rows) || (cols >= 0 && d[1] != cols)) {
            throw mismatch("numeric " + (rows < 0 ? "N" : rows) + "×" + (cols < 0 ? "M" : cols) + " (" + what + ")");
        }
        return valuesUnchecked();
    }

    /** A numeric vector (1×N or N×1, or empty). */
    final double[] vector(String what) {
        int[] d = dims();
        if (!isNumeric() || d.length != 2 || (d[0] > 1 && d[1] > 1)) {
            throw mismatch("a numeric vector (" + what + ")");
        }
        return valuesUnchecked();
    }

    /** A char row vector as a string. */
    final String string() {
        int[] d = dims();
        if (!isChar() || d.length != 2 || d[0] > 1) {
            throw mismatch("a char row vector");
        }
        return new String(charsUnchecked());
    }

    /**
     * A list of names: a cell array of char row vectors (as MATLAB's cellstr), or a char matrix, one name a row,
     * trailing blanks removed (as {@code char()} pads them).
     */
    final List<String> strings() {
        if (isCell()) {
            List<String> out = new ArrayList<>(numel());
            for (int i = 0; i < numel(); i++) {
                out.add(cellUnchecked(i).string());
            }
            return out;
        }
        int[] d = dims();
        if (isChar() && d.length == 2) {
            char[] c = charsUnchecked();
            List<String> out = new ArrayList<>(d[0]);
            for (int r = 0; r < d[0]; r++) {
                StringBuilder b = new StringBuilder(d[1]);
                for (int k = 0; k < d[1]; k++) {
                    b.append(c[r + k * d[0]]);
                }
                out.add(b.toString().stripTrailing());
            }
            return out;
        }
        throw mismatch("a cell array of strings or a char matrix");
    }

    /** One element of a struct array, as a scalar struct: {@code cnt(3)}. */
    private static final class StructElement extends MatNode {
        private final MatNode array;
        private final int index;

        StructElement(MatNode array, int index) {
            super(array.file, array.path + "(" + (index + 1) + ")");
            this.array = array;
            this.index = index;
        }

        @Override
        String matlabClass() {
            return "struct";
        }

        @Override
        int[] dims() {
            return new int[] {1, 1};
        }

        @Override
        List<String> fieldNamesUnchecked() {
            return array.fieldNamesUnchecked();
        }

        @Override
        MatNode fieldUnchecked(String name, int i, String childPath) {
            return array.fieldUnchecked(name, index, childPath);
        }

        @Override
        MatNode cellUnchecked(int i) {
            throw mismatch("a cell array");
        }

        @Override
        double[] valuesUnchecked() {
            throw mismatch("a numeric array");
        }

        @Override
        char[] charsUnchecked() {
            throw mismatch("a char array");
        }
    }
}
