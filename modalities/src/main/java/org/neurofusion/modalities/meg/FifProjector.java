package org.neurofusion.modalities.meg;

import java.util.List;
import java.util.Objects;

/**
 * A signal-space projector stored with a recording (FIFFB_PROJ_ITEM): its description, FIFF kind ({@code 1}
 * field, {@code 10} EEG average reference, ...), whether it was marked active, the channels it spans and its
 * vectors ({@code nvec} rows × channels). Readers expose projectors; they never apply them.
 */
public record FifProjector(String description, int kind, boolean active, List<String> channelNames,
        double[][] vectors) {
    /** Copies the names and vectors, which must have one column per name. */
    public FifProjector {
        Objects.requireNonNull(description, "description");
        channelNames = List.copyOf(channelNames);
        double[][] copy = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            if (vectors[i].length != channelNames.size()) {
                throw new IllegalArgumentException("projector '" + description + "': vector " + i + " has "
                        + vectors[i].length + " values for " + channelNames.size() + " channels");
            }
            copy[i] = vectors[i].clone();
        }
        vectors = copy;
    }

    /** A copy of the vectors. */
    @Override
    public double[][] vectors() {
        double[][] copy = new double[vectors.length][];
        for (int i = 0; i < vectors.length; i++) {
            copy[i] = vectors[i].clone();
        }
        return copy;
    }

    /** Number of vectors. */
    public int vectorCount() {
        return vectors.length;
    }

    @Override
    public String toString() {
        return "FifProjector[" + description + ", kind " + kind + ", " + (active ? "active" : "inactive") + ", "
                + vectors.length + " × " + channelNames.size() + "]";
    }
}
