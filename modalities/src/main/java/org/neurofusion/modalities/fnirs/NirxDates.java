package org.neurofusion.modalities.fnirs;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The start date-times NIRx software writes. NIRStar writes the date in the Windows locale of the recording PC
 * ({@code "Fri, Aug 23, 2019"}, {@code "Mo 05 Okt 2020"}, {@code "2021年8月18日"}) and the time apart
 * ({@code "07:37:04.540"}); Aurora writes {@code 2021-10-01 17:27:02.253134}. English, German, French and
 * Italian abbreviations are understood, as in MNE, and so is a year-first numeric date with any separators
 * (which MNE 1.3 does not read: it falls back to 2000-01-01).
 */
final class NirxDates {
    private static final Map<String, Integer> MONTHS = months();
    private static final Pattern WORDY = Pattern.compile(
            "^(?:[\\p{L}.]+,?\\s+)?(?:(\\p{L}[\\p{L}.]*)\\s+(\\d{1,2}),?|(\\d{1,2})\\.?\\s+(\\p{L}[\\p{L}.]*))\\s*,?\\s+(\\d{4})$");
    private static final Pattern YEAR_FIRST = Pattern.compile("^\\D*(\\d{4})\\D+(\\d{1,2})\\D+(\\d{1,2})\\D*$");
    private static final Pattern TIME = Pattern.compile("^(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?$");

    private NirxDates() {
    }

    /** NIRStar's {@code Date} and {@code Time} fields (quotes already removed); empty when not understood. */
    static Optional<LocalDateTime> nirStar(String date, String time) {
        Optional<LocalDate> d = date(date.strip());
        Optional<LocalTime> t = time(time.strip());
        return d.isPresent() && t.isPresent() ? Optional.of(LocalDateTime.of(d.get(), t.get())) : Optional.empty();
    }

    /** Aurora's {@code Date} field, {@code yyyy-MM-dd HH:mm:ss.ffffff}; empty when not understood. */
    static Optional<LocalDateTime> aurora(String dateTime) {
        String[] f = dateTime.strip().split("\\s+");
        if (f.length != 2) {
            return Optional.empty();
        }
        Optional<LocalDate> d = date(f[0]);
        Optional<LocalTime> t = time(f[1]);
        return d.isPresent() && t.isPresent() ? Optional.of(LocalDateTime.of(d.get(), t.get())) : Optional.empty();
    }

    private static Optional<LocalDate> date(String s) {
        try {
            Matcher m = YEAR_FIRST.matcher(s);
            if (m.matches()) {
                return Optional.of(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))));
            }
            m = WORDY.matcher(s);
            if (m.matches()) {
                String month = m.group(1) != null ? m.group(1) : m.group(4);
                String day = m.group(1) != null ? m.group(2) : m.group(3);
                Integer mo = MONTHS.get(month.toLowerCase(Locale.ROOT));
                if (mo != null) {
                    return Optional.of(LocalDate.of(Integer.parseInt(m.group(5)), mo, Integer.parseInt(day)));
                }
            }
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<LocalTime> time(String s) {
        Matcher m = TIME.matcher(s);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            String frac = m.group(4) == null ? "" : m.group(4);
            int nanos = frac.isEmpty() ? 0 : Integer.parseInt((frac + "000000000").substring(0, 9));
            return Optional.of(LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), nanos));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    private static Map<String, Integer> months() {
        // Abbreviations as Windows and glibc print them in the locales MNE lists (en, de, fr, it).
        List<String[]> names = new ArrayList<>();
        names.add(new String[] {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"});
        names.add(new String[] {"jan", "feb", "mär", "apr", "mai", "jun", "jul", "aug", "sep", "okt", "nov", "dez"});
        names.add(new String[] {"janv.", "févr.", "mars", "avril", "mai", "juin", "juil.", "août", "sept.", "oct.",
            "nov.", "déc."});
        names.add(new String[] {"gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"});
        Map<String, Integer> m = new java.util.HashMap<>();
        for (String[] n : names) {
            for (int i = 0; i < 12; i++) {
                m.putIfAbsent(n[i], i + 1);
            }
        }
        return Map.copyOf(m);
    }
}
