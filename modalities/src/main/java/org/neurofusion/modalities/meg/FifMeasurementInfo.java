package org.neurofusion.modalities.meg;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The measurement information of a FIF recording (FIFFB_MEAS_INFO) as MNE-Python reads it: channels (names made
 * unique as MNE makes them), sampling rate, filter corners, line frequency, measurement date (UTC; from the
 * measurement id when the file has no FIFF_MEAS_DATE, as in MNE), bad channels, SSP projectors and CTF
 * compensation matrices (exposed, not applied), the compensation grade the data carry, the device-to-head
 * transformation, and text fields ({@code experimenter}, {@code description}, {@code proj_name}, ...).
 */
public record FifMeasurementInfo(List<FifChannel> channels, double samplingRate, OptionalDouble lowpass,
        OptionalDouble highpass, OptionalDouble lineFrequency, Optional<Instant> measurementDate, List<String> bads,
        List<FifProjector> projectors, List<FifCompensation> compensations, int compensationGrade,
        Optional<FifTransform> deviceToHead, Map<String, String> fields) {
    /** Copies every collection. */
    public FifMeasurementInfo {
        channels = List.copyOf(channels);
        Objects.requireNonNull(lowpass, "lowpass");
        Objects.requireNonNull(highpass, "highpass");
        Objects.requireNonNull(lineFrequency, "lineFrequency");
        Objects.requireNonNull(measurementDate, "measurementDate");
        bads = List.copyOf(bads);
        projectors = List.copyOf(projectors);
        compensations = List.copyOf(compensations);
        Objects.requireNonNull(deviceToHead, "deviceToHead");
        fields = Map.copyOf(fields);
    }
}
