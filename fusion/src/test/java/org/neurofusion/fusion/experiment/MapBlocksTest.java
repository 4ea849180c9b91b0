package org.neurofusion.fusion.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records of finished map blocks: what a continued map reads instead of training again, and what it refuses. */
class MapBlocksTest {
    @TempDir
    Path dir;

    private static final MapPlan PLAN = DistillationMapTest.minimal();

    private static List<MapRow> block(double sf, long seed, int lpc) {
        return List.of(new MapRow(sf, lpc, seed, "03", Condition.SCRATCH, 0.5, 0.5),
                new MapRow(sf, lpc, seed, "03", Condition.STUDENT, 1.0 / 3, 0.25));
    }

    @Test
    void aRecordedBlockIsReadBackAsWrittenToTheFilesPrecision() {
        MapBlocks records = new MapBlocks(dir, PLAN);
        assertTrue(records.read(0.0, 7).isEmpty(), "no record yet");
        List<MapRow> back = records.write(0.0, 7, block(0.0, 7, 2));
        assertEquals(dir.resolve("blocks/shared-0-seed-7.csv"), records.rowsFile(0.0, 7));
        assertTrue(Files.exists(dir.resolve("blocks/shared-0-seed-7.json")));
        // what write returns is what a continued map reads: 1/3 at the file's six decimals
        assertEquals(0.333333, back.get(1).accuracy(), 0.0);
        assertEquals(back, records.read(0.0, 7).orElseThrow());
        assertEquals(2, back.size());
        // another block of the same map has no record
        assertTrue(records.read(0.0, 8).isEmpty());
    }

    @Test
    void aRecordMadeUnderOtherSettingsIsRefusedNamingTheSetting() {
        new MapBlocks(dir, PLAN).write(0.0, 7, block(0.0, 7, 2));
        MapPlan moreSteps = new MapPlan(PLAN.sharedFractions(), PLAN.labelledPerClass(), PLAN.seeds(),
                PLAN.testSubjects(), PLAN.simulation(), PLAN.pretrain(), PLAN.fusion().with("steps", "5"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MapBlocks(dir, moreSteps).read(0.0, 7));
        assertTrue(e.getMessage().contains("fusion.steps: 4 in the record, 5 now"), e.getMessage());
        assertTrue(e.getMessage().contains("shared-0-seed-7.json"), e.getMessage());

        MapPlan otherWindows = new MapPlan(PLAN.sharedFractions(), PLAN.labelledPerClass(), PLAN.seeds(),
                PLAN.testSubjects(), PLAN.simulation(), PLAN.pretrain(), PLAN.fusion(),
                MapPlan.EegWindows.MU_BETA_STREAMABLE);
        e = assertThrows(IllegalArgumentException.class, () -> new MapBlocks(dir, otherWindows).read(0.0, 7));
        assertTrue(e.getMessage().contains("eeg_windows: \"DEFAULT\" in the record, \"MU_BETA_STREAMABLE\" now"),
                e.getMessage());

        MapPlan moreCounts = new MapPlan(PLAN.sharedFractions(), List.of(2, 5), PLAN.seeds(), PLAN.testSubjects(),
                PLAN.simulation(), PLAN.pretrain(), PLAN.fusion());
        e = assertThrows(IllegalArgumentException.class, () -> new MapBlocks(dir, moreCounts).read(0.0, 7));
        assertTrue(e.getMessage().contains("labelled_per_class: [2] in the record, [2,5] now"), e.getMessage());

        // a stacked teacher is another map: the records of a plain one are refused, naming the setting
        assertTrue(PLAN.withTeacherExpert("") == PLAN, "no expert: the plan itself");
        MapPlan stacked = PLAN.withTeacherExpert("fnirs");
        assertEquals("fnirs", stacked.fusion().teacherExpert());
        assertTrue(stacked.describe().contains("stacked with a closed-form expert on fnirs"), stacked.describe());
        e = assertThrows(IllegalArgumentException.class, () -> new MapBlocks(dir, stacked).read(0.0, 7));
        assertTrue(e.getMessage().contains("fusion.teacher_expert: absent in the record, \"fnirs\" now"),
                e.getMessage());

        MapPlan otherCohort = new MapPlan(PLAN.sharedFractions(), PLAN.labelledPerClass(), PLAN.seeds(),
                PLAN.testSubjects(), PLAN.simulation().toBuilder().optErdDepth(0.9).build(), PLAN.pretrain(),
                PLAN.fusion());
        e = assertThrows(IllegalArgumentException.class, () -> new MapBlocks(dir, otherCohort).read(0.0, 7));
        assertTrue(e.getMessage().contains("simulation: "), e.getMessage());
    }

    @Test
    void aRecordOfAnotherBlockOrWithoutEveryLabelledCountOrSettingsIsRefused() throws Exception {
        MapBlocks records = new MapBlocks(dir, PLAN);
        records.write(0.0, 7, block(0.0, 7, 2));
        // rows of seed 8 copied under seed 7's name
        MapCsv.write(records.rowsFile(0.0, 7), block(0.0, 8, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> records.read(0.0, 7));
        assertTrue(e.getMessage().contains("seed 8, not of this block's 0, 7"), e.getMessage());

        MapCsv.write(records.rowsFile(0.0, 7), block(0.0, 7, 3));
        e = assertThrows(IllegalArgumentException.class, () -> records.read(0.0, 7));
        assertTrue(e.getMessage().contains("labelled counts [3], the plan [2]"), e.getMessage());

        MapCsv.write(records.rowsFile(0.0, 7), block(0.0, 7, 2));
        Files.delete(records.settingsFile(0.0, 7));
        e = assertThrows(IllegalArgumentException.class, () -> records.read(0.0, 7));
        assertTrue(e.getMessage().contains("has no settings file shared-0-seed-7.json"), e.getMessage());

        Files.writeString(records.settingsFile(0.0, 7), "{\"seed\": 7,");
        e = assertThrows(IllegalArgumentException.class, () -> records.read(0.0, 7));
        assertTrue(e.getMessage().contains("not readable JSON"), e.getMessage());
    }

    @Test
    void theFirstDifferenceNamesThePathAndBothValues() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertNull(MapBlocks.firstDifference("", json.readTree("{\"a\": [1, 2], \"b\": {\"c\": 0.5}}"),
                json.readTree("{\"b\": {\"c\": 0.50}, \"a\": [1.0, 2]}")));
        assertEquals("a[1]: 3 in the record, 2 now", MapBlocks.firstDifference("",
                json.readTree("{\"a\": [1, 2]}"), json.readTree("{\"a\": [1, 3]}")));
        assertEquals("b.c: absent in the record, 1 now", MapBlocks.firstDifference("",
                json.readTree("{\"b\": {\"c\": 1}}"), json.readTree("{\"b\": {}}")));
        assertEquals("b: {\"c\":1} in the record, absent now", MapBlocks.firstDifference("",
                json.readTree("{}"), json.readTree("{\"b\": {\"c\": 1}}")));
        assertEquals("a: [1] in the record, [1,2] now", MapBlocks.firstDifference("",
                json.readTree("{\"a\": [1, 2]}"), json.readTree("{\"a\": [1]}")));
        assertEquals("the settings: \"x\" in the record, \"y\" now", MapBlocks.firstDifference("",
                json.readTree("\"y\""), json.readTree("\"x\"")));
    }

    @Test
    void blocksRunTheKnobsEndsFirst() {
        assertEquals(java.util.List.of(0.0, 1.0, 0.5, 0.8), DistillationMap.blockOrder(java.util.List.of(0.0, 0.5, 0.8,
                1.0)));
        assertEquals(java.util.List.of(0.0, 1.0, 0.5, 0.8), DistillationMap.blockOrder(java.util.List.of(0.8, 1.0, 0.0,
                0.5)));
        assertEquals(java.util.List.of(0.0, 0.8), DistillationMap.blockOrder(java.util.List.of(0.8, 0.0)));
        assertEquals(java.util.List.of(0.5), DistillationMap.blockOrder(java.util.List.of(0.5)));
    }
}
