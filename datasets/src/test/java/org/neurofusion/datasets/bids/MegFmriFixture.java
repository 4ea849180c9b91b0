package org.neurofusion.datasets.bids;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.SensorFeatures;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.fmri.NiftiDataType;
import org.neurofusion.modalities.fmri.NiftiHeader;
import org.neurofusion.modalities.fmri.NiftiWriter;
import org.neurofusion.modalities.meg.FifWriter;

/**
 * Adds an MEG run (FIF) and a BOLD run (NIfTI) with its atlas to run 1 of subject 01, session 1 of the
 * {@link BidsFixture} dataset, as the simulator lays them out: {@code meg/} with {@code _meg.json} and
 * {@code _channels.tsv} (events only in the FIF file's annotations, so that path is exercised), {@code func/} with
 * {@code _bold.json} and {@code _events.tsv}, and {@code derivatives/neurofusion-atlas/sub-01/} with a label image
 * on a finer grid than the BOLD image (so the atlas must be resampled through the affines) and its table.
 *
 * <p>The MEG device started {@value #MEG_LEAD} s before the EEG and the scanner {@value #BOLD_LEAD} s before it:
 * their event onsets are the EEG's plus those leads, which the pairing must recover.
 */
public final class MegFmriFixture {
    public static final String PREFIX = "sub-01_ses-1_task-motor_run-1";
    public static final double MEG_RATE = 200;
    public static final double MEG_LEAD = 0.5;
    public static final double BOLD_LEAD = 2.0;
    public static final double TR = 1.0;
    public static final int VOLUMES = 20;
    /** BOLD grid: 4 × 4 × 3 voxels of 3 mm, origin at (-6, -6, 0) mm. */
    public static final double[][] BOLD_AFFINE = {{3, 0, 0, -6}, {0, 3, 0, -6}, {0, 0, 3, 0}, {0, 0, 0, 1}};
    /** Atlas grid: 8 × 8 × 6 voxels of 1.5 mm, the same origin: BOLD voxel i lies on atlas voxel 2i. */
    public static final double[][] ATLAS_AFFINE = {{1.5, 0, 0, -6}, {0, 1.5, 0, -6}, {0, 0, 1.5, 0}, {0, 0, 0, 1}};
    public static final String[] MEG_NAMES = {"MEG 0111", "MEG 0112", "MEG 0113", "MEG 0121"};
    public static final SensorPosition[] MEG_POSITIONS = {new SensorPosition(-0.05, 0.02, 0.06),
        new SensorPosition(-0.05, 0.02, 0.06), new SensorPosition(-0.05, 0.02, 0.06),
        new SensorPosition(0.05, 0.02, 0.06)};

    private MegFmriFixture() {
    }

    public static Path megFile(Path root) {
        return root.resolve("sub-01/ses-1/meg/" + PREFIX + "_meg.fif");
    }

    public static Path boldFile(Path root) {
        return root.resolve("sub-01/ses-1/func/" + PREFIX + "_bold.nii.gz");
    }

    public static Path subjectAtlas(Path root) {
        return root.resolve("derivatives/neurofusion-atlas/sub-01");
    }

    /** Writes the MEG run, the BOLD run and the subject's atlas into a dataset {@link BidsFixture} wrote. */
    public static void write(Path root) {
        writeMeg(root);
        writeBold(root);
        writeAtlas(subjectAtlas(root), "sub-01_dseg");
    }

    /**
     * MEG: a magnetometer and two planar gradiometers at one site and a magnetometer at another, 12 s at 200 Hz,
     * 10 Hz sines of 100 fT and 1 pT/m; the events of run 1 as FIF annotations, {@value #MEG_LEAD} s later.
     */
    public static void writeMeg(Path root) {
        InMemoryRecording.Builder b = InMemoryRecording.builder().setFormat("in-memory");
        int n = (int) Math.round(12 * MEG_RATE);
        ChannelType[] types = {ChannelType.MAG, ChannelType.GRAD, ChannelType.GRAD, ChannelType.MAG};
        String[] normals = {"0,0,1", "0,0,1", "0,0,1", "0.6,0,0.8"};
        for (int c = 0; c < MEG_NAMES.length; c++) {
            double amp = types[c] == ChannelType.MAG ? 100e-15 : 1e-12;
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = amp * Math.sin(2 * Math.PI * 10 * i / MEG_RATE + c);
            }
            Channel ch = new Channel(MEG_NAMES[c], types[c], types[c].defaultUnit(), MEG_RATE, n,
                    java.util.Optional.of(MEG_POSITIONS[c]), Map.of(SensorFeatures.ORIENTATION_ATTRIBUTE, normals[c]));
            b.addChannel(ch, v);
        }
        for (Annotation a : BidsFixture.events(1)) {
            b.addAnnotation(new Annotation(a.onset() + MEG_LEAD, a.duration(), a.description()));
        }
        Path fif = megFile(root);
        mkdirs(fif.getParent());
        FifWriter.writeFile(b.build(), fif);
        write(fif.resolveSibling(PREFIX + "_meg.json"), "{\"TaskName\": \"motor\", \"SamplingFrequency\": 200,"
                + " \"PowerLineFrequency\": 50, \"DewarPosition\": \"upright\", \"SoftwareFilters\": \"n/a\","
                + " \"DigitizedLandmarks\": false, \"DigitizedHeadPoints\": false}\n");
        write(fif.resolveSibling(PREFIX + "_channels.tsv"), "name\ttype\tunits\tstatus\n"
                + "MEG 0111\tMEGMAG\tT\tgood\nMEG 0112\tMEGGRADPLANAR\tT/m\tgood\n"
                + "MEG 0113\tMEGGRADPLANAR\tT/m\tbad\nMEG 0121\tMEGMAG\tT\tgood\n");
        write(root.resolve("sub-01/ses-1/meg/sub-01_ses-1_coordsystem.json"),
                "{\"MEGCoordinateSystem\": \"ElektaNeuromag\", \"MEGCoordinateUnits\": \"m\"}\n");
    }

    /** The label of BOLD voxel (i, j, k): 1 on the left half (x < 0), 2 on the right. */
    public static int boldLabel(int i) {
        return i < 2 ? 1 : 2;
    }

    /** BOLD voxel value: 1000 × label + 5 t + k, so a parcel's mean is 1000 label + 5 t + 1 (k is 0, 1, 2). */
    public static double boldValue(int i, int k, int t) {
        return 1000.0 * boldLabel(i) + 5 * t + k;
    }

    /** BOLD: 4 × 4 × 3 × {@value #VOLUMES} at TR 1 s, with {@code _bold.json} and the events {@value #BOLD_LEAD} s later. */
    public static void writeBold(Path root) {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.FLOAT32).setShape(4, 4, 3, VOLUMES)
                .optZooms(3, 3, 3, TR).optXyztUnits(2 + 8).optSform(2, BOLD_AFFINE).build();
        double[] v = new double[4 * 4 * 3 * VOLUMES];
        int at = 0;
        for (int t = 0; t < VOLUMES; t++) {
            for (int k = 0; k < 3; k++) {
                for (int j = 0; j < 4; j++) {
                    for (int i = 0; i < 4; i++) {
                        v[at++] = boldValue(i, k, t);
                    }
                }
            }
        }
        Path bold = boldFile(root);
        mkdirs(bold.getParent());
        NiftiWriter.write(bold, h, v);
        write(bold.resolveSibling(PREFIX + "_bold.json"), "{\"TaskName\": \"motor\", \"RepetitionTime\": 1.0}\n");
        StringBuilder ev = new StringBuilder("onset\tduration\ttrial_type\n");
        for (Annotation a : BidsFixture.events(1)) {
            ev.append(a.onset() + BOLD_LEAD).append('\t').append(a.duration()).append('\t').append(a.description())
                    .append('\n');
        }
        write(bold.resolveSibling(PREFIX + "_events.tsv"), ev.toString());
    }

    /** A label image {@code stem.nii.gz} (8 × 8 × 6, 1.5 mm) and {@code stem.tsv} in {@code dir}. */
    public static void writeAtlas(Path dir, String stem) {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.INT16).setShape(8, 8, 6)
                .optZooms(1.5, 1.5, 1.5).optXyztUnits(2).optSform(2, ATLAS_AFFINE).build();
        double[] v = new double[8 * 8 * 6];
        int at = 0;
        for (int k = 0; k < 6; k++) {
            for (int j = 0; j < 8; j++) {
                for (int i = 0; i < 8; i++) {
                    v[at++] = i < 4 ? 1 : 2;
                }
            }
        }
        mkdirs(dir);
        NiftiWriter.write(dir.resolve(stem + ".nii.gz"), h, v);
        write(dir.resolve(stem + ".tsv"), "index\tname\n1\tL_M1\n2\tR_M1\n");
    }

    public static void write(Path p, String text) {
        try {
            Files.writeString(p, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void mkdirs(Path p) {
        try {
            Files.createDirectories(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
