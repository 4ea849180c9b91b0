package org.neurofusion.modalities.fmri;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repetition time is {@code pixdim[4]} converted from the header's time unit to seconds. */
class NiftiTimeUnitTest {
    @TempDir
    Path dir;

    private static NiftiHeader header(double tr, int timeUnit) {
        return NiftiHeader.builder().setDatatype(NiftiDataType.INT16).setShape(3, 4, 5, 2).optZooms(2, 2, 3, tr)
                .optXyztUnits(2 + timeUnit).build();
    }

    @Test
    void millisecondsAndMicrosecondsBecomeSeconds() {
        NiftiHeader ms = header(2500, 16);
        assertEquals("msec", ms.timeUnit());
        assertEquals(2.5, ms.repetitionTimeSeconds().orElseThrow(), 1e-12);
        NiftiHeader us = header(750_000, 24);
        assertEquals("usec", us.timeUnit());
        assertEquals(0.75, us.repetitionTimeSeconds().orElseThrow(), 1e-12);
        assertEquals(1.5, header(1.5, 8).repetitionTimeSeconds().orElseThrow(), 1e-12);
        // and as read back from a file
        try (NiftiImage img = NiftiReader.open(NiftiFixture.write(dir, "ms.nii", ms))) {
            assertEquals(2500.0, img.header().zooms()[3]);
            assertEquals(2.5, img.header().repetitionTimeSeconds().orElseThrow(), 1e-12);
        }
        try (NiftiImage img = NiftiReader.open(NiftiFixture.write(dir, "us.nii", us))) {
            assertEquals(0.75, img.header().repetitionTimeSeconds().orElseThrow(), 1e-12);
        }
    }
}
