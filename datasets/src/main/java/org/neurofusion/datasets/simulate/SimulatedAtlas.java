package org.neurofusion.datasets.simulate;

import java.util.Map;
import java.util.Objects;
import org.neurofusion.modalities.fmri.NiftiHeader;

/**
 * A simulated subject's atlas on its BOLD grid: the 3-D label image (0 outside the brain, parcel p labelled p) and
 * the parcels' names. The arrays are shared, not copied: treat them as read-only.
 *
 * @param header 3-D int16 image with the BOLD images' affine
 * @param labels one label per voxel, file order (first axis fastest)
 * @param names label → parcel name (the cortical sources' names, {@code cortex_NN}, {@code deep_NN})
 */
public record SimulatedAtlas(NiftiHeader header, int[] labels, Map<Integer, String> names) {
    public SimulatedAtlas {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(labels, "labels");
        names = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(names)); // label order, every JVM
        if (labels.length != header.voxelCount()) {
            throw new IllegalArgumentException(labels.length + " labels for a grid of " + header.voxelCount()
                    + " voxels");
        }
    }
}
