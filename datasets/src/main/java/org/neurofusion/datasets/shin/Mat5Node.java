package org.neurofusion.datasets.shin;

import java.nio.file.Path;
import java.util.List;
import us.hebi.matlab.mat.types.Array;
import us.hebi.matlab.mat.types.Cell;
import us.hebi.matlab.mat.types.Char;
import us.hebi.matlab.mat.types.Matrix;
import us.hebi.matlab.mat.types.Struct;

/** A value of a MATLAB v5/v7 file, read through MFL. */
final class Mat5Node extends MatNode {
    private final Array array;

    Mat5Node(Path file, String path, Array array) {
        super(file, path);
        this.array = array;
    }

    @Override
    String matlabClass() {
        return switch (array.getType()) {
            case Cell -> "cell";
            case Structure, Object -> "struct";
            case Character -> "char";
            case Sparse -> "sparse";
            case Double -> array instanceof Matrix m && m.isLogical() ? "logical" : "double";
            case Single -> "single";
            case Int8 -> "int8";
            case UInt8 -> array instanceof Matrix m && m.isLogical() ? "logical" : "uint8";
            case Int16 -> "int16";
            case UInt16 -> "uint16";
            case Int32 -> "int32";
            case UInt32 -> "uint32";
            case Int64 -> "int64";
            case UInt64 -> "uint64";
            case Function -> "function_handle";
            case Opaque -> "opaque";
        };
    }

    @Override
    int[] dims() {
        return array.getDimensions().clone();
    }

    @Override
    List<String> fieldNamesUnchecked() {
        return List.copyOf(((Struct) array).getFieldNames());
    }

    @Override
    MatNode fieldUnchecked(String name, int index, String childPath) {
        return new Mat5Node(file, childPath, ((Struct) array).get(name, index));
    }

    @Override
    MatNode cellUnchecked(int index) {
        return new Mat5Node(file, path + "{" + (index + 1) + "}", ((Cell) array).get(index));
    }

    @Override
    double[] valuesUnchecked() {
        Matrix m = (Matrix) array;
        if (m.isComplex()) {
            throw mismatch("a real numeric array");
        }
        double[] out = new double[m.getNumElements()];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.getDouble(i);
        }
        return out;
    }

    @Override
    char[] charsUnchecked() {
        Char c = (Char) array;
        char[] out = new char[c.getNumElements()];
        for (int i = 0; i < out.length; i++) {
            out[i] = c.getChar(i);
        }
        return out;
    }
}
