package org.neurofusion.modalities.fmri;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One header extension of a NIfTI file, kept as raw bytes: its code ({@code ecode}: 6 comment, 4 AFNI, 2 DICOM,
 * ...) and its content. As nibabel does, trailing NUL bytes (the padding to a multiple of 16) are not part of the
 * content; the writer pads again.
 */
public record NiftiExtension(int code, byte[] content) {
    public NiftiExtension {
        content = content.clone();
    }

    /** A copy of the content. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content as text (UTF-8), e.g. for comment extensions (code 6). */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** The content length without the padding. */
    public int length() {
        return content.length;
    }

    /** Bytes on disk: the 8-byte size and code, the content, and zeros up to a multiple of 16. */
    public int sizeOnDisk() {
        int n = 8 + content.length;
        return (n + 15) / 16 * 16;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NiftiExtension e && e.code == code && Arrays.equals(e.content, content);
    }

    @Override
    public int hashCode() {
        return 31 * code + Arrays.hashCode(content);
    }

    @Override
    public String toString() {
        return "NiftiExtension[code=" + code + ", " + content.length + " bytes]";
    }
}
