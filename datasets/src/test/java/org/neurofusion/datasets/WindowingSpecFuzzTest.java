package org.neurofusion.datasets;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neurofusion.core.Modality;
import org.neurofusion.modalities.FuzzRules;
import org.neurofusion.modalities.signal.CausalFilter;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Pipeline;
import org.neurofusion.modalities.signal.Resample;

/**
 * Fuzz target for a windowing spec's JSON ({@link WindowingSpec#fromJson}), as a user writes it and a window store is
 * keyed by it: parsed twice to the same spec, written canonically and read back to the same JSON, its parts
 * described and matched against a few run keys. A bad spec must be refused with an {@link IllegalArgumentException}
 * whose message says it is the windowing spec (or its pipeline) and names the field.
 */
class WindowingSpecFuzzTest {
    private static final FuzzRules.Refusals REFUSALS = FuzzRules.refusal(IllegalArgumentException.class,
            "does not say it is the windowing spec's field", e -> e.getMessage() != null
                    && (e.getMessage().contains("windowing spec") || e.getMessage().contains("pipeline")));
    private static final List<RecordingKey> KEYS = List.of(new RecordingKey("01", "1", "motor", "1"),
            new RecordingKey("02", "", "rest", "2"), new RecordingKey("03", "", "", ""));

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "windowing.dict")
    void fuzzWindowingSpec(byte[] json) {
        FuzzRules.text(json, "windowing spec JSON", REFUSALS, bytes -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            WindowingSpec spec = FuzzRules.timed("parse", () -> WindowingSpec.fromJson(text));
            String written = spec.toJson();
            FuzzRules.sameTwice("windowing spec", written, WindowingSpec.fromJson(text).toJson());
            FuzzRules.sameTwice("windowing spec written and read back", written,
                    WindowingSpec.fromJson(written).toJson());
            FuzzRules.sameTwice("windowing spec labels", spec.labels(), WindowingSpec.fromJson(written).labels());
            for (WindowingSpec.Part p : spec.parts()) {
                p.describe();
            }
            for (RecordingKey k : KEYS) {
                spec.partsFor(k);
            }
        });
    }

    /** Specs of our own builder: one events part, one sliding part, and parts filtered by task and run. */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds() {
        seed("seed-events-eeg-fnirs", WindowingSpec.builder().setEvents(Map.of("left", 0, "right", 1))
                .addModality(Modality.EEG, 4, 0.5, 100, new Pipeline(List.of(new Filter(8, 30, "fir"))))
                .addModality(Modality.FNIRS, 10, 2, Double.NaN, new Pipeline(List.of())).build());
        seed("seed-sliding-causal", WindowingSpec.builder().setSliding(2.5)
                .addModality(Modality.EEG, 5, 0, Double.NaN, new Pipeline(List.of(new CausalFilter(1, 40, 4),
                        new Resample(125)))).build());
        seed("seed-parts", WindowingSpec.builder()
                .addPart(new WindowingSpec.Part(WindowingSpec.Mode.EVENTS, Map.of("left", 0, "right", 1), 0,
                        Set.of("motor"), Set.of("1", "2"), false))
                .addPart(new WindowingSpec.Part(WindowingSpec.Mode.SLIDING, Map.of(), 1.5, Set.of("rest"), Set.of(),
                        true))
                .addModality(Modality.EEG, 2, 0, 100, new Pipeline(List.of()))
                .addModality(Modality.MEG, 2, 0, Double.NaN, new Pipeline(List.of())).build());
    }

    private static void seed(String name, WindowingSpec spec) {
        FuzzRules.writeSeed(WindowingSpecFuzzTest.class, "fuzzWindowingSpec", name,
                spec.toJson().getBytes(StandardCharsets.UTF_8));
    }
}
