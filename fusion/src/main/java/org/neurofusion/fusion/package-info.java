/**
 * The multimodal teacher (fusion of every present modality's encoder tokens), its distillation into
 * single-modality students with an imputation head for the missing modalities, and the controls (EEG-only from
 * the few labels, self-training, the all-labels and ideal-decoder ceilings) that say whether a student's gain is
 * due to the modality it never sees at deployment.
 */
package org.neurofusion.fusion;
