package org.neurofusion.datasets.bids;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.modalities.fmri.LabelTable;
import org.neurofusion.modalities.fmri.NiftiImage;
import org.neurofusion.modalities.fmri.NiftiReader;
import org.neurofusion.modalities.fmri.Parcellation;

/**
 * The parcellation a BOLD run of a dataset is reduced with, and the reduction: a label image ({@code dseg}, a
 * discrete segmentation in BIDS derivatives' terms) with its {@code index<TAB>name} table, looked up first for the
 * subject, {@code derivatives/neurofusion-atlas/sub-<label>/sub-<label>_dseg.nii[.gz]} with
 * {@code sub-<label>_dseg.tsv}, then for the whole dataset, {@code derivatives/neurofusion-atlas/dseg.nii[.gz]} with
 * {@code dseg.tsv}. The BOLD image becomes one parcel-mean channel per label ({@link Parcellation#parcelMeans}),
 * the atlas resampled to the BOLD grid by nearest neighbour through the two affines when the grids differ.
 */
final class BidsAtlas {
    /** The folder of {@code derivatives/} the atlases live in. */
    static final String FOLDER = "neurofusion-atlas";

    /** A label image and its names. */
    record Atlas(Path image, Path names) {
    }

    private BidsAtlas() {
    }

    /**
     * The atlas for {@code bold}, subject-specific before dataset-wide.
     *
     * @throws BidsMissingFileException naming the BOLD file and every atlas path looked for when there is none,
     *     or naming the label table when an atlas image has none beside it
     */
    static Atlas find(Path root, BidsFile bold) {
        Path dir = root.resolve("derivatives").resolve(FOLDER);
        String sub = "sub-" + bold.entity("sub");
        List<Path> tried = new ArrayList<>();
        Optional<Atlas> a = at(dir.resolve(sub), sub + "_dseg", tried)
                .or(() -> at(dir, "dseg", tried));
        return a.orElseThrow(() -> new BidsMissingFileException(bold.path(), "no atlas to reduce this BOLD run to"
                + " parcel time series: looked for " + tried.get(0) + " (with " + tried.get(1) + ") and "
                + tried.get(2) + " (with " + tried.get(3) + "); write a label image and its index<TAB>name table"
                + " at one of them"));
    }

    /** The atlas {@code stem.nii.gz} (or {@code .nii}) with {@code stem.tsv} in {@code dir}, if its image is there. */
    private static Optional<Atlas> at(Path dir, String stem, List<Path> tried) {
        Path tsv = dir.resolve(stem + ".tsv");
        tried.add(dir.resolve(stem + ".nii.gz"));
        tried.add(tsv);
        for (String ext : List.of(".nii.gz", ".nii")) {
            Path img = dir.resolve(stem + ext);
            if (Files.isRegularFile(img)) {
                if (!Files.isRegularFile(tsv)) {
                    throw new BidsMissingFileException(tsv, "the atlas " + img + " needs its label table here"
                            + " (index<TAB>name lines, with or without that header)");
                }
                return Optional.of(new Atlas(img, tsv));
            }
        }
        return Optional.empty();
    }

    /**
     * The parcel-mean BOLD time series of {@code bold} under {@code atlas}: one BOLD channel per label, named from
     * the table, at 1 / TR Hz, positioned at the parcel's centroid in metres.
     *
     * @throws org.neurofusion.core.RecordingException naming the file that cannot be read or is not a usable
     *     BOLD or label image
     */
    static InMemoryRecording parcelMeans(Path bold, Atlas atlas) {
        Map<Integer, String> names = LabelTable.read(atlas.names());
        try (NiftiImage image = NiftiReader.open(bold); NiftiImage labels = NiftiReader.open(atlas.image())) {
            return Parcellation.parcelMeans(image, labels, names);
        }
    }
}
