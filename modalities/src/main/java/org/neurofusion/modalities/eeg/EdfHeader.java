package org.neurofusion.modalities.eeg;

import java.time.LocalDateTime;
import java.util.List;

/**
 * The fixed and per-signal header of an EDF, EDF+, BDF or BDF+ file, checked against the file's size.
 *
 * @param bdf whether samples are 24-bit (BDF) rather than 16-bit (EDF)
 * @param plus whether the file is EDF+/BDF+ (has annotation signals and structured subfields)
 * @param discontinuous whether the file is EDF+D/BDF+D
 * @param start start date and time to the second (the sub-second part is in the first time-keeping TAL)
 * @param recordCount number of data records present in the file
 * @param recordDuration seconds per data record (0 only for annotation-only files)
 * @param recordBytes bytes per data record
 */
record EdfHeader(boolean bdf, boolean plus, boolean discontinuous, String versionField, String patient,
        String recording, LocalDateTime start, int headerBytes, String reserved, long recordCount,
        long declaredRecordCount, double recordDuration, List<EdfSignal> signals, long recordBytes) {

    /** Bytes per sample: 3 for BDF, 2 for EDF. */
    int bytesPerSample() {
        return bdf ? 3 : 2;
    }

    /** Format name and variant as reported by {@code Recording.format()}. */
    String formatName() {
        String base = bdf ? "BDF" : "EDF";
        return plus ? base + (discontinuous ? "+D" : "+C") : base;
    }

    /** The byte offset of data record {@code r}. */
    long recordOffset(long r) {
        return headerBytes + r * recordBytes;
    }
}
