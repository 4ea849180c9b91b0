package org.neurofusion.modalities.eeg;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.neurofusion.core.AtomicFiles;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.Segment;

/**
 * Writes a {@link Recording} as EDF+ (16-bit) or BDF+ (24-bit), with its annotations, header fields,
 * sub-second start and, when acquisition paused, as EDF+D/BDF+D. Each channel keeps its rate; the record
 * duration is chosen so every rate gives a whole number of samples per record. The file is written to a
 * temporary file beside the target and renamed, so a failure never leaves a half-written file.
 */
public final class EdfWriter {
    private static final double[] RECORD_DURATIONS = {1, 2, 4, 5, 10, 0.5, 0.25, 0.2, 0.1, 20, 25, 50, 100};

    private final Boolean bdf;
    private final double recordDuration;

    private EdfWriter(Builder b) {
        this.bdf = b.bdf;
        this.recordDuration = b.recordDuration;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Writes with the defaults: BDF+ when the name ends in ".bdf", EDF+ otherwise; record duration chosen. */
    public static void writeFile(Recording rec, Path out) {
        builder().build().write(rec, out);
    }

    /**
     * Writes {@code rec} to {@code out}.
     *
     * @throws IllegalArgumentException when the recording cannot be represented (a label over 16 characters,
     *     rates with no common record duration, segments that do not start on record boundaries)
     * @throws RecordingException when the file cannot be written (nothing is left behind)
     */
    public void write(Recording rec, Path out) {
        Objects.requireNonNull(rec, "rec");
        boolean useBdf = bdf != null ? bdf : out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bdf");
        int bps = useBdf ? 3 : 2;
        List<Channel> cs = rec.channels();
        double d = cs.isEmpty() ? 0 : recordDuration > 0 ? checkDuration(cs, recordDuration) : chooseDuration(cs);
        long records = 1;
        int[] spr = new int[cs.size()];
        for (int i = 0; i < cs.size(); i++) {
            spr[i] = (int) Math.round(cs.get(i).samplingRate() * d);
            long need = (cs.get(i).sampleCount() + spr[i] - 1) / spr[i];
            records = i == 0 ? need : Math.max(records, need);
        }
        if (records == 0 && !rec.annotations().isEmpty()) {
            records = 1; // annotations need a record to live in
        }
        if (records > 99_999_999) {
            throw new IllegalArgumentException("the recording needs " + records + " data records of " + d
                    + " s; EDF's header holds at most 99999999 (choose a longer record duration)");
        }
        List<EdfSignalPlan> plans = new ArrayList<>();
        for (int i = 0; i < cs.size(); i++) {
            plans.add(EdfSignalPlan.of(rec, i, useBdf, spr[i]));
        }
        LocalDateTime start = rec.start().orElse(null);
        double fraction = start == null ? 0 : start.getNano() / 1e9;
        LocalDateTime wholeStart = start == null ? null : start.withNano(0);
        double[] onsets = recordOnsets(rec.segments(), (int) records, d, fraction);
        boolean discontinuous = isDiscontinuous(onsets, d, fraction);
        TalWriter tals = TalWriter.pack(onsets, rec.annotations(), fraction, bps);
        int annSpr = tals.samplesPerRecord(bps);
        long recordBytes = (long) annSpr * bps;
        for (int s : spr) {
            recordBytes += (long) s * bps;
        }
        if (annSpr > 99_999_999 || recordBytes > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("a data record would hold " + recordBytes + " bytes (annotation signal: "
                    + annSpr + " samples); choose a shorter record duration");
        }
        plans.add(new EdfSignalPlan(useBdf ? "BDF Annotations" : "EDF Annotations", "", "-1", "1",
                useBdf ? -8_388_608 : -32_768, useBdf ? 8_388_607 : 32_767, "", "", annSpr, 1, false, false));
        byte[] header = EdfHeaderWriter.header(useBdf, discontinuous, rec.header(), wholeStart, records, d, plans);
        int nrec = (int) records;
        AtomicFiles.write(out, os -> {
            os.write(header);
            writeRecords(rec, plans, spr, nrec, bps, tals, os);
        });
    }

    private static void writeRecords(Recording rec, List<EdfSignalPlan> plans, int[] spr, int records, int bps,
            TalWriter tals, OutputStream os) throws IOException {
        int nch = spr.length;
        int recordBytes = 0;
        for (EdfSignalPlan p : plans) {
            recordBytes += p.samplesPerRecord() * bps;
        }
        // Read several records per channel at a time: few, large reads, whatever the record size.
        int batch = Math.max(1, Math.min(records, (4 << 20) / Math.max(1, recordBytes)));
        int[][] dig = new int[nch][];
        double[] values = new double[0];
        for (int i = 0; i < nch; i++) {
            dig[i] = new int[batch * spr[i]];
            if (!plans.get(i).copyDigital()) {
                values = values.length >= dig[i].length ? values : new double[dig[i].length];
            }
        }
        byte[] out = new byte[batch * recordBytes];
        for (int r0 = 0; r0 < records; r0 += batch) {
            int nrec = Math.min(batch, records - r0);
            for (int i = 0; i < nch; i++) {
                long first = (long) r0 * spr[i];
                long have = rec.channels().get(i).sampleCount();
                int n = (int) Math.max(0, Math.min((long) nrec * spr[i], have - first));
                EdfSignalPlan plan = plans.get(i);
                if (n > 0 && plan.copyDigital()) {
                    ((EdfRecording) rec).readDigital(i, first, dig[i], 0, n);
                } else if (n > 0) {
                    rec.read(i, first, values, 0, n);
                    for (int s = 0; s < n; s++) {
                        dig[i][s] = plan.quantize(values[s]);
                    }
                }
                // A channel shorter than the others is padded with its last value (EDF records are full).
                int last = n > 0 ? dig[i][n - 1] : plan.quantize(0);
                java.util.Arrays.fill(dig[i], n, nrec * spr[i], last);
            }
            int p = 0;
            for (int k = 0; k < nrec; k++) {
                for (int i = 0; i < nch; i++) {
                    int base = k * spr[i];
                    for (int s = 0; s < spr[i]; s++) {
                        int v = dig[i][base + s];
                        out[p++] = (byte) v;
                        out[p++] = (byte) (v >> 8);
                        if (bps == 3) {
                            out[p++] = (byte) (v >> 16);
                        }
                    }
                }
                tals.fill(r0 + k, out, p);
                p += plans.get(nch).samplesPerRecord() * bps;
            }
            os.write(out, 0, p);
        }
    }

    private static double[] recordOnsets(List<Segment> segments, int records, double d, double fraction) {
        double[] onsets = new double[records];
        for (int r = 0; r < records; r++) {
            double t = r * d;
            Segment seg = null;
            for (Segment s : segments) {
                if (t + 1e-9 >= s.dataOffset()) {
                    seg = s;
                }
            }
            double onset = seg == null ? t : seg.onset() + (t - seg.dataOffset());
            onsets[r] = onset + fraction;
        }
        for (Segment s : segments) {
            double k = d == 0 ? 0 : s.dataOffset() / d;
            if (d > 0 && Math.abs(k - Math.rint(k)) > 1e-6) {
                throw new IllegalArgumentException("segment starting at " + s.dataOffset() + " s of data does not"
                        + " begin on a data record boundary (record duration " + d + " s)");
            }
        }
        return onsets;
    }

    private static boolean isDiscontinuous(double[] onsets, double d, double fraction) {
        for (int r = 0; r < onsets.length; r++) {
            if (Math.abs(onsets[r] - (fraction + r * d)) > 1e-7) {
                return true;
            }
        }
        return false;
    }

    private static double chooseDuration(List<Channel> cs) {
        for (double d : RECORD_DURATIONS) {
            if (fitsWhole(cs, d)) {
                return d;
            }
        }
        throw new IllegalArgumentException("no record duration in " + java.util.Arrays.toString(RECORD_DURATIONS)
                + " s gives every channel a whole number of samples; rates: "
                + cs.stream().map(c -> c.name() + " " + c.samplingRate() + " Hz").toList());
    }

    private static double checkDuration(List<Channel> cs, double d) {
        String written = EdfNumbers.fit(d, 8, java.math.RoundingMode.HALF_EVEN);
        if (Double.parseDouble(written) != d) {
            throw new IllegalArgumentException("record duration " + d + " s cannot be written exactly in EDF's"
                    + " 8 characters (it would read back as " + written + " s)");
        }
        if (!fitsWhole(cs, d)) {
            throw new IllegalArgumentException("record duration " + d + " s does not give every channel a whole"
                    + " number of samples per record");
        }
        return d;
    }

    private static boolean fitsWhole(List<Channel> cs, double d) {
        for (Channel c : cs) {
            double n = c.samplingRate() * d;
            if (Math.abs(n - Math.rint(n)) > 1e-9 * Math.max(1, n) || Math.rint(n) < 1 || n > 99_999_999) {
                return false;
            }
        }
        return true;
    }

    /** Options of {@link EdfWriter}. */
    public static final class Builder {
        private Boolean bdf;
        private double recordDuration;

        private Builder() {
        }

        /** 24-bit BDF+ when true, 16-bit EDF+ when false; by default, from the output file's extension. */
        public Builder optBdf(boolean b) {
            this.bdf = b;
            return this;
        }

        /** Seconds per data record; by default the shortest of 1, 2, 4, 5, 10 s ... that fits every rate. */
        public Builder optRecordDuration(double seconds) {
            if (!(seconds > 0) || !Double.isFinite(seconds)) {
                throw new IllegalArgumentException("record duration must be positive, got " + seconds);
            }
            this.recordDuration = seconds;
            return this;
        }

        public EdfWriter build() {
            return new EdfWriter(this);
        }
    }
}
