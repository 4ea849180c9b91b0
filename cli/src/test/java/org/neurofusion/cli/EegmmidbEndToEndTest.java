package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.SharedData;

/**
 * Real EEG end to end: the ten eegmmidb subjects imported as BIDS, then eeg-csp within-subject and
 * leave-one-subject-out through {@code neurofusion evaluate} with the windowing the import recorded, against
 * MNE-Python + scikit-learn's CSP + LDA on the same trials ({@code tools/reference/eegmmidb_csp_reference.json},
 * written by {@code eegmmidb_csp_reference.py}).
 */
@Tag("slow")
class EegmmidbEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eegCspOnTheRealSubjectsIsAtLeastMneMinusTwoPoints(@TempDir Path tmp) throws Exception {
        Path folder = SharedData.require("eeg/eegmmidb");
        JsonNode reference = JSON.readTree(reference().toFile());
        Path bids = tmp.resolve("bids");
        CliRun imported = CliRun.run("import", "eegmmidb", folder.toString(), "--out", bids.toString());
        assertEquals(0, imported.exitCode(), imported.err());
        // the trial counts per subject and class are those MNE epoched from the same files
        reference.get("trials").fields().forEachRemaining(s -> {
            String row = imported.out().lines().filter(l -> l.startsWith("sub-" + s.getKey())).findFirst()
                    .orElseThrow(() -> new AssertionError("no row of sub-" + s.getKey() + " in " + imported.out()));
            List<String> cells = List.of(row.trim().split("\\s+"));
            assertEquals(s.getValue().get("left_hand").asInt(), Integer.parseInt(cells.get(1)), row);
            assertEquals(s.getValue().get("right_hand").asInt(), Integer.parseInt(cells.get(3)), row);
        });
        for (String protocol : List.of("within", "loso")) {
            Path out = tmp.resolve(protocol);
            CliRun r = CliRun.run("evaluate", "--data", bids.toString(), "--out", out.toString(), "--protocol",
                    protocol);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.err().contains("left out [fnirs-hbr, fnirs-hbo, hybrid]"), r.err());
            assertTrue(r.err().contains("windowing-task-mi.json"), r.err());
            Map<String, Double> ours = perSubject(out.resolve("results.csv"));
            JsonNode ref = reference.get(protocol.equals("within") ? "within_blocked" : "loso");
            assertEquals(ref.size(), ours.size(), "subjects");
            double mean = ours.values().stream().mapToDouble(Double::doubleValue).average().orElseThrow();
            double refMean = 0;
            for (JsonNode v : ref) {
                refMean += v.asDouble() / ref.size();
            }
            assertTrue(mean >= refMean - 0.02, protocol + ": eeg-csp " + mean + " against MNE's " + refMean);
            assertTrue(mean > 0.52, protocol + ": above chance on ten subjects, got " + mean);
        }
        // asked for by name, a condition needing fNIRS is refused by name
        CliRun refused = CliRun.run("evaluate", "--data", bids.toString(), "--out", tmp.resolve("x").toString(),
                "--pipelines", "eeg-csp,fnirs-hbo");
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("condition 'fnirs-hbo' needs [fnirs]"), refused.err());
    }

    /** Mean accuracy per subject over the rows of a results.csv. */
    static Map<String, Double> perSubject(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int s = header.indexOf("subject");
        int a = header.indexOf("accuracy");
        Map<String, double[]> sums = new TreeMap<>();
        for (String l : lines.subList(1, lines.size())) {
            String[] c = l.split(",");
            double[] sum = sums.computeIfAbsent(c[s], k -> new double[2]);
            sum[0] += Double.parseDouble(c[a]);
            sum[1]++;
        }
        Map<String, Double> out = new TreeMap<>();
        sums.forEach((k, v) -> out.put(k, v[0] / v[1]));
        return out;
    }

    /** The committed reference, found from the module's folder up. */
    static Path reference() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path f = p.resolve("tools/reference/eegmmidb_csp_reference.json");
            if (Files.isRegularFile(f)) {
                return f;
            }
        }
        throw new AssertionError("tools/reference/eegmmidb_csp_reference.json not found above "
                + Path.of("").toAbsolutePath());
    }
}
