package org.neurofusion.modalities.fnirs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDateTime;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The date spellings NIRStar writes in the locales MNE knows, plus year-first numeric dates. */
class NirxDatesTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Fri, Aug 23, 2019|07:37:04.540|2019-08-23T07:37:04.540",
        "Tue, 18 Aug 2020|14:26:39.152|2020-08-18T14:26:39.152",
        "Mo 05 Okt 2020|09:00:00.5|2020-10-05T09:00:00.500",
        "Di, 10 Mär 2020|09:00:00|2020-03-10T09:00",
        "mer. 14 oct. 2020|10:11:12.123456|2020-10-14T10:11:12.123456",
        "gio 12 set 2019|23:59:59.999|2019-09-12T23:59:59.999",
        "2021年8月18日|17:03:42.279|2021-08-18T17:03:42.279",
        "Fri, Foo 23, 2019|07:37:04.540|",
        "Fri, Feb 30, 2019|07:37:04.540|",
        "Fri, Aug 23, 2019|25:00:00|",
        "|07:37:04.540|",
    })
    void nirStar(String date, String time, String expected) {
        Optional<LocalDateTime> want = expected == null ? Optional.empty() : Optional.of(LocalDateTime.parse(expected));
        assertEquals(want, NirxDates.nirStar(date == null ? "" : date, time));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2021-10-01 17:27:02.253134|2021-10-01T17:27:02.253134",
        "2021-10-01 17:27:02|2021-10-01T17:27:02",
        "2021-13-01 17:27:02|",
        "yesterday|",
    })
    void aurora(String date, String expected) {
        Optional<LocalDateTime> want = expected == null ? Optional.empty() : Optional.of(LocalDateTime.parse(expected));
        assertEquals(want, NirxDates.aurora(date));
    }
}
