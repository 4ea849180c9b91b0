package org.neurofusion.modalities.fmri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.neurofusion.core.SharedData;

/**
 * The three affines against nibabel 5.0.0: qforms of the shared files ({@code img.get_qform()}, printed at full
 * precision), the fall-back of a header without codes ({@code shape_zoom_affine}), and the choice between them.
 */
class NiftiAffineTest {
    /** nibabel's {@code get_qform()} of example4d.nii.gz (quaternion with all three parts non-zero, qfac -1). */
    static final double[][] EXAMPLE4D_QFORM = {
        {-1.999999995978187, 1.0282396754185892e-05, 0.00013905980362440367, 117.8551025390625},
        {-1.0282396754185892e-05, 1.9737114380364735, -0.3555282247524397, -35.72294235229492},
        {0.00012641805535562603, 0.32320761014906196, 2.1710816833341227, -7.248798370361328},
        {0, 0, 0, 1}};
    /** nibabel's {@code get_qform()} of someones_epi.nii.gz (a rotation about x, qfac 1). */
    static final double[][] EPI_QFORM = {
        {3.0, 0.0, 0.0, -78.0},
        {0.0, 2.8660094756227026, -0.8865605933273153, -76.0},
        {0.0, 0.8865605933273153, 2.8660094756227026, -64.0},
        {0, 0, 0, 1}};

    static void assertAffine(double[][] expected, double[][] actual, double tolerance) {
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                assertEquals(expected[r][c], actual[r][c], tolerance, "element [" + r + "][" + c + "]");
            }
        }
    }

    @Test
    void qformMatchesNibabel() {
        try (NiftiImage img = NiftiReader.open(SharedData.require(NiftiSharedDataTest.EXAMPLE4D))) {
            assertAffine(EXAMPLE4D_QFORM, NiftiAffine.qform(img.header()), 1e-12);
        }
        try (NiftiImage img = NiftiReader.open(SharedData.require("fmri/nibabel/doc_downloads/someones_epi.nii.gz"))) {
            assertAffine(EPI_QFORM, NiftiAffine.qform(img.header()), 1e-12);
        }
    }

    @Test
    void qformIsChosenWhenSformCodeIsZeroAndSformWhenNot() {
        try (NiftiImage img = NiftiReader.open(SharedData.require(NiftiSharedDataTest.EXAMPLE4D))) {
            NiftiHeader h = img.header();
            NiftiHeader qOnly = h.toBuilder().optCodes(1, 0).build();
            assertAffine(EXAMPLE4D_QFORM, qOnly.affine(), 1e-12);
            // The sform of this file differs from its qform in the 5th decimal: the choice is visible.
            assertEquals(-2.0, h.affine()[0][0], 0);
            assertEquals(1.9737114906311035, h.affine()[1][1], 0);
        }
    }

    @Test
    void fallBackIsNibabelsCentredAffineWithXFlipped() {
        // nibabel: shape_zoom_affine((4, 5, 7), (1, 3, 2)) = [[-1,0,0,1.5],[0,3,0,-6],[0,0,2,-6],[0,0,0,1]].
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.UINT8).setShape(4, 5, 7).optZooms(1, 3, 2)
                .build();
        assertAffine(new double[][] {{-1, 0, 0, 1.5}, {0, 3, 0, -6}, {0, 0, 2, -6}, {0, 0, 0, 1}}, h.affine(), 0);
        // Two axes: the third counts as one voxel of size 1.
        NiftiHeader flat = NiftiHeader.builder().setDatatype(NiftiDataType.UINT8).setShape(10, 3).optZooms(2, 2)
                .build();
        assertAffine(new double[][] {{-2, 0, 0, 9}, {0, 2, 0, -2}, {0, 0, 1, 0}, {0, 0, 0, 1}}, flat.affine(), 0);
    }

    @Test
    void qfacMinusOneFlipsTheThirdAxis() {
        NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.INT16).setShape(2, 2, 2).optZooms(2, 3, 4)
                .optQfac(-1).optQform(1, 0, 0, 0, 10, 20, 30).build();
        assertAffine(new double[][] {{2, 0, 0, 10}, {0, 3, 0, 20}, {0, 0, -4, 30}, {0, 0, 0, 1}}, h.affine(), 0);
        // A 180° rotation about z: (b, c, d) = (0, 0, 1), a = 0.
        NiftiHeader z = h.toBuilder().optQfac(1).optQform(1, 0, 0, 1, 0, 0, 0).build();
        assertAffine(new double[][] {{-2, 0, 0, 0}, {0, -3, 0, 0}, {0, 0, 4, 0}, {0, 0, 0, 1}}, z.affine(), 0);
    }

    /**
     * A file this project wrote with quaternion (0.25, -0.5, 0.125), zooms (2.5, 3.25, 4), qfac -1 and qform code
     * 1 only, as nibabel 5.0.0 loads it ({@code img.affine}), for NIfTI-1 and NIfTI-2 alike.
     */
    @Test
    void writtenQformIsReadBackAsNibabelReadsIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        double[][] nibabel = {
            {1.171875, -1.478489850124422, 3.028719262151, 10.5},
            {-0.1127001152889062, 2.7421875, 2.1393596310755, -20.25},
            {2.205449538844375, 0.9257297002488439, -1.5, 30.0},
            {0, 0, 0, 1}};
        for (int version = 1; version <= 2; version++) {
            NiftiHeader h = NiftiHeader.builder().setDatatype(NiftiDataType.INT16).setShape(5, 4, 3, 2)
                    .optVersion(version).optZooms(2.5, 3.25, 4, 1.5).optQfac(-1)
                    .optQform(1, 0.25, -0.5, 0.125, 10.5, -20.25, 30).build();
            java.nio.file.Path p = dir.resolve("q" + version + ".nii.gz");
            NiftiWriter.write(p, h, new double[120]);
            try (NiftiImage img = NiftiReader.open(p)) {
                assertAffine(nibabel, img.affine(), 1e-12);
            }
        }
    }

    @Test
    void inverseUndoesTheAffine() {
        double[][] a = EXAMPLE4D_QFORM;
        double[][] inv = NiftiAffine.invert(a);
        double[] w = NiftiAffine.apply(a, 3.5, -2, 7);
        double[] v = NiftiAffine.apply(inv, w[0], w[1], w[2]);
        assertEquals(3.5, v[0], 1e-12);
        assertEquals(-2, v[1], 1e-12);
        assertEquals(7, v[2], 1e-12);
        assertThrows(IllegalArgumentException.class, () -> NiftiAffine.invert(new double[][] {{1, 0, 0, 0},
            {0, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}}));
    }
}
