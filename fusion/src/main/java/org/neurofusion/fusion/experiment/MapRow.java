package org.neurofusion.fusion.experiment;

/**
 * One line of {@code map.csv}: how one condition scored on one held-out subject, for one seed and one cell of the
 * map (the simulator's shared fraction and the labelled windows per class and training subject).
 *
 * @param sharedFraction the simulator's {@code sharedFraction}, in [0, 1]
 * @param labelledPerClass labelled windows per class and training subject, or -1 for all
 * @param seed the seed of simulation, pre-training and every run
 * @param subject the held-out subject
 * @param condition what was scored
 * @param accuracy share of the subject's labelled windows classified correctly
 * @param balancedAccuracy mean recall over the classes the subject has
 */
public record MapRow(double sharedFraction, int labelledPerClass, long seed, String subject, Condition condition,
        double accuracy, double balancedAccuracy) {
    public MapRow {
        if (!(sharedFraction >= 0 && sharedFraction <= 1)) {
            throw new IllegalArgumentException("shared fraction must lie in [0, 1], got " + sharedFraction);
        }
        if (labelledPerClass != -1 && labelledPerClass < 1) {
            throw new IllegalArgumentException("labelled_per_class must be -1 (all) or at least 1, got "
                    + labelledPerClass);
        }
        if (subject == null || subject.isBlank() || subject.contains(",")) {
            throw new IllegalArgumentException("a map row needs a subject without commas, got '" + subject + "'");
        }
        if (condition == null) {
            throw new IllegalArgumentException("map row of subject " + subject + " has no condition");
        }
        if (!(accuracy >= 0 && accuracy <= 1) || !(balancedAccuracy >= 0 && balancedAccuracy <= 1)) {
            throw new IllegalArgumentException("subject " + subject + ", " + condition.label() + ": accuracies must"
                    + " lie in [0, 1], got " + accuracy + " and " + balancedAccuracy);
        }
    }

    /** The cell this row belongs to. */
    public Cell cell() {
        return new Cell(sharedFraction, labelledPerClass);
    }

    /** One cell of the map. */
    public record Cell(double sharedFraction, int labelledPerClass) implements Comparable<Cell> {
        @Override
        public int compareTo(Cell o) {
            int c = Double.compare(sharedFraction, o.sharedFraction);
            // "all" (-1) after every count
            return c != 0 ? c : Long.compare(key(labelledPerClass), key(o.labelledPerClass));
        }

        private static long key(int lpc) {
            return lpc < 0 ? Long.MAX_VALUE : lpc;
        }

        /** {@code labelledPerClass} as written in the files: the count, or {@code all}. */
        public String labelled() {
            return MapRow.labelled(labelledPerClass);
        }
    }

    /** A labelled count as written in the files: the count, or {@code all} for -1. */
    public static String labelled(int labelledPerClass) {
        return labelledPerClass < 0 ? "all" : Integer.toString(labelledPerClass);
    }
}
