package org.neurofusion.modalities.eeg;

/**
 * One signal as an EDF/BDF header describes it. {@code byteOffset} is where its samples start inside a
 * data record; {@code gain} and {@code offset} turn a digital value into the physical value in the
 * signal's own unit ({@code physical = digital * gain + offset}), and {@code unitScale} turns that into SI.
 */
record EdfSignal(String label, String transducer, String physicalDimension, double physicalMin, double physicalMax,
        int digitalMin, int digitalMax, String prefiltering, int samplesPerRecord, String reserved, int byteOffset,
        double unitScale) {

    /** Whether this is an EDF+/BDF+ annotation signal rather than a data signal. */
    boolean isAnnotation() {
        return label.equals("EDF Annotations") || label.equals("BDF Annotations");
    }

    /** Physical units per digital step, in the signal's unit. */
    double gain() {
        return (physicalMax - physicalMin) / ((double) digitalMax - digitalMin);
    }

    /** Physical value of digital 0, in the signal's unit. */
    double offset() {
        return physicalMin - gain() * digitalMin;
    }
}
