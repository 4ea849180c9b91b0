package org.neurofusion.datasets.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Modality;
import org.neurofusion.core.RecordingException;
import org.neurofusion.datasets.bids.BidsImageWriter;
import org.neurofusion.datasets.bids.BidsWriter;
import org.neurofusion.modalities.io.NpyWriter;

/**
 * Writes a simulated cohort as a BIDS dataset in real formats (EEG as BDF or EDF, fNIRS as SNIRF with raw
 * intensities, MEG as raw FIF, BOLD as NIfTI-1 {@code .nii.gz} with each subject's atlas under
 * {@code derivatives/neurofusion-atlas/}), one subject at a time, with each run's ground truth under
 * {@code derivatives/neurofusion-simulation/} (sources × time as {@code .npy}, and a JSON sidecar naming the rows,
 * the fNIRS clock and the source positions). Subjects are independent (each draws from its own seeded streams),
 * so the next ones are generated on other cores while one is written ({@link SubjectStream}).
 * The dataset description and README say the data are SIMULATED.
 */
public final class CohortWriter {
    /** Told after each subject is written. */
    @FunctionalInterface
    public interface Listener {
        void written(SimulatedSubject subject, int done, int total);
    }

    private final SimulationConfig config;
    private final Set<Modality> modalities;
    private final String eegExtension;

    /**
     * @param modalities   which recordings to write: any non-empty subset of EEG, fNIRS, MEG and fMRI
     * @param eegExtension {@code .bdf} or {@code .edf}
     * @throws IllegalArgumentException for an empty set of modalities or another extension
     */
    public CohortWriter(SimulationConfig config, Set<Modality> modalities, String eegExtension) {
        this.config = java.util.Objects.requireNonNull(config, "config");
        if (modalities.isEmpty()) {
            throw new IllegalArgumentException("name at least one modality to write (eeg, fnirs, meg, fmri)");
        }
        if (modalities.contains(Modality.OTHER)) {
            throw new IllegalArgumentException("the simulator writes eeg, fnirs, meg and fmri, not " + modalities);
        }
        if (!eegExtension.equals(".bdf") && !eegExtension.equals(".edf")) {
            throw new IllegalArgumentException("EEG is written as .bdf or .edf (no BrainVision writer exists yet), got '"
                    + eegExtension + "'");
        }
        this.modalities = EnumSet.copyOf(modalities);
        this.eegExtension = eegExtension;
    }

    /**
     * Simulates and writes every subject of the configuration into {@code out}.
     *
     * @throws RecordingException naming the file that cannot be written
     */
    public void write(Path out, Listener listener) {
        String names = String.join("-", modalities.stream().map(CohortWriter::displayName).toList());
        String pairing = modalities.contains(Modality.MEG) && modalities.contains(Modality.FMRI)
                ? "A real MEG and fMRI cannot be recorded simultaneously (the scanner's field and the MEG's shielded"
                + " room exclude each other): here every modality of a run is generated from the same latent"
                + " sources on one clock, which is what pairs them.\n" : "";
        BidsWriter writer = BidsWriter.builder().setName("neurofusion simulated " + names + " cohort (SIMULATED DATA)")
                .optAuthors(List.of("neurofusion simulator"))
                .optPowerLineFrequency(config.lineFrequency()).optEegExtension(eegExtension)
                .optReadme("SIMULATED DATA written by the neurofusion simulator (seed " + config.seed() + ", "
                        + config.subjects() + " subjects, tasks " + config.tasks().stream()
                        .map(SimulatedTask::label).toList() + ", modalities " + names + ").\nNo human took part."
                        + " The generative model and the ground truth are under derivatives/neurofusion-simulation/"
                        + (modalities.contains(Modality.FMRI) ? ", each subject's fMRI atlas under"
                        + " derivatives/neurofusion-atlas/" : "") + ".\n" + pairing)
                .build();
        Map<String, Map<String, String>> participants = new TreeMap<>();
        SubjectStream.forEach(config, modalities, SubjectStream.defaultAhead(), (subject, done, total) -> {
            writeSubject(writer, out, subject, participants);
            listener.written(subject, done, total);
        });
    }

    private void writeSubject(BidsWriter writer, Path out, SimulatedSubject subject,
            Map<String, Map<String, String>> participants) {
        participants.put(subject.id(), subject.participant());
        List<BidsWriter.Entry> entries = new ArrayList<>();
        for (SimulatedRun run : subject.runs()) {
            if (modalities.contains(Modality.EEG)) {
                entries.add(new BidsWriter.Entry(run.key(), Modality.EEG, run.eeg()));
            }
            if (modalities.contains(Modality.FNIRS)) {
                entries.add(new BidsWriter.Entry(run.key(), Modality.FNIRS, run.fnirs()));
            }
            run.meg().ifPresent(meg -> entries.add(new BidsWriter.Entry(run.key(), Modality.MEG, meg)));
            writeTruth(out, subject, run);
        }
        writer.write(out, entries, participants);
        for (SimulatedRun run : subject.runs()) {
            // the triggers every device stamps (a resting run's sync pulses too), so the scanner's clock is fitted
            run.bold().ifPresent(bold -> {
                BidsImageWriter.writeBold(out, run.key(), bold.header(),
                        (first, dst, count) -> {
                            for (int i = 0; i < count; i++) {
                                dst[i] = bold.values()[(int) first + i];
                            }
                        }, run.eeg().annotations(), Map.of("TaskDescription", "SIMULATED: " + describe(run.key().task()),
                                "Manufacturer", "neurofusion physiological simulator",
                                // Every slice of a simulated volume is taken at the volume's onset, j·TR.
                                "SliceTiming", java.util.Collections.nCopies((int) (long) bold.header().dim().get(3),
                                        0.0)));
                BoldTruth.write(truthFile(out, run.key()).getParent(), run.key() + "_desc-boldtruth", bold);
            });
        }
        subject.atlas().ifPresent(a -> BidsImageWriter.writeAtlas(out, ATLAS, subject.id(), a.header(), a.labels(),
                a.names(), "neurofusion simulated atlas (SIMULATED DATA): each brain voxel labelled by its nearest"
                + " parcel centre"));
    }

    /** The derivative pipeline holding each subject's atlas. */
    public static final String ATLAS = "neurofusion-atlas";

    private static String displayName(Modality m) {
        return switch (m) {
            case EEG -> "EEG";
            case FNIRS -> "fNIRS";
            case MEG -> "MEG";
            case FMRI -> "fMRI";
            default -> m.name();
        };
    }

    private static String describe(String task) {
        return switch (task) {
            case "mi" -> "motor imagery of the left or right hand";
            case "ma" -> "mental arithmetic";
            case "rest" -> "resting state, eyes open";
            default -> task;
        };
    }

    /** The folder, under a simulated BIDS dataset, that holds the ground truth of every run. */
    public static Path truthFolder(Path bids) {
        return bids.resolve("derivatives").resolve("neurofusion-simulation");
    }

    /** The ground-truth array of run {@code key} (a JSON sidecar with the same stem names its rows). */
    public static Path truthFile(Path bids, org.neurofusion.datasets.RecordingKey key) {
        return truthFolder(bids).resolve("sub-" + key.subject()).resolve(key + "_desc-truth.npy");
    }

    /** Ground truth of one run: samples as .npy (sources × time) and a JSON sidecar naming them. */
    private static void writeTruth(Path out, SimulatedSubject subject, SimulatedRun run) {
        Path dir = truthFile(out, run.key()).getParent();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new RecordingException(dir, -1, "cannot create: " + e.getMessage(), e);
        }
        String prefix = run.key() + "_desc-truth";
        var truth = run.groundTruth();
        long n = truth.channels().isEmpty() ? 0 : truth.channels().get(0).sampleCount();
        new NpyWriter().write(dir.resolve(prefix + ".npy"), truth.channels().size(), n,
                (row, column, dst, count) -> truth.read(row, column, dst, 0, count));
        ObjectMapper json = new ObjectMapper();
        ObjectNode meta = json.createObjectNode();
        meta.put("description", "Ground truth of a SIMULATED run, on the EEG clock");
        meta.put("sampling_frequency", truth.channels().isEmpty() ? 0 : truth.channels().get(0).samplingRate());
        var names = meta.putArray("rows");
        truth.channels().forEach(c -> names.add(c.name()));
        meta.put("fnirs_clock_offset_s", run.fnirsClock().offset());
        meta.put("fnirs_clock_drift", run.fnirsClock().drift());
        var src = meta.putObject("source_positions_m");
        subject.sourcePositions().forEach((k, p) -> src.putArray(k).add(p.x()).add(p.y()).add(p.z()));
        AtomicFiles.write(dir.resolve(prefix + ".json"), os -> os.write(json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(meta).getBytes(StandardCharsets.UTF_8)));
    }
}
