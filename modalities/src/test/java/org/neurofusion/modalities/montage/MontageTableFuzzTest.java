package org.neurofusion.modalities.montage;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz target for a montage table of one's own cap ({@link MontageTable#parse}): parsed twice to the same table,
 * then made a montage that must place every name it holds. A bad table must be refused with a
 * {@link MontageFormatException} naming the table.
 */
class MontageTableFuzzTest {
    private static final String SOURCE = "fuzzed table";
    private static final FuzzRules.Refusals REFUSALS = FuzzRules.refusal(MontageFormatException.class,
            "does not name the table", e -> SOURCE.equals(e.source()));

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "montage.dict")
    void fuzzMontageTable(byte[] table) {
        FuzzRules.text(table, SOURCE, REFUSALS, bytes -> {
            String text = new String(bytes, StandardCharsets.UTF_8);
            MontageTable first = FuzzRules.timed("parse", () -> MontageTable.parse(text, SOURCE));
            FuzzRules.sameTwice(SOURCE, first, MontageTable.parse(text, SOURCE));
            StandardMontage m = StandardMontage.fromTable(SOURCE, first);
            List<String> labels = new ArrayList<>(first.electrodes().keySet());
            MontagePlacement placed = FuzzRules.timed("place", () -> m.place(labels));
            if (!placed.unplaced().isEmpty()) {
                throw new AssertionError(SOURCE + ": names of the table itself were not placed: " + placed.unplaced());
            }
        });
    }

    /** The standard 10-20 table as shipped, and its first lines (the fiducials and four electrodes). */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds() throws IOException {
        byte[] full;
        try (InputStream in = StandardMontage.class.getResourceAsStream("standard_1020.tsv")) {
            full = in.readAllBytes();
        }
        FuzzRules.writeSeed(MontageTableFuzzTest.class, "fuzzMontageTable", "seed-standard-1020", full);
        List<String> lines = new String(full, StandardCharsets.US_ASCII).lines()
                .filter(l -> !l.startsWith("#")).limit(7).toList();
        FuzzRules.writeSeed(MontageTableFuzzTest.class, "fuzzMontageTable", "seed-fiducials-four-electrodes",
                (String.join("\n", lines) + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
