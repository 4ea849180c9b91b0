package org.neurofusion.datasets.simulate;

import java.util.List;
import java.util.Objects;
import org.neurofusion.modalities.fmri.NiftiHeader;

/**
 * The BOLD images of one simulated run and their ground truth. The arrays are shared, not copied: treat them as
 * read-only.
 *
 * @param header 4-D float32 image, TR in {@code pixdim[4]}; volume j is acquired at j·TR on the EEG clock
 * @param values every voxel of every volume, file order (first axis fastest, time slowest)
 * @param parcels parcel names in label order (label = index + 1)
 * @param percentChange per parcel and volume, the simulated BOLD change in percent of the baseline (haemodynamic
 *     response of the sources plus spontaneous fluctuation), without drift or thermal noise
 */
public record SimulatedBold(NiftiHeader header, float[] values, List<String> parcels, double[][] percentChange) {
    public SimulatedBold {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(values, "values");
        parcels = List.copyOf(parcels);
        if (values.length != header.voxelCount()) {
            throw new IllegalArgumentException(values.length + " values for an image of " + header.voxelCount()
                    + " voxels");
        }
        if (percentChange.length != parcels.size()) {
            throw new IllegalArgumentException(percentChange.length + " truth series for " + parcels.size()
                    + " parcels");
        }
    }

    /** Repetition time (s). */
    public double tr() {
        return header.pixdim().get(4);
    }

    /** Number of volumes. */
    public int volumes() {
        return (int) (long) header.dim().get(4);
    }
}
