package org.neurofusion.datasets.store;

import java.time.Instant;
import java.util.Objects;

/**
 * Where a window store comes from. {@code key} is the caller's fingerprint of everything the windows depend on
 * (input files' checksums, preprocessing and window specification; typically a SHA-256 hex string): a store is
 * reused only when the key matches. The rest records when and by what the store was written.
 */
public record StoreProvenance(String key, Instant created, String neurofusionVersion, String javaVersion,
        int formatVersion) {
    public StoreProvenance {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(neurofusionVersion, "neurofusionVersion");
        Objects.requireNonNull(javaVersion, "javaVersion");
        if (key.isBlank()) {
            throw new IllegalArgumentException("a window store needs a non-blank provenance key");
        }
    }
}
