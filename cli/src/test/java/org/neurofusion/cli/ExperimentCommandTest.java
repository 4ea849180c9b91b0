package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code neurofusion experiment distillation-map}: help and usage errors (the map itself is tested in fusion). */
class ExperimentCommandTest {
    @TempDir
    Path dir;

    @Test
    void helpNamesTheMapAndItsOptions() {
        CliRun top = CliRun.run("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("experiment"), top.out());
        CliRun exp = CliRun.run("experiment", "--help");
        assertEquals(0, exp.exitCode());
        assertTrue(exp.out().contains("distillation-map"), exp.out());
        CliRun map = CliRun.run("experiment", "distillation-map", "--help");
        assertEquals(0, map.exitCode(), map.err());
        for (String o : new String[] {"--quick", "--seed", "--out", "--threads", "--teacher-expert", "--part", "--set", "--seeds",
            "SIMULATED DATA",
            "95% t"}) {
            assertTrue(map.out().contains(o), o + " missing from " + map.out());
        }
        assertTrue(map.err().isEmpty(), map.err());
    }

    @Test
    void badUsageExitsTwoNamingTheProblemAndWritesNothing() {
        Path out = dir.resolve("m");
        CliRun bogus = CliRun.run("experiment", "distillation-map", "--bogus", "--out", out.toString());
        assertEquals(2, bogus.exitCode());
        assertTrue(bogus.err().contains("--bogus"), bogus.err());
        CliRun threads = CliRun.run("experiment", "distillation-map", "--threads", "0", "--out", out.toString());
        assertEquals(2, threads.exitCode());
        assertTrue(threads.err().contains("--threads must be at least 1"), threads.err());
        CliRun expert = CliRun.run("experiment", "distillation-map", "--teacher-expert", "FNIRS", "--out",
                out.toString());
        assertEquals(2, expert.exitCode());
        assertTrue(expert.err().contains("--teacher-expert") && expert.err().contains("teacher_expert"),
                expert.err());
        for (String bad : new String[] {"0/2", "3/2", "x", "1/0", "-1/2", "1/2/3"}) {
            CliRun part = CliRun.run("experiment", "distillation-map", "--part", bad, "--out", out.toString());
            assertEquals(2, part.exitCode(), bad);
            assertTrue(part.err().contains("--part must be K/N") && part.err().contains("'" + bad + "'"),
                    part.err());
        }
        // the quick map has 2 blocks (shared fraction 0 and 0.8, one seed)
        CliRun parts = CliRun.run("experiment", "distillation-map", "--quick", "--part", "3/3", "--out",
                out.toString());
        assertEquals(2, parts.exitCode());
        assertTrue(parts.err().contains("a map of 2 blocks cannot be split into 3 parts"), parts.err());
        for (String[] bad : new String[][] {{"--set", "steps"}, {"--set", "imputation_target=x"},
            {"--set", "labelled_per_class=2"}, {"--seeds", "0"}, {"--seeds", "4"}}) {
            CliRun r = CliRun.run("experiment", "distillation-map", bad[0], bad[1], "--out", out.toString());
            assertEquals(2, r.exitCode(), String.join(" ", bad));
            assertTrue(r.err().contains(bad[0]), r.err());
        }
        CliRun setErr = CliRun.run("experiment", "distillation-map", "--set", "imputation_target=x", "--out",
                out.toString());
        assertTrue(setErr.err().contains("imputation_target must be one of"), setErr.err());
        CliRun none = CliRun.run("experiment");
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("distillation-map"), none.err());
        assertTrue(!Files.exists(out), "a usage error must not start a map");
    }

    @Test
    void aMapFolderHoldingABlockOfOtherSettingsIsAUsageErrorNamingTheSetting() throws Exception {
        Path out = dir.resolve("other-settings");
        java.nio.file.Files.createDirectories(out.resolve("blocks"));
        java.nio.file.Files.writeString(out.resolve("blocks/shared-0-seed-42.csv"),
                "shared_fraction,labelled_per_class,seed,subject,condition,accuracy,balanced_accuracy\n");
        java.nio.file.Files.writeString(out.resolve("blocks/shared-0-seed-42.json"), "{\"cohort\": {}}");
        CliRun r = CliRun.run("experiment", "distillation-map", "--out", out.toString(), "--threads", "1");
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("shared-0-seed-42.json") && r.err().contains("other settings")
                && !r.err().contains("internal error"), r.err());
        assertFalse(java.nio.file.Files.exists(out.resolve("runs")), "nothing trained");
    }

    @Test
    void theAblationNamesItsOptionsAndRefusesBadUsageWithoutTraining() {
        CliRun help = CliRun.run("experiment", "distillation-ablation", "--help");
        assertEquals(0, help.exitCode(), help.err());
        for (String o : new String[] {"--map", "--shared-fraction", "--labelled", "--variant", "--out", "SIMULATED"}) {
            assertTrue(help.out().contains(o), o + " missing from " + help.out());
        }
        Path out = dir.resolve("a");
        CliRun variant = CliRun.run("experiment", "distillation-ablation", "--map", dir.toString(),
                "--shared-fraction", "1", "--labelled", "5", "--variant", "t:temprature=1", "--out", out.toString());
        assertEquals(2, variant.exitCode());
        assertTrue(variant.err().contains("unknown fusion setting 'temprature'"), variant.err());
        CliRun cell = CliRun.run("experiment", "distillation-ablation", "--map", dir.toString(),
                "--shared-fraction", "0.3", "--labelled", "5", "--out", out.toString());
        assertEquals(2, cell.exitCode());
        assertTrue(cell.err().contains("shared fraction 0.3 is not one of the map's"), cell.err());
        CliRun labels = CliRun.run("experiment", "distillation-ablation", "--map", dir.toString(),
                "--shared-fraction", "1", "--labelled", "few", "--out", out.toString());
        assertEquals(2, labels.exitCode());
        assertTrue(labels.err().contains("--labelled must be a count or 'all'"), labels.err());
        assertTrue(!Files.exists(out), "a usage error must not start an ablation");
    }
}
