package org.neurofusion.datasets.bids;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Modality;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.RecordingKey;

/** MEG (FIF) and fMRI (BOLD NIfTI reduced under an atlas) runs of a BIDS dataset: loading and pairing. */
class BidsMegFmriTest {
    private static final RecordingKey RUN = new RecordingKey("01", "1", BidsFixture.TASK, "1");

    @TempDir
    Path dir;

    @BeforeEach
    void write() {
        BidsFixture.write(dir);
        MegFmriFixture.write(dir);
    }

    private static BidsRecording open(BidsDataset ds, Modality m) {
        return ds.recording(ds.files(RUN).stream().filter(f -> f.modality().orElseThrow() == m).findFirst()
                .orElseThrow());
    }

    @Test
    void megRunKeepsItsSensorsTypesOrientationsAndBadChannels() {
        BidsDataset ds = BidsDataset.open(dir);
        try (BidsRecording r = open(ds, Modality.MEG)) {
            List<Channel> cs = r.channels();
            assertEquals(List.of(MegFmriFixture.MEG_NAMES), cs.stream().map(Channel::name).toList());
            assertEquals(List.of(ChannelType.MAG, ChannelType.GRAD, ChannelType.GRAD, ChannelType.MAG),
                    cs.stream().map(Channel::type).toList());
            for (int c = 0; c < cs.size(); c++) {
                SensorPosition p = cs.get(c).position().orElseThrow();
                assertTrue(p.distanceTo(MegFmriFixture.MEG_POSITIONS[c]) < 1e-6, cs.get(c) + " at " + p);
                assertEquals(MegFmriFixture.MEG_RATE, cs.get(c).samplingRate());
            }
            // the fourth coil is tilted: its normal reaches the encoder's features
            float[] f = SensorFeatures.of(cs.get(3));
            assertEquals(0.6, f[SensorFeatures.ORIENTATION], 1e-5);
            assertEquals(0.0, f[SensorFeatures.ORIENTATION + 1], 1e-5);
            assertEquals(0.8, f[SensorFeatures.ORIENTATION + 2], 1e-5);
            assertEquals(1.0, SensorFeatures.of(cs.get(0))[SensorFeatures.ORIENTATION + 2], 1e-5);
            assertEquals(Set.of("MEG 0113"), r.badChannels());
            // no MEG _events.tsv: the FIF file's annotations, on the MEG clock
            assertEquals(List.of(1.625, 4.0, 6.875), r.annotations().stream().map(Annotation::onset).toList());
            assertEquals(List.of("left", "right", "left"),
                    r.annotations().stream().map(Annotation::description).toList());
            // samples are the file's, in tesla
            double[] x = new double[1];
            r.read(0, 1, x, 0, 1);
            assertEquals(100e-15 * Math.sin(2 * Math.PI * 10 / MegFmriFixture.MEG_RATE), x[0], 1e-19);
        }
    }

    @Test
    void boldRunBecomesTheAtlasParcelMeans() {
        BidsDataset ds = BidsDataset.open(dir);
        try (BidsRecording r = open(ds, Modality.FMRI)) {
            List<Channel> cs = r.channels();
            assertEquals(List.of("L_M1", "R_M1"), cs.stream().map(Channel::name).toList());
            for (Channel c : cs) {
                assertEquals(ChannelType.BOLD, c.type());
                assertEquals(1 / MegFmriFixture.TR, c.samplingRate(), 1e-12);
                assertEquals(MegFmriFixture.VOLUMES, c.sampleCount());
            }
            // centroids of the BOLD voxels each parcel covers, through the BOLD affine, in metres
            assertTrue(cs.get(0).position().orElseThrow().distanceTo(new SensorPosition(-0.0045, -0.0015, 0.003))
                    < 1e-9, cs.get(0).position().toString());
            assertTrue(cs.get(1).position().orElseThrow().distanceTo(new SensorPosition(0.0015, -0.0015, 0.003))
                    < 1e-9, cs.get(1).position().toString());
            for (int p = 0; p < 2; p++) {
                double[] x = r.readAll(p);
                for (int t = 0; t < x.length; t++) {
                    assertEquals(1000.0 * (p + 1) + 5 * t + 1, x[t], 1e-9, "parcel " + (p + 1) + " at volume " + t);
                }
            }
            assertEquals(List.of(3.125, 5.5, 8.375), r.annotations().stream().map(Annotation::onset).toList());
            assertEquals(1.0, ((Number) r.sidecar().get("RepetitionTime")).doubleValue());
        }
    }

    @Test
    void theDatasetAtlasServesWhenTheSubjectHasNone() throws Exception {
        Path sub = MegFmriFixture.subjectAtlas(dir);
        Files.delete(sub.resolve("sub-01_dseg.nii.gz"));
        Files.delete(sub.resolve("sub-01_dseg.tsv"));
        Path shared = dir.resolve("derivatives/neurofusion-atlas");
        MegFmriFixture.writeAtlas(shared, "dseg");
        MegFmriFixture.write(shared.resolve("dseg.tsv"), "index\tname\n1\tleft\n2\tright\n");
        try (BidsRecording r = open(BidsDataset.open(dir), Modality.FMRI)) {
            assertEquals(List.of("left", "right"), r.channels().stream().map(Channel::name).toList());
        }
    }

    @Test
    void boldWithoutAnAtlasIsRefusedNamingThePathsLookedFor() throws Exception {
        Path sub = MegFmriFixture.subjectAtlas(dir);
        Files.delete(sub.resolve("sub-01_dseg.nii.gz"));
        BidsDataset ds = BidsDataset.open(dir);
        var e = assertThrows(BidsMissingFileException.class, () -> open(ds, Modality.FMRI));
        assertEquals(MegFmriFixture.boldFile(dir).toAbsolutePath().normalize(), e.file().toAbsolutePath().normalize());
        String m = e.getMessage();
        assertTrue(m.contains(MegFmriFixture.boldFile(dir).getFileName().toString()), m);
        assertTrue(m.contains(Path.of("neurofusion-atlas", "sub-01", "sub-01_dseg.nii.gz").toString()), m);
        assertTrue(m.contains(Path.of("neurofusion-atlas", "dseg.nii.gz").toString()), m);
        assertTrue(m.contains(Path.of("neurofusion-atlas", "dseg.tsv").toString()), m);
        // the check lists it as an error of that file
        assertTrue(ds.check().stream().anyMatch(p -> p.severity() == BidsProblem.Severity.ERROR
                && p.file().getFileName().toString().endsWith("_bold.nii.gz")), ds.check().toString());
    }

    @Test
    void anAtlasImageWithoutItsTableIsRefusedNamingTheTable() throws Exception {
        Path tsv = MegFmriFixture.subjectAtlas(dir).resolve("sub-01_dseg.tsv");
        Files.delete(tsv);
        BidsDataset ds = BidsDataset.open(dir);
        var e = assertThrows(BidsMissingFileException.class, () -> open(ds, Modality.FMRI));
        assertEquals(tsv.toAbsolutePath().normalize(), e.file().toAbsolutePath().normalize());
    }

    @Test
    void aRepetitionTimeThatContradictsTheImageIsRefused() {
        Path json = MegFmriFixture.boldFile(dir).resolveSibling(MegFmriFixture.PREFIX + "_bold.json");
        MegFmriFixture.write(json, "{\"TaskName\": \"motor\", \"RepetitionTime\": 2.0}\n");
        BidsDataset ds = BidsDataset.open(dir);
        var e = assertThrows(BidsMismatchException.class, () -> open(ds, Modality.FMRI));
        assertTrue(e.getMessage().contains("RepetitionTime is 2.0"), e.getMessage());
    }

    @Test
    void allFourModalitiesOfARunArePairedOnTheEegClock() {
        BidsDataset ds = BidsDataset.open(dir);
        try (BidsPairing.Result r = ds.pairRun(RUN)) {
            PairedRecording pr = r.recording();
            assertEquals(Set.of(Modality.EEG, Modality.FNIRS, Modality.MEG, Modality.FMRI), pr.recordings().keySet());
            assertEquals(Modality.EEG, pr.reference());
            assertEquals(Set.of(Modality.FNIRS, Modality.MEG, Modality.FMRI), r.fits().keySet(), r.warnings().toString());
            assertTrue(r.warnings().isEmpty(), r.warnings().toString());
            // an EEG event at 3.5 s lies at 4.0 s on the MEG clock and at 5.5 s on the scanner's
            assertEquals(3.5 + MegFmriFixture.MEG_LEAD, pr.clocks().get(Modality.MEG).fromReference(3.5), 1e-6);
            assertEquals(3.5 + MegFmriFixture.BOLD_LEAD, pr.clocks().get(Modality.FMRI).fromReference(3.5), 1e-6);
            assertEquals(3.5, pr.clocks().get(Modality.FNIRS).fromReference(3.5), 1e-6);
        }
        assertTrue(ds.check().stream().noneMatch(p -> p.severity() == BidsProblem.Severity.ERROR),
                ds.check().toString());
    }
}
