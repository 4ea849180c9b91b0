package org.neurofusion.fusion.experiment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.stream.Stream;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.simulate.CohortWriter;
import org.neurofusion.datasets.simulate.SimulationConfig;

/**
 * A simulated paired EEG–fNIRS cohort written once into {@code BASE/bids}: {@code BASE/simulation.txt} records the
 * settings of a finished simulation, so a rerun with the same settings reuses it, a simulation cut short (no record)
 * is started again, and a folder holding a cohort simulated with other settings is refused. The distillation map and
 * the demo both keep their cohorts this way.
 */
public final class SimulatedCohort {
    private SimulatedCohort() {
    }

    /**
     * The cohort's BIDS folder, simulated now unless a finished simulation of {@code config} is recorded there.
     *
     * @param listener told of each subject written (not called when the cohort is reused)
     * @throws IllegalArgumentException when {@code base} holds a cohort simulated with other settings
     */
    public static Path ensure(Path base, SimulationConfig config, CohortWriter.Listener listener) {
        Path bids = base.resolve("bids");
        Path marker = base.resolve("simulation.txt");
        String settings = config.toString();
        try {
            if (Files.exists(marker)) {
                String had = Files.readString(marker, StandardCharsets.UTF_8);
                if (!had.equals(settings)) {
                    throw new IllegalArgumentException(base + " holds a cohort simulated with other settings ("
                            + marker + "); write to another folder");
                }
                return bids;
            }
            // a simulation cut short leaves a partial dataset and no record: start it again
            deleteTree(bids);
            Files.createDirectories(base);
            new CohortWriter(config, EnumSet.of(Modality.EEG, Modality.FNIRS), ".bdf").write(bids, listener);
            AtomicFiles.write(marker, os -> os.write(settings.getBytes(StandardCharsets.UTF_8)));
            return bids;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot simulate into " + bids + ": " + e.getMessage(), e);
        }
    }

    /** Whether {@code base} records a finished simulation of {@code config}. */
    public static boolean finished(Path base, SimulationConfig config) {
        Path marker = base.resolve("simulation.txt");
        try {
            return Files.exists(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(config.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + marker + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
