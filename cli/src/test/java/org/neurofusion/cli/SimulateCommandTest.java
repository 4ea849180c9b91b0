package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.ClockMap;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.bids.BidsDataset;

/** {@code neurofusion simulate}: a BIDS dataset that reads back, pairs with the true clocks, and repeats by seed. */
class SimulateCommandTest {
    @TempDir
    Path dir;

    private Path simulate(String name, String seed) {
        Path out = dir.resolve(name);
        CliRun r = CliRun.run("simulate", "--subjects", "2", "--sessions", "1", "--trials", "4", "--resting-seconds",
                "40", "--tasks", "mi", "--seed", seed, "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().contains("SIMULATED DATA"), r.out());
        return out;
    }

    @Test
    void readsBackWithTheSimulatedClocksAndRepeatsBySeed() throws Exception {
        Path a = simulate("a", "7");
        BidsDataset ds = BidsDataset.open(a);
        assertTrue(ds.check().stream().noneMatch(p -> p.toString().startsWith("error")), ds.check().toString());
        assertEquals(List.of("01", "02"), ds.subjects());
        for (String sub : ds.subjects()) {
            for (var key : ds.runs().stream().filter(k -> k.subject().equals(sub)).toList()) {
                try (PairedRecording pr = ds.pair(key)) {
                    ClockMap fitted = pr.clocks().get(Modality.FNIRS);
                    // The truth, from the participants table the simulator wrote.
                    double offset = Double.parseDouble(ds.participants().get(sub).get("fnirs_clock_offset_s"));
                    double drift = Double.parseDouble(ds.participants().get(sub).get("fnirs_clock_drift"));
                    ClockMap truth = new ClockMap(offset, drift);
                    for (double t = 0; t < 300; t += 50) {
                        assertEquals(truth.toReference(t), fitted.toReference(t), 1.0 / 200, key + " at " + t + " s");
                    }
                    assertTrue(pr.events().stream().anyMatch(e -> e.description().equals("left_hand")
                            || e.description().equals("sync")), key.toString());
                }
            }
        }
        Path b = simulate("b", "7");
        assertArrayEquals(digest(a), digest(b), "the same seed writes the same bytes");
        Path c = simulate("c", "8");
        assertTrue(!java.util.Arrays.equals(digest(a), digest(c)), "another seed, other subjects");
        CliRun bad = CliRun.run("simulate", "--subjects", "0", "--out", dir.resolve("d").toString());
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().contains("subjects"), bad.err());
    }

    @Test
    void writesMegAndFmriOnRequestAndRefusesBadChoices() throws Exception {
        String[] args = {"simulate", "--subjects", "1", "--sessions", "1", "--trials", "2", "--resting-seconds", "0",
            "--tasks", "mi", "--modalities", "meg,fmri", "--set", "fmriTr=2", "--set", "preRestSeconds=5",
            "--set", "postRestSeconds=5"};
        Path a = dir.resolve("mf-a");
        Path b = dir.resolve("mf-b");
        for (Path out : List.of(a, b)) {
            CliRun r = CliRun.run(Stream.concat(Stream.of(args), Stream.of("--out", out.toString()))
                    .toArray(String[]::new));
            assertEquals(0, r.exitCode(), r.err());
        }
        assertTrue(Files.exists(a.resolve("sub-01/meg/sub-01_task-mi_run-1_meg.fif")));
        assertTrue(Files.readString(a.resolve("sub-01/func/sub-01_task-mi_run-1_bold.json"))
                .contains("\"RepetitionTime\" : 2.0"));
        assertTrue(Files.exists(a.resolve("derivatives/neurofusion-atlas/sub-01/sub-01_dseg.nii.gz")));
        assertTrue(!Files.exists(a.resolve("sub-01/eeg")), "eeg was not asked for");
        assertArrayEquals(digest(a), digest(b), "the same seed writes the same bytes");
        CliRun pet = CliRun.run("simulate", "--modalities", "eeg,pet", "--out", dir.resolve("p").toString());
        assertEquals(2, pet.exitCode());
        assertTrue(pet.err().contains("pet") && pet.err().contains("fmri"), pet.err());
        CliRun tr = CliRun.run("simulate", "--modalities", "fmri", "--set", "fmriTr=0", "--out",
                dir.resolve("t").toString());
        assertEquals(2, tr.exitCode());
        assertTrue(tr.err().contains("fmriTr"), tr.err());
    }

    private static byte[] digest(Path root) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                md.update(root.relativize(p).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update(Files.readAllBytes(p));
            }
        }
        return md.digest();
    }
}
