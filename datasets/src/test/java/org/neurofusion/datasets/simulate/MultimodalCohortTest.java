package org.neurofusion.datasets.simulate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Recording;
import org.neurofusion.modalities.fmri.NiftiImage;
import org.neurofusion.modalities.fmri.NiftiReader;
import org.neurofusion.modalities.meg.FifReader;

/** The BIDS layout of a cohort written with all four modalities (the layout the BIDS loader reads). */
class MultimodalCohortTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void writesMegFmriAndTheAtlasBesideEegAndFnirs(@TempDir Path out) throws IOException {
        SimulationConfig c = EegPinnedTest.small().toBuilder().optRestingRunSeconds(20).build();
        new CohortWriter(c, EnumSet.allOf(Modality.class).stream().filter(m -> m != Modality.OTHER)
                .collect(java.util.stream.Collectors.toSet()), ".bdf").write(out, (s, done, total) -> { });
        Path meg = out.resolve("sub-01/meg");
        JsonNode sidecar = JSON.readTree(meg.resolve("sub-01_task-mi_run-1_meg.json").toFile());
        for (String field : List.of("TaskName", "SamplingFrequency", "PowerLineFrequency", "DewarPosition",
                "SoftwareFilters", "DigitizedLandmarks", "DigitizedHeadPoints")) {
            assertTrue(sidecar.has(field), field);
        }
        assertEquals(200.0, sidecar.get("SamplingFrequency").asDouble(), 0);
        assertEquals(MegHelmet.SENSORS, sidecar.get("MEGChannelCount").asInt());
        assertEquals("ElektaNeuromag", JSON.readTree(meg.resolve("sub-01_coordsystem.json").toFile())
                .get("MEGCoordinateSystem").asText());
        assertEquals(Files.readString(out.resolve("sub-01/eeg/sub-01_task-mi_run-1_events.tsv")),
                Files.readString(meg.resolve("sub-01_task-mi_run-1_events.tsv")));
        assertTrue(Files.readString(meg.resolve("sub-01_task-mi_run-1_channels.tsv")).contains("MEG001\tMEGMAG\tT\t"));
        try (Recording r = FifReader.open(meg.resolve("sub-01_task-rest_run-1_meg.fif"))) {
            assertEquals(MegHelmet.SENSORS, r.channels().size());
            assertEquals(20.0, r.durationSeconds(), 1e-9);
        }

        Path func = out.resolve("sub-01/func");
        for (String task : List.of("mi", "rest")) {
            JsonNode bold = JSON.readTree(func.resolve("sub-01_task-" + task + "_run-1_bold.json").toFile());
            assertEquals(task, bold.get("TaskName").asText());
            try (NiftiImage img = NiftiReader.open(func.resolve("sub-01_task-" + task + "_run-1_bold.nii.gz"))) {
                assertEquals(bold.get("RepetitionTime").asDouble(), img.header().pixdim().get(4), 0);
                assertEquals(4, img.header().ndim());
                assertEquals(img.shape()[2], bold.get("SliceTiming").size());
            }
        }
        assertEquals(Files.readString(out.resolve("sub-01/eeg/sub-01_task-mi_run-1_events.tsv")),
                Files.readString(func.resolve("sub-01_task-mi_run-1_events.tsv")));
        // a resting run has no trials: the scanner's events are the sync pulses every device stamps, so that its
        // clock can be fitted as the others' are
        String restEvents = Files.readString(func.resolve("sub-01_task-rest_run-1_events.tsv"));
        assertEquals(Files.readString(out.resolve("sub-01/eeg/sub-01_task-rest_run-1_events.tsv")), restEvents);
        assertTrue(restEvents.contains("sync"), restEvents);

        Path atlas = out.resolve("derivatives/neurofusion-atlas");
        assertEquals("derivative", JSON.readTree(atlas.resolve("dataset_description.json").toFile())
                .get("DatasetType").asText());
        List<String> table = Files.readAllLines(atlas.resolve("sub-01/sub-01_dseg.tsv"));
        assertEquals("index\tname", table.get(0));
        assertEquals("1\tmotor_left", table.get(1));
        try (NiftiImage labels = NiftiReader.open(atlas.resolve("sub-01/sub-01_dseg.nii.gz"));
                NiftiImage bold = NiftiReader.open(func.resolve("sub-01_task-mi_run-1_bold.nii.gz"))) {
            assertEquals(3, labels.header().ndim());
            for (int r = 0; r < 4; r++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(bold.affine()[r], labels.affine()[r], 0);
            }
        }
        assertTrue(Files.exists(out.resolve("derivatives/neurofusion-simulation/sub-01/"
                + "sub-01_task-mi_run-1_desc-boldtruth.npy")));
        String readme = Files.readString(out.resolve("README"));
        assertTrue(readme.contains("SIMULATED") && readme.contains("cannot be recorded simultaneously"), readme);
        assertTrue(JSON.readTree(out.resolve("dataset_description.json").toFile()).get("Name").asText()
                .contains("SIMULATED"));
    }

    @Test
    void anySubsetIsWrittenAndNothingElse(@TempDir Path out) {
        new CohortWriter(EegPinnedTest.small(), Set.of(Modality.MEG), ".bdf").write(out, (s, done, total) -> { });
        assertTrue(Files.exists(out.resolve("sub-01/meg/sub-01_task-mi_run-1_meg.fif")));
        assertFalse(Files.exists(out.resolve("sub-01/eeg")));
        assertFalse(Files.exists(out.resolve("sub-01/func")));
        assertFalse(Files.exists(out.resolve("derivatives/neurofusion-atlas")));
        assertThrows(IllegalArgumentException.class, () -> new CohortWriter(EegPinnedTest.small(), Set.of(), ".bdf"));
        assertThrows(IllegalArgumentException.class, () -> new CohortWriter(EegPinnedTest.small(),
                Set.of(Modality.OTHER), ".bdf"));
    }
}
