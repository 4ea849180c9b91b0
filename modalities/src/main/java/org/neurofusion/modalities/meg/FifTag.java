package org.neurofusion.modalities.meg;

/**
 * The header of one FIF tag, as stored (four big-endian int32) or as listed in a tag directory: what it holds
 * ({@code kind}), how its data are encoded ({@code type}), how many data bytes follow the 16-byte header
 * ({@code size}) and where the header starts ({@code pos}).
 */
record FifTag(int kind, int type, int size, long pos) {
    /** Where the tag's data start. */
    long dataPos() {
        return pos + FifConstants.TAG_HEADER;
    }

    /** Where the tag's data end (exclusive). */
    long end() {
        return dataPos() + size;
    }

    @Override
    public String toString() {
        return FifConstants.tagName(kind) + " (" + FifConstants.typeName(type) + ", " + size + " bytes) at byte "
                + pos;
    }
}
