package org.neurofusion.alignment.train;

/**
 * The learning rate at each optimiser step: linear warm-up from 0 to {@code peak} over {@code warmupSteps}, then
 * cosine decay to {@code floor} at {@code totalSteps} (and {@code floor} after). A pure function of the step, so a
 * resumed run needs nothing but the step count.
 */
public record LearningRate(double peak, double floor, long warmupSteps, long totalSteps) {
    public LearningRate {
        if (!(peak > 0) || !Double.isFinite(peak) || !(floor >= 0) || floor > peak) {
            throw new IllegalArgumentException("learning rate needs 0 <= floor <= peak and a finite peak > 0, got peak "
                    + peak + ", floor " + floor);
        }
        if (warmupSteps < 0 || totalSteps < 1 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("learning rate needs 0 <= warm-up steps <= total steps and total >= 1,"
                    + " got " + warmupSteps + " and " + totalSteps);
        }
    }

    /** The rate for the update numbered {@code step} (1 for the first). */
    public double at(long step) {
        if (step < 1) {
            throw new IllegalArgumentException("optimiser steps count from 1, got " + step);
        }
        if (step <= warmupSteps) {
            return peak * step / warmupSteps;
        }
        if (step >= totalSteps) {
            return floor;
        }
        double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
        return floor + 0.5 * (peak - floor) * (1 + Math.cos(Math.PI * progress));
    }
}
