package org.neurofusion.datasets.bids;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.modalities.fmri.NiftiHeader;
import org.neurofusion.modalities.fmri.NiftiWriter;

/**
 * Writes the image side of a BIDS dataset, beside what {@link BidsWriter} writes: a run's BOLD series as
 * {@code sub-X/[ses-Y/]func/<key>_bold.nii.gz} with its {@code _bold.json} (TaskName, RepetitionTime from the
 * header's {@code pixdim[4]}) and {@code _events.tsv}; and a subject's atlas as a derivative,
 * {@code derivatives/<pipeline>/sub-X/sub-X_dseg.nii.gz} with {@code sub-X_dseg.tsv} ({@code index<TAB>name}, as
 * {@link org.neurofusion.modalities.fmri.LabelTable} reads it) and the derivative's
 * {@code dataset_description.json}. Every file is written atomically.
 */
public final class BidsImageWriter {

    private BidsImageWriter() {
    }

    /**
     * Writes one run's BOLD images.
     *
     * @param values stored values, file order (first axis fastest, time slowest)
     * @param sidecar further {@code _bold.json} fields (they override the ones written by default)
     * @throws IllegalArgumentException when the image is not 4-D, its TR is not positive seconds, or a label is not
     *     alphanumeric
     * @throws RecordingException naming the file when one cannot be written
     */
    public static void writeBold(Path root, RecordingKey key, NiftiHeader header, NiftiWriter.VoxelSource values,
            List<Annotation> events, Map<String, Object> sidecar) {
        Objects.requireNonNull(values, "values");
        if (header.ndim() != 4 || !header.timeUnit().equals("sec")) {
            throw new IllegalArgumentException(key + ": a BOLD series is a 4-D image with its TR in seconds, got "
                    + header.ndim() + " axes, time unit " + header.timeUnit());
        }
        double tr = header.repetitionTimeSeconds().orElse(Double.NaN);
        if (!(tr > 0)) {
            throw new IllegalArgumentException(key + ": pixdim[4] (the TR) must be positive, got " + tr);
        }
        BidsWriter.checkLabels(key);
        Path dir = root.resolve("sub-" + key.subject());
        if (!key.session().isEmpty()) {
            dir = dir.resolve("ses-" + key.session());
        }
        dir = dir.resolve("func");
        createDirectories(dir);
        String prefix = key.toString();
        NiftiWriter.write(dir.resolve(prefix + "_bold.nii.gz"), header, values);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("TaskName", key.task());
        s.put("RepetitionTime", tr);
        s.putAll(sidecar);
        BidsWriter.writeJson(dir.resolve(prefix + "_bold.json"), s);
        BidsTables.events(dir.resolve(prefix + "_events.tsv"), events);
    }

    /**
     * Writes one subject's label image and table under {@code derivatives/<pipeline>/}, and that derivative's
     * description.
     *
     * @param labels one integer label per voxel, file order; 0 is background
     * @param names label → name; every non-zero label of the image must have one
     * @throws IllegalArgumentException when the image is not 3-D, sizes disagree, or a label has no name
     */
    public static void writeAtlas(Path root, String pipeline, String subject, NiftiHeader header, int[] labels,
            Map<Integer, String> names, String description) {
        if (header.ndim() != 3 || labels.length != header.voxelCount()) {
            throw new IllegalArgumentException("sub-" + subject + ": an atlas is a 3-D image with one label per voxel,"
                    + " got " + header.ndim() + " axes and " + labels.length + " labels for " + header.voxelCount()
                    + " voxels");
        }
        for (int v : labels) {
            if (v != 0 && !names.containsKey(v)) {
                throw new IllegalArgumentException("sub-" + subject + ": label " + v + " of the atlas has no name");
            }
        }
        Path derivative = root.resolve("derivatives").resolve(pipeline);
        Path dir = derivative.resolve("sub-" + subject);
        createDirectories(dir);
        NiftiWriter.write(dir.resolve("sub-" + subject + "_dseg.nii.gz"), header,
                (first, dst, count) -> {
                    for (int i = 0; i < count; i++) {
                        dst[i] = labels[(int) first + i];
                    }
                });
        List<List<String>> rows = new ArrayList<>();
        new java.util.TreeMap<>(names).forEach((index, name) -> rows.add(List.of(Integer.toString(index), name)));
        Tsv.write(dir.resolve("sub-" + subject + "_dseg.tsv"), List.of("index", "name"), rows);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("Name", description);
        d.put("BIDSVersion", "1.8.0");
        d.put("DatasetType", "derivative");
        d.put("GeneratedBy", List.of(Map.of("Name", "neurofusion")));
        BidsWriter.writeJson(derivative.resolve("dataset_description.json"), d);
    }


    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RecordingException(dir, -1, "cannot create folder: " + e.getMessage(), e);
        }
    }
}
