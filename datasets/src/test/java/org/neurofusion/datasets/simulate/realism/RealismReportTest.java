package org.neurofusion.datasets.simulate.realism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The flag rule and the summaries of {@link RealismReport}. */
class RealismReportTest {
    @Test
    void factorRuleOnPositiveAndNegativeRanges() {
        Statistic lin = Statistic.EEG_RMS;
        assertEquals("", RealismReport.flag(lin, 0.6, 1, 2));
        assertEquals("> x2 low", RealismReport.flag(lin, 0.49, 1, 2));
        assertEquals("", RealismReport.flag(lin, 3.9, 1, 2));
        assertEquals("> x2 high", RealismReport.flag(lin, 4.1, 1, 2));
        // A negative range is mirrored: the slope -0.4 is less than half of -1.
        assertEquals("> x2 high", RealismReport.flag(Statistic.EEG_SLOPE, -0.4, -2, -1));
        assertEquals("", RealismReport.flag(Statistic.EEG_SLOPE, -0.6, -2, -1));
        assertEquals("> x2 low", RealismReport.flag(Statistic.EEG_SLOPE, -4.5, -2, -1));
        // A range across zero: factor 2 on each side, no sign rule.
        assertEquals("", RealismReport.flag(Statistic.HBO_HBR_CORRELATION, 0.9, -0.5, 0.5));
        assertEquals("> x2 low", RealismReport.flag(Statistic.HBO_HBR_CORRELATION, -1.1, -0.5, 0.5));
    }

    @Test
    void signAndDecibelRules() {
        assertEquals("sign", RealismReport.flag(Statistic.EEG_RMS, -1, 1, 2));
        assertEquals("sign", RealismReport.flag(Statistic.HBO_HBR_CORRELATION, 0.2, -0.6, -0.1));
        // dB: 3 dB either side of the range, and the sign rule first (1.5 dB is within 3 dB of -1 dB).
        assertEquals("sign", RealismReport.flag(Statistic.ERD_CONTRA, 1.5, -5, -1));
        assertEquals("", RealismReport.flag(Statistic.ERD_CONTRA, -7.9, -5, -1));
        assertEquals("> 3 dB low", RealismReport.flag(Statistic.ERD_CONTRA, -8.1, -5, -1));
        assertEquals("", RealismReport.flag(Statistic.ALPHA_PROMINENCE, 12.9, 5, 10));
        assertEquals("> 3 dB high", RealismReport.flag(Statistic.ALPHA_PROMINENCE, 13.1, 5, 10));
        assertEquals("no data", RealismReport.flag(Statistic.ALPHA_PROMINENCE, Double.NaN, 5, 10));
    }

    @Test
    void summariesSkipNonFiniteValuesAndTheTableFlags() {
        RealismReport r = new RealismReport();
        r.add(RealismReport.Side.SIMULATED, Map.of(Statistic.EEG_RMS, List.of(30.0, 50.0, 40.0, Double.NaN)));
        r.add(RealismReport.Side.REAL, Map.of(Statistic.EEG_RMS, List.of(5.0, 15.0, 10.0)));
        r.add(RealismReport.Side.REAL, Map.of(Statistic.EEG_RMS, List.of(12.0)));
        List<RealismReport.Row> rows = r.rows();
        assertEquals(1, rows.size());
        RealismReport.Row row = rows.get(0);
        assertEquals(new RealismReport.Summary(3, 40, 30, 50), row.simulated());
        assertEquals(new RealismReport.Summary(4, 11, 5, 15), row.real());
        assertEquals("> x2 high", row.flag());
        assertEquals(2, r.recordings(RealismReport.Side.REAL));
        assertTrue(r.markdown().contains("| 40.000 [30.000, 50.000] (3) | 11.000 [5.000, 15.000] (4) | > x2 high |"),
                r.markdown());
    }
}
