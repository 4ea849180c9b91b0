package org.neurofusion.modalities.fmri;

/**
 * Where each header field sits in NIfTI-1 (348 bytes, float32 and int16 fields) and NIfTI-2 (540 bytes, float64
 * and int64 fields), from the two standards' header structures. Reader and writer both use these offsets.
 * Widths are in bytes; a "real" field is a float of that width, an "integer" field a signed integer of that width,
 * except {@code slice_code}, {@code xyzt_units} and {@code dim_info}, unsigned bytes in NIfTI-1.
 */
enum NiftiLayout {
    V1(348, 344, 4, 2, 4, 2, 1,
            70, 72, 40, 56, 76, 108, 112, 116, 124, 128, 132, 136, 74, 120, 148, 228, 252, 254, 256, 280, 122,
            123, 68, 328, 39),
    V2(540, 4, 8, 8, 8, 4, 4,
            12, 14, 16, 80, 104, 168, 176, 184, 192, 200, 208, 216, 224, 232, 240, 320, 344, 348, 352, 400, 496,
            500, 504, 508, 524);

    final int sizeofHdr;
    final int magic;
    final int magicLength;
    /** Width of {@code dim}, {@code slice_start}, {@code slice_end} (and, in NIfTI-2, {@code vox_offset}). */
    final int dimWidth;
    /** Width of every floating-point field. */
    final int realWidth;
    /** Width of {@code qform_code}, {@code sform_code}, {@code intent_code}. */
    final int codeWidth;
    /** Width of {@code slice_code} and {@code xyzt_units}. */
    final int smallCodeWidth;
    final int datatype;
    final int bitpix;
    final int dim;
    final int intentP1;
    final int pixdim;
    final int voxOffset;
    final int sclSlope;
    final int sclInter;
    final int calMax;
    final int calMin;
    final int sliceDuration;
    final int toffset;
    final int sliceStart;
    final int sliceEnd;
    final int descrip;
    final int auxFile;
    final int qformCode;
    final int sformCode;
    /** {@code quatern_b, c, d}, then {@code qoffset_x, y, z}: six consecutive reals. */
    final int quaternB;
    /** {@code srow_x, srow_y, srow_z}: twelve consecutive reals. */
    final int srowX;
    final int sliceCode;
    final int xyztUnits;
    final int intentCode;
    final int intentName;
    final int dimInfo;

    NiftiLayout(int sizeofHdr, int magic, int magicLength, int dimWidth, int realWidth, int codeWidth,
            int smallCodeWidth, int datatype, int bitpix, int dim, int intentP1, int pixdim, int voxOffset,
            int sclSlope, int sclInter, int calMax, int calMin, int sliceDuration, int toffset, int sliceStart,
            int sliceEnd, int descrip, int auxFile, int qformCode, int sformCode, int quaternB, int srowX,
            int sliceCode, int xyztUnits, int intentCode, int intentName, int dimInfo) {
        this.sizeofHdr = sizeofHdr;
        this.magic = magic;
        this.magicLength = magicLength;
        this.dimWidth = dimWidth;
        this.realWidth = realWidth;
        this.codeWidth = codeWidth;
        this.smallCodeWidth = smallCodeWidth;
        this.datatype = datatype;
        this.bitpix = bitpix;
        this.dim = dim;
        this.intentP1 = intentP1;
        this.pixdim = pixdim;
        this.voxOffset = voxOffset;
        this.sclSlope = sclSlope;
        this.sclInter = sclInter;
        this.calMax = calMax;
        this.calMin = calMin;
        this.sliceDuration = sliceDuration;
        this.toffset = toffset;
        this.sliceStart = sliceStart;
        this.sliceEnd = sliceEnd;
        this.descrip = descrip;
        this.auxFile = auxFile;
        this.qformCode = qformCode;
        this.sformCode = sformCode;
        this.quaternB = quaternB;
        this.srowX = srowX;
        this.sliceCode = sliceCode;
        this.xyztUnits = xyztUnits;
        this.intentCode = intentCode;
        this.intentName = intentName;
        this.dimInfo = dimInfo;
    }

    /** The layout of this NIfTI version. */
    static NiftiLayout of(int version) {
        return version == 1 ? V1 : V2;
    }

    /** Bytes before the data in a single file without extensions: the header and the 4-byte extension flag. */
    int minimumVoxOffset() {
        return sizeofHdr + 4;
    }

    /** The magic of a single file ({@code n+1}) or a header of a pair ({@code ni1}), NUL-padded as written. */
    byte[] magicBytes(boolean single) {
        byte[] m = new byte[magicLength];
        m[0] = 'n';
        m[1] = (byte) (single ? '+' : 'i');
        m[2] = (byte) (this == V1 ? '1' : '2');
        if (this == V2) {
            // NIfTI-2 adds the PNG-style bytes that expose transfers that mangle line ends.
            m[4] = '\r';
            m[5] = '\n';
            m[6] = 0x1a;
            m[7] = '\n';
        }
        return m;
    }
}
