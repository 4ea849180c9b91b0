package org.neurofusion.modalities.fmri;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * The voxel types of NIfTI-1 and NIfTI-2 this project reads and writes, with their header codes and the names
 * NumPy (and so nibabel) gives them. Complex, RGB, binary and 128-bit types are known by name and refused.
 */
public enum NiftiDataType {
    UINT8(2, "uint8", 'u', 1),
    INT16(4, "int16", 'i', 2),
    INT32(8, "int32", 'i', 4),
    FLOAT32(16, "float32", 'f', 4),
    FLOAT64(64, "float64", 'f', 8),
    INT8(256, "int8", 'i', 1),
    UINT16(512, "uint16", 'u', 2),
    UINT32(768, "uint32", 'u', 4),
    INT64(1024, "int64", 'i', 8),
    UINT64(1280, "uint64", 'u', 8);

    /** Codes the NIfTI standard defines for types that have no single real value per voxel. */
    private static final Map<Integer, String> REFUSED = Map.of(1, "binary (1 bit)", 32, "complex64", 128, "RGB24",
            1536, "float128", 1792, "complex128", 2048, "complex256", 2304, "RGBA32");

    private final int code;
    private final String numpyName;
    private final char kind;
    private final int bytes;

    NiftiDataType(int code, String numpyName, char kind, int bytes) {
        this.code = code;
        this.numpyName = numpyName;
        this.kind = kind;
        this.bytes = bytes;
    }

    /** The value of the header's {@code datatype} field. */
    public int code() {
        return code;
    }

    /** The NumPy name: {@code int16}, {@code float32}, ... */
    public String numpyName() {
        return numpyName;
    }

    /** Bytes per voxel (the header's {@code bitpix} / 8). */
    public int bytes() {
        return bytes;
    }

    /** Whether the stored values are integers (signed or not). */
    public boolean isInteger() {
        return kind != 'f';
    }

    /** Whether the stored values are unsigned integers. */
    public boolean isUnsigned() {
        return kind == 'u';
    }

    /**
     * NumPy's type string for data in this byte order, as {@code str(dtype)} prints it for an image nibabel
     * loads: the bare name for little-endian data ({@code int16}), {@code >i2} for big-endian, the bare name for
     * one-byte types in either order.
     */
    public String numpyTypeString(ByteOrder order) {
        if (bytes == 1 || order == ByteOrder.LITTLE_ENDIAN) {
            return numpyName;
        }
        return ">" + kind + bytes;
    }

    /**
     * The type with this header code.
     *
     * @param offset byte offset of the {@code datatype} field, for the message
     * @throws UnsupportedFormatException naming the type when the standard defines it but it has no real value per
     *     voxel (complex, RGB, ...)
     * @throws CorruptRecordingException when the code is not one the standard defines
     */
    static NiftiDataType fromCode(int code, Path file, long offset) {
        for (NiftiDataType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        String refused = REFUSED.get(code);
        if (refused != null) {
            throw new UnsupportedFormatException(file, offset, "NIfTI datatype " + code + " (" + refused
                    + ") is not supported: only real-valued voxels are read (uint8, int8, int16, uint16, int32, uint32,"
                    + " int64, uint64, float32, float64)");
        }
        throw new CorruptRecordingException(file, offset, "unknown NIfTI datatype code " + code);
    }

    /** The type with this NumPy name ({@code int16}). */
    public static NiftiDataType fromNumpyName(String name) {
        for (NiftiDataType t : values()) {
            if (t.numpyName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown NIfTI datatype '" + name + "'; known: "
                + java.util.Arrays.stream(values()).map(NiftiDataType::numpyName).toList());
    }
}
