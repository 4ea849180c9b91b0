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
 * The map published in {@code docs/results/distillation-map/stacked/} is what the command writes from the block
 * records beside it ({@code stacked-blocks/}): the files are derived, so a change to how the map is reported, or to a
 * record, that leaves them stale fails here. No block is trained: every block of the map is recorded.
 */
class PublishedMapTest {
    private static final Path RESULTS = Path.of("..", "docs", "results", "distillation-map").toAbsolutePath()
            .normalize();

    @TempDir
    Path dir;

    @Test
    void theStackedMapsFilesAreWhatItsRecordsGive() throws Exception {
        Path records = RESULTS.resolve("stacked-blocks");
        assertTrue(Files.isDirectory(records), "the repository's map records are missing: " + records);
        Path blocks = Files.createDirectories(dir.resolve("blocks"));
        try (Stream<Path> files = Files.list(records)) {
            for (Path f : files.toList()) {
                Files.copy(f, blocks.resolve(f.getFileName()));
            }
        }
        StringWriter log = new StringWriter();
        DistillationMap.Result r = DistillationMap.builder().setOutput(dir)
                .setPlan(MapPlan.full(42).withTeacherExpert("fnirs")).optLog(new PrintWriter(log, true)).build()
                .run();
        assertEquals(12 * 84, r.rows().size(), log.toString());
        assertTrue(!Files.exists(dir.resolve("runs")) || isEmpty(dir.resolve("runs")),
                "a block was trained although every block is recorded:\n" + log);
        for (String name : List.of("map.csv", "map.md", "map.svg", "imputation.csv")) {
            assertEquals(Files.readString(RESULTS.resolve("stacked").resolve(name)),
                    Files.readString(dir.resolve(name)),
                    "docs/results/distillation-map/stacked/" + name + " is stale: rebuild it from stacked-blocks"
                            + " (docs/results/distillation-map/README.md)");
        }
    }

    private static boolean isEmpty(Path d) throws Exception {
        try (Stream<Path> s = Files.walk(d)) {
            return s.noneMatch(Files::isRegularFile);
        }
    }
}
