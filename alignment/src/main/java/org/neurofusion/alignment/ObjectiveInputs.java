package org.neurofusion.alignment;

import ai.djl.ndarray.NDArray;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One batch's inputs to the {@link AlignmentObjective}: each modality's projected embeddings with the rows
 * present, the labels (for SupCon), the learnable log scale (for InfoNCE) and the masked-patch reconstruction
 * (for the reconstruction term). Whatever a term needs and the batch lacks switches that term off.
 *
 * @param views modality name → projected, normalised embeddings and rows present (may be empty)
 * @param labels (B) integer labels, −1 unlabelled
 * @param logScale the learnable log(1/τ)
 * @param reconstruction the predicted and target patches with their masks
 */
public record ObjectiveInputs(Map<String, MaskedEmbeddings> views, Optional<NDArray> labels,
        Optional<NDArray> logScale, Optional<Reconstruction> reconstruction) {
    public ObjectiveInputs {
        views = Collections.unmodifiableMap(new LinkedHashMap<>(views));
        if (labels == null || logScale == null || reconstruction == null) {
            throw new IllegalArgumentException("objective inputs: use Optional.empty() for what a batch lacks");
        }
    }

    /** The patches of the reconstruction term; see {@link MaskedPatchLoss#evaluate}. */
    public record Reconstruction(NDArray predicted, NDArray target, NDArray hidden, NDArray channelMask) {
        public Reconstruction {
            if (predicted == null || target == null || hidden == null || channelMask == null) {
                throw new IllegalArgumentException("a reconstruction needs predictions, targets, the hidden mask and"
                        + " the channel mask");
            }
        }
    }

    /** A builder; everything is optional. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds {@link ObjectiveInputs}. */
    public static final class Builder {
        private final Map<String, MaskedEmbeddings> views = new LinkedHashMap<>();
        private NDArray labels;
        private NDArray logScale;
        private Reconstruction reconstruction;

        private Builder() {
        }

        /** Adds one modality's embeddings. */
        public Builder optView(String modality, MaskedEmbeddings view) {
            if (modality == null || view == null) {
                throw new IllegalArgumentException("a view needs a modality name and embeddings");
            }
            if (views.put(modality, view) != null) {
                throw new IllegalArgumentException("modality '" + modality + "' given twice");
            }
            return this;
        }

        /** The (B) labels, −1 for unlabelled windows. */
        public Builder optLabels(NDArray labels) {
            this.labels = labels;
            return this;
        }

        /** The learnable log(1/τ) of InfoNCE. */
        public Builder optLogScale(NDArray logScale) {
            this.logScale = logScale;
            return this;
        }

        /** The masked-patch reconstruction. */
        public Builder optReconstruction(NDArray predicted, NDArray target, NDArray hidden, NDArray channelMask) {
            this.reconstruction = new Reconstruction(predicted, target, hidden, channelMask);
            return this;
        }

        /** The inputs. */
        public ObjectiveInputs build() {
            return new ObjectiveInputs(views, Optional.ofNullable(labels), Optional.ofNullable(logScale),
                    Optional.ofNullable(reconstruction));
        }
    }
}
