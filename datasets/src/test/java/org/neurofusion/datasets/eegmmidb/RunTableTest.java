package org.neurofusion.datasets.eegmmidb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunTableTest {
    private static final String HEADER = "run\ttask\tbids_run\tT0\tT1\tT2\tdescription\n";

    @Test
    void theStandardTableMapsAllFourteenRuns() {
        RunTable t = RunTable.standard();
        assertEquals(List.of("T0", "T1", "T2"), t.codes());
        assertEquals(14, t.rows().size());
        assertEquals(List.of(4, 8, 12), t.runsOfTask("mi"));
        assertEquals(List.of(3, 7, 11), t.runsOfTask("me"));
        RunTable.Row r8 = t.row(8).orElseThrow();
        assertEquals("2", r8.bidsRun());
        assertEquals(Map.of("T0", "rest", "T1", "left_hand", "T2", "right_hand"), r8.events());
        assertEquals(List.of("left_hand", "right_hand"), r8.cueClasses());
        assertEquals(List.of("both_hands", "both_feet"), t.row(6).orElseThrow().cueClasses());
        RunTable.Row r1 = t.row(1).orElseThrow();
        assertEquals(Map.of("T0", "rest"), r1.events(), "a baseline run allows only T0");
        assertEquals(List.of(), r1.cueClasses());
    }

    @Test
    void aTableMapsOtherCodesWithoutCode(@TempDir Path tmp) throws Exception {
        Path f = tmp.resolve("runs.tsv");
        Files.writeString(f, "# my own\nrun\ttask\tbids_run\tT0\tT1\tT2\tT3\tdescription\n"
                + "5\tfeet\t1\trest\t-\tboth_feet\ttongue\tfeet and tongue\n"
                + "6\tthree\t1\trest\tleft\tright\tfeet\tthree cues\n");
        RunTable t = RunTable.read(f);
        assertEquals(List.of("T0", "T1", "T2", "T3"), t.codes());
        assertEquals(Map.of("T0", "rest", "T2", "both_feet", "T3", "tongue"), t.row(5).orElseThrow().events());
        assertEquals(List.of("both_feet", "tongue"), t.row(5).orElseThrow().cueClasses(), "rest is not a cue class");
        assertEquals(List.of(), t.row(6).orElseThrow().cueClasses(), "three cue classes are not a pair");
    }

    @Test
    void malformedTablesNameTheLineAndTheProblem(@TempDir Path tmp) throws Exception {
        Map<String, String> cases = Map.of(
                "run\ttask\tT0\tdescription\n1\tmi\trest\tx\n", "the header must be",
                HEADER + "4\tmi\t1\trest\tleft\tright\n", "line 2: has 6 cells, the header 7",
                HEADER + "x\tmi\t1\trest\tl\tr\td\n", "run must be a number, got 'x'",
                HEADER + "100\tmi\t1\trest\tl\tr\td\n", "run must be 1 to 99",
                HEADER + "4\tm-i\t1\trest\tl\tr\td\n", "alphanumeric, got 'm-i'",
                HEADER + "4\tmi\tone\trest\tl\tr\td\n", "a BIDS run index is a number, got 'one'",
                HEADER + "4\tmi\t1\trest\tleft hand\tr\td\n", "got 'left hand' for T1",
                HEADER + "4\tmi\t1\t-\t-\t-\td\n", "run 4 maps no annotation code",
                HEADER + "4\tmi\t1\trest\tl\tr\td\n8\tmi\t1\trest\tl\tr\td\n", "runs 4 and 8 would both become task mi",
                HEADER + "4\tmi\t1\trest\tl\tr\td\n4\tmi\t2\trest\tl\tr\td\n", "line 3: run 4 is listed twice");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            RunTableException e = assertThrows(RunTableException.class, () -> RunTable.parse(c.getKey(), "t.tsv"),
                    c.getValue());
            assertTrue(e.getMessage().startsWith("t.tsv") && e.getMessage().contains(c.getValue()), e.getMessage());
        }
        assertEquals(0, assertThrows(RunTableException.class, () -> RunTable.parse("# nothing\n", "t")).line());
        assertThrows(RunTableException.class, () -> RunTable.parse(HEADER, "t"));
        Path bin = tmp.resolve("bin.tsv");
        Files.write(bin, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertTrue(assertThrows(RunTableException.class, () -> RunTable.read(bin)).getMessage()
                .contains("not UTF-8"));
        assertTrue(assertThrows(RunTableException.class, () -> RunTable.read(tmp.resolve("none.tsv"))).getMessage()
                .contains("cannot be read"));
    }
}
