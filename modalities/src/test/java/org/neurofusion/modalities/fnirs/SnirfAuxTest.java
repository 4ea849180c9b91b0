package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;

/**
 * Auxiliary series ({@code /nirs/aux<n>}) and the SNIRF attributes kept on channels: several columns, a time
 * offset in the file's time unit, series that are skipped with a note, and the data-type label only where the
 * file gives one.
 */
class SnirfAuxTest {
    @TempDir
    Path dir;

    /** Eight rows of two columns: row i holds (i, -i). */
    private static double[][] twoColumns() {
        double[][] v = new double[8][2];
        for (int i = 0; i < 8; i++) {
            v[i][0] = i;
            v[i][1] = -i;
        }
        return v;
    }

    @Test
    void aTwoColumnSeriesInMillisecondsWithATimeOffset() {
        Path p = SnirfFixture.write(dir.resolve("aux.snirf"), m -> {
            m.put("/nirs/metaDataTags/TimeUnit", "ms");
            m.put("/nirs/data1/time", new double[] {0, 100, 200, 300});
            m.put("/nirs/aux1/name", "accel");
            m.put("/nirs/aux1/dataTimeSeries", twoColumns());
            // 20 Hz from 250 ms, the series' clock 1.5 s after the file's
            m.put("/nirs/aux1/time", new double[] {250, 300, 350, 400, 450, 500, 550, 600});
            m.put("/nirs/aux1/timeOffset", new double[] {1500});
        });
        try (Recording r = SnirfReader.open(p)) {
            assertEquals(10.0, r.channels().get(0).samplingRate(), 1e-9);
            assertEquals(List.of("S1_D1 760", "S1_D1 850", "accel 1", "accel 2"),
                    r.channels().stream().map(Channel::name).toList());
            for (int k = 0; k < 2; k++) {
                Channel c = r.channels().get(2 + k);
                assertEquals(ChannelType.MISC, c.type());
                assertEquals(20.0, c.samplingRate(), 1e-9);
                assertEquals(8, c.sampleCount());
                assertEquals("/nirs/aux1", c.attributes().get("aux"));
                assertEquals(1.75, Double.parseDouble(c.attributes().get("first_sample_time")), 1e-12);
            }
            assertArrayEquals(new double[] {0, 1, 2, 3, 4, 5, 6, 7}, r.readAll(2), 0);
            assertArrayEquals(new double[] {0, -1, -2, -3, -4, -5, -6, -7}, r.readAll(3), 0);
            assertNull(r.header().get("aux.skipped"));
        }
    }

    @Test
    void anEmptyTimeOffsetIsNoOffsetAndAnUnnamedSeriesIsNamedByItsGroup() {
        Path p = SnirfFixture.write(dir.resolve("aux.snirf"), m -> {
            m.put("/nirs/aux1/dataTimeSeries", new double[] {3, 1, 4, 1});
            m.put("/nirs/aux1/time", new double[] {2, 2.5, 3, 3.5});
            m.put("/nirs/aux1/timeOffset", new double[] {99});
        });
        SnirfFixture.resize(p, "/nirs/aux1/timeOffset", 0);
        try (Recording r = SnirfReader.open(p)) {
            Channel c = r.channels().get(r.channelIndex("aux1"));
            assertEquals(2.0, c.samplingRate(), 1e-12);
            assertEquals(2.0, Double.parseDouble(c.attributes().get("first_sample_time")), 1e-12);
            assertArrayEquals(new double[] {3, 1, 4, 1}, r.readAll(r.channelIndex("aux1")), 0);
        }
    }

    @Test
    void seriesWithoutSamplesOrTimeAreSkippedWithANote() {
        Path p = SnirfFixture.write(dir.resolve("aux.snirf"), m -> {
            m.put("/nirs/aux1/name", "none");
            m.put("/nirs/aux1/dataTimeSeries", new double[] {5});
            m.put("/nirs/aux1/time", new double[] {0});
            m.put("/nirs/aux2/name", "no columns");
            m.put("/nirs/aux2/dataTimeSeries", new double[][] {{1}, {2}, {3}, {4}});
            m.put("/nirs/aux2/time", new double[] {0, 0.1, 0.2, 0.3});
            m.put("/nirs/aux3/name", "no time");
            m.put("/nirs/aux3/dataTimeSeries", new double[] {1, 2, 3, 4});
            m.put("/nirs/aux4/name", "pulse");
            m.put("/nirs/aux4/dataTimeSeries", new double[] {1, 2, 3, 4});
            m.put("/nirs/aux4/time", new double[] {0, 0.1, 0.2, 0.3});
        });
        SnirfFixture.resize(p, "/nirs/aux1/dataTimeSeries", 0);
        SnirfFixture.resize(p, "/nirs/aux1/time", 0);
        SnirfFixture.resize(p, "/nirs/aux2/dataTimeSeries", 4, 0);
        try (Recording r = SnirfReader.open(p)) {
            assertEquals(List.of("S1_D1 760", "S1_D1 850", "pulse"), r.channels().stream().map(Channel::name).toList());
            assertEquals("aux1 (empty); aux2 (empty); aux3 (no dataTimeSeries or time)",
                    r.header().get("aux.skipped"));
        }
    }

    @Test
    void theDataTypeLabelIsKeptOnlyWhereTheFileGivesOne() {
        Path p = SnirfFixture.write(dir.resolve("labels.snirf"), m -> {
            m.put("/nirs/data2/dataTimeSeries", new double[][] {{9}, {8}, {7}});
            m.put("/nirs/data2/time", new double[] {0, 0.5});
            m.put("/nirs/data2/measurementList1/sourceIndex", 1);
            m.put("/nirs/data2/measurementList1/detectorIndex", 1);
            m.put("/nirs/data2/measurementList1/dataType", 99999);
            m.put("/nirs/data2/measurementList1/dataTypeLabel", "HbO");
            m.put("/nirs/data2/measurementList1/dataUnit", "mM");
        });
        try (Recording r = SnirfReader.open(p)) {
            Channel raw = r.channels().get(0);
            assertEquals("1", raw.attributes().get(SnirfChannels.DATA_TYPE));
            assertFalse(raw.attributes().containsKey(SnirfChannels.DATA_TYPE_LABEL), raw.attributes().toString());
        }
        try (Recording r = SnirfReader.open(p, 1, 2)) {
            Channel hbo = r.channels().get(0);
            assertEquals("99999", hbo.attributes().get(SnirfChannels.DATA_TYPE));
            assertEquals("HbO", hbo.attributes().get(SnirfChannels.DATA_TYPE_LABEL));
            assertEquals("mM", hbo.attributes().get(SnirfChannels.DATA_UNIT));
            assertEquals(7e-3, r.readAll(0)[2], 1e-15);
        }
    }
}
