package org.neurofusion.modalities.eeg;

import java.util.Locale;
import java.util.Optional;

/** The binary sample types of a BrainVision data file ({@code [Binary Infos] BinaryFormat}). */
enum BrainVisionSampleFormat {
    INT_16(2),
    INT_32(4),
    IEEE_FLOAT_32(4);

    private final int bytes;

    BrainVisionSampleFormat(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per sample. */
    int bytes() {
        return bytes;
    }

    /** The format with this header name, if known. */
    static Optional<BrainVisionSampleFormat> parse(String name) {
        String n = name.strip().toUpperCase(Locale.ROOT);
        for (BrainVisionSampleFormat f : values()) {
            if (f.name().equals(n)) {
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }
}
