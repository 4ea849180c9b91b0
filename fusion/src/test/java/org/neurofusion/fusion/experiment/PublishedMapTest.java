package org.neurofusion.fusion.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The maps published in {@code docs/results/distillation-map/stacked/} and {@code haemodynamic/} are what the
 * command writes from the block records beside them ({@code stacked-blocks/}, {@code haemodynamic-blocks/}): the
 * files are derived, so a change to how the map is reported, or to a
 * record, that leaves them stale fails here. No block is trained: every block of the map is recorded.
 */
class PublishedMapTest {
    private static final Path RESULTS = Path.of("..", "docs", "results", "distillation-map").toAbsolutePath()
            .normalize();

    @TempDir
    Path dir;

    @Test
    void theStackedMapsFilesAreWhatItsRecordsGive() throws Exception {
        rebuild("stacked-blocks", "stacked", MapPlan.full(42).withTeacherExpert("fnirs"), 12);
    }

    @Test
    void theHaemodynamicMapsFilesAreWhatItsRecordsGive() throws Exception {
        rebuild("haemodynamic-blocks", "haemodynamic", MapPlan.full(43).withTeacherExpert("fnirs")
                .withFusion("fnirs_alignment", "rest").withFusion("imputation_target", "haemodynamic")
                .withFusion("infonce_weight", "0"), 12);
    }

    /** Runs {@code plan} on a copy of the records in {@code records} and compares its files with {@code derived}. */
    private void rebuild(String records, String derived, MapPlan plan, int blocks) throws Exception {
        Path from = RESULTS.resolve(records);
        assertTrue(Files.isDirectory(from), "the repository's map records are missing: " + from);
        Path out = Files.createDirectories(dir.resolve(derived));
        Path blocksDir = Files.createDirectories(out.resolve("blocks"));
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, blocksDir.resolve(f.getFileName()));
            }
        }
        StringWriter log = new StringWriter();
        DistillationMap.Result r = DistillationMap.builder().setOutput(out).setPlan(plan)
                .optLog(new PrintWriter(log, true)).build().run();
        assertEquals(blocks * 84, r.rows().size(), log.toString());
        assertTrue(!Files.exists(out.resolve("runs")) || isEmpty(out.resolve("runs")),
                "a block was trained although every block is recorded:\n" + log);
        for (String name : List.of("map.csv", "map.md", "map.svg", "imputation.csv")) {
            assertEquals(Files.readString(RESULTS.resolve(derived).resolve(name)),
                    Files.readString(out.resolve(name)),
                    "docs/results/distillation-map/" + derived + "/" + name + " is stale: rebuild it from " + records
                            + " (docs/results/distillation-map/README.md)");
        }
    }

    private static boolean isEmpty(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.noneMatch(Files::isRegularFile);
        }
    }
}
