package org.neurofusion.datasets.simulate;

/**
 * The tasks of the simulated protocol, after Shin et al. 2017 (IEEE TNSRE 25:1735, "Open access dataset for
 * EEG+NIRS single-trial classification"): each session holds trials of two conditions in random order, half of
 * each.
 */
public enum SimulatedTask {
    /** Left- versus right-hand motor imagery (kinaesthetic imagery of opening and closing the hand). */
    MOTOR_IMAGERY("mi", "left_hand", "right_hand"),
    /** Serial subtraction (mental arithmetic) versus rest with the same cue. */
    MENTAL_ARITHMETIC("ma", "mental_arithmetic", "rest");

    private final String label;
    private final String first;
    private final String second;

    SimulatedTask(String label, String first, String second) {
        this.label = label;
        this.first = first;
        this.second = second;
    }

    /** BIDS task label, {@code mi} or {@code ma}. */
    public String label() {
        return label;
    }

    /** The two event descriptions this task's trials carry. */
    public String[] conditions() {
        return new String[] {first, second};
    }
}
