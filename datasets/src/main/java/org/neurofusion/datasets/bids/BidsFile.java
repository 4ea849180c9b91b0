package org.neurofusion.datasets.bids;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.RecordingKey;

/**
 * One file of a BIDS dataset, its name taken apart: the entities ({@code sub}, {@code ses}, {@code task},
 * {@code acq}, {@code run}, ... in file-name order), the suffix ({@code eeg}, {@code nirs}, {@code channels})
 * and the extension with its dot ({@code .edf}, {@code .nii.gz}).
 *
 * @param datatype the folder it sits in ({@code eeg}, {@code nirs}, {@code meg}, {@code func}), empty above
 */
public record BidsFile(Path path, String datatype, Map<String, String> entities, String suffix, String extension) {
    public BidsFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(datatype, "datatype");
        Objects.requireNonNull(suffix, "suffix");
        Objects.requireNonNull(extension, "extension");
        entities = Collections.unmodifiableMap(new LinkedHashMap<>(entities));
    }

    /**
     * Takes a file name apart; empty when it is not of the form {@code key-value_..._suffix.ext} (the suffix
     * alone, like {@code eeg.json} at the root, is allowed).
     */
    public static Optional<BidsFile> parse(Path path, String datatype) {
        String name = path.getFileName().toString();
        int dot = name.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        String stem = name.substring(0, dot);
        String[] parts = stem.split("_", -1);
        Map<String, String> entities = new LinkedHashMap<>();
        for (int i = 0; i < parts.length - 1; i++) {
            int dash = parts[i].indexOf('-');
            if (dash <= 0 || dash == parts[i].length() - 1 || entities.containsKey(parts[i].substring(0, dash))) {
                return Optional.empty();
            }
            entities.put(parts[i].substring(0, dash), parts[i].substring(dash + 1));
        }
        String suffix = parts[parts.length - 1];
        if (suffix.isEmpty() || suffix.contains("-")) {
            return Optional.empty();
        }
        return Optional.of(new BidsFile(path, datatype, entities, suffix, name.substring(dot)));
    }

    /** The value of an entity, empty when the name has none. */
    public String entity(String key) {
        return entities.getOrDefault(key, "");
    }

    /** Subject, session, task and run: what pairs the modalities of one run. */
    public RecordingKey key() {
        return new RecordingKey(entity("sub"), entity("ses"), entity("task"), entity("run"));
    }

    /** The modality of a data file's suffix ({@code eeg}, {@code nirs}, {@code meg}, {@code bold}). */
    public Optional<Modality> modality() {
        return switch (suffix) {
            case "eeg" -> Optional.of(Modality.EEG);
            case "nirs" -> Optional.of(Modality.FNIRS);
            case "meg" -> Optional.of(Modality.MEG);
            case "bold" -> Optional.of(Modality.FMRI);
            default -> Optional.empty();
        };
    }

    /**
     * Whether a metadata file with these entities applies to this file: every entity it names has the same
     * value here (BIDS's inheritance principle; a file naming fewer entities applies more widely).
     */
    public boolean isCoveredBy(Map<String, String> metadataEntities) {
        for (Map.Entry<String, String> e : metadataEntities.entrySet()) {
            // space-<label> names the coordinate frame of positions files, not a subset of the data.
            if (e.getKey().equals("space")) {
                continue;
            }
            if (!e.getValue().equals(entities.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
