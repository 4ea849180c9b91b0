package org.neurofusion.modalities.eeg;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;

/**
 * Opens BrainVision recordings (BrainProducts' {@code .vhdr} header, {@code .vmrk} markers and binary
 * {@code .eeg} data; header versions 1.0 and 2.0) as lazy, random-access {@link Recording}s in SI units.
 * Channel types, scaling, sensor positions, annotations and start time agree with MNE-Python 1.3.
 *
 * <p>Opening reads the header and marker files only; samples are read from the memory-mapped data file
 * when asked for. Every problem with the files raises a {@link RecordingException} subtype whose message
 * names the file and the line or byte where the problem lies. Inconsistencies MNE tolerates (a data file
 * shorter than {@code DataPoints} or ending in a partial sample frame, markers beyond the data) are
 * tolerated the same way and reported in the {@code Warnings} header field and the log.
 */
public final class BrainVisionReader {
    private static final System.Logger LOG = System.getLogger(BrainVisionReader.class.getName());

    private BrainVisionReader() {
    }

    /**
     * Opens the recording described by a header file.
     *
     * @param vhdr the {@code .vhdr} file; the data and marker files are found relative to its folder
     * @throws RecordingException (or a subtype) naming the file and the problem when it cannot be read
     */
    public static Recording open(Path vhdr) {
        Objects.requireNonNull(vhdr, "vhdr");
        BrainVisionHeader h = BrainVisionHeader.read(vhdr);
        List<String> warnings = new ArrayList<>();
        h.warnings.forEach(w -> warnings.add(vhdr.getFileName() + ": " + w));
        long size;
        try {
            size = Files.size(h.dataFile);
        } catch (IOException e) {
            throw new RecordingException(h.dataFile, -1, "data file cannot be read: " + e.getMessage(), e);
        }
        int channels = h.channels.size();
        int bytes = h.sampleFormat.bytes();
        long frame = (long) channels * bytes;
        long held = size / frame;
        long rest = size % frame;
        long samples;
        long stride;
        String dataName = h.dataFile.getFileName().toString();
        if (h.multiplexed) {
            if (rest != 0) {
                warnings.add(dataName + " is " + size + " bytes, not a whole number of " + frame + "-byte sample "
                        + "frames (" + channels + " channels × " + bytes + " bytes); the last " + rest
                        + " bytes are ignored, as MNE ignores them");
            }
            samples = held;
            if (h.declaredDataPoints >= 0 && h.declaredDataPoints != held) {
                if (h.declaredDataPoints > held) {
                    warnings.add(vhdr.getFileName() + " declares DataPoints=" + h.declaredDataPoints + " but " + dataName
                            + " holds only " + held + " samples; reading " + held + ", as MNE does");
                } else {
                    samples = h.declaredDataPoints;
                    warnings.add(dataName + " holds " + held + " samples, more than DataPoints="
                            + h.declaredDataPoints + "; reading the " + samples + " declared");
                }
            }
            stride = samples;
        } else if (h.declaredDataPoints >= 0) {
            // Vectorized data is laid out channel after channel, DataPoints apart: a short file has lost channels.
            if (h.declaredDataPoints > held) {
                throw new CorruptRecordingException(h.dataFile, size, "VECTORIZED data of " + channels + " channels ×"
                        + " DataPoints=" + h.declaredDataPoints + " × " + bytes + " bytes does not fit in the "
                        + size + "-byte data file (truncated?)");
            }
            samples = h.declaredDataPoints;
            stride = samples;
            if (samples * frame != size) {
                warnings.add(dataName + " is " + size + " bytes, more than the " + samples * frame
                        + " that DataPoints=" + samples + " declares; the rest is ignored");
            }
        } else {
            if (rest != 0) {
                throw new CorruptRecordingException(h.dataFile, size - rest, "VECTORIZED data without DataPoints: the "
                        + size + "-byte file is not a whole number of " + channels + " channels × " + bytes
                        + " bytes, so where each channel starts is unknown");
            }
            samples = held;
            stride = held;
        }
        BrainVisionMarkers markers = h.markerFile.map(f -> BrainVisionMarkers.read(f, channels)).orElse(null);
        if (markers != null) {
            markers.warnings.forEach(w -> warnings.add(markers.file.getFileName() + ": " + w));
        }
        ByteOrder order = h.bigEndian ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
        BrainVisionDataFile data = new BrainVisionDataFile(h.dataFile, h.sampleFormat, order, channels,
                h.multiplexed, samples, stride);
        BrainVisionRecording r;
        try {
            r = new BrainVisionRecording(h, data, markers, warnings);
        } catch (RuntimeException e) {
            data.close();
            throw e;
        }
        String w = r.header().get("Warnings");
        if (w != null) {
            LOG.log(System.Logger.Level.WARNING, vhdr + ": " + w);
        }
        return r;
    }
}
