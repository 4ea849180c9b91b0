package org.neurofusion.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Provenance;
import org.neurofusion.datasets.PairedWindow;
import org.neurofusion.datasets.store.WindowStore;

/**
 * An evaluation's provenance carries what made its windows: the inputs' checksums and the settings of a window
 * store it ran on, or of the provenance given with {@link Evaluation.Builder#optInputs} (issue 19).
 */
class EvaluationUpstreamTest {
    private static final String RAW = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    @TempDir
    Path dir;

    private static Evaluation.Builder builder() {
        return Evaluation.builder().addConditions(List.of("fnirs-hbo"), ConditionRegistry.classical())
                .setProtocol(Protocol.parse("within", 1, 5)).setTask("mi").optSeed(3);
    }

    @Test
    void aStoresInputsAndSettingsBecomeTheResultsUpstream() {
        List<PairedWindow> windows = SyntheticWindows.make(List.of("01", "02"), 20, true, 5);
        Provenance upstream = Provenance.builder().addInputChecksum("sub-01/nirs.snirf", RAW)
                .addConfiguration("band", "0.01-0.2 Hz").build();
        EvaluationResult fromStore;
        try (WindowStore store = WindowStore.build(dir.resolve("store"), upstream, windows.iterator())) {
            fromStore = builder().build().run(store);
        }
        Map<String, String> inputs = fromStore.provenance().inputs();
        assertEquals(Map.of("sub-01/nirs.snirf", RAW, "windows", Evaluation.checksum(windows)), inputs);
        assertEquals("0.01-0.2 Hz", fromStore.provenance().configuration().get("upstream.band"));
        assertEquals("fnirs-hbo", fromStore.provenance().configuration().get("conditions"));

        // the same provenance given beside the windows in memory: the same rows, the same inputs and settings
        EvaluationResult given = builder().optInputs(upstream).build().run(windows);
        assertEquals(fromStore.rows(), given.rows());
        assertEquals(inputs, given.provenance().inputs());
        assertEquals(fromStore.provenance().configuration(), given.provenance().configuration());

        // and without it, only the windows' own checksum and this run's settings
        EvaluationResult bare = builder().build().run(windows);
        assertEquals(Map.of("windows", Evaluation.checksum(windows)), bare.provenance().inputs());
        assertEquals(null, bare.provenance().configuration().get("upstream.band"));
    }
}
