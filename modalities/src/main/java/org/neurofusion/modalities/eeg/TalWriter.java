package org.neurofusion.modalities.eeg;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.neurofusion.core.Annotation;

/**
 * Packs annotations into the annotation signal of each data record: the time-keeping TAL first, then the
 * annotations in onset order, spread over the records so that no record needs much more room than the
 * average (a TAL carries its own absolute onset, so any record may hold it).
 */
final class TalWriter {
    private final List<byte[]> perRecord;
    private final int bytesPerRecord;

    private TalWriter(List<byte[]> perRecord, int bytesPerRecord) {
        this.perRecord = perRecord;
        this.bytesPerRecord = bytesPerRecord;
    }

    /**
     * @param recordOnsets each record's start in seconds after the header's start time (sub-second included)
     * @param shift added to every annotation onset (the start's sub-second fraction)
     */
    static TalWriter pack(double[] recordOnsets, List<Annotation> annotations, double shift, int bytesPerSample) {
        int n = recordOnsets.length;
        if (n == 0 && !annotations.isEmpty()) {
            throw new IllegalArgumentException("annotations need at least one data record");
        }
        List<ByteArrayOutputStream> recs = new ArrayList<>(n);
        for (double onset : recordOnsets) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.writeBytes(number(onset, true).getBytes(StandardCharsets.US_ASCII));
            b.write(0x14);
            b.write(0x14);
            b.write(0);
            recs.add(b);
        }
        List<byte[]> tals = new ArrayList<>(annotations.size());
        long total = 0;
        int largest = 0;
        for (Annotation a : annotations) {
            byte[] t = tal(a, shift);
            tals.add(t);
            total += t.length;
            largest = Math.max(largest, t.length);
        }
        long budget = n == 0 ? 0 : (total + n - 1) / n + largest;
        int r = 0;
        for (byte[] t : tals) {
            while (r < n - 1 && recs.get(r).size() + t.length > budget + 16) {
                r++;
            }
            recs.get(r).writeBytes(t);
        }
        int max = 0;
        List<byte[]> out = new ArrayList<>(n);
        for (ByteArrayOutputStream b : recs) {
            out.add(b.toByteArray());
            max = Math.max(max, b.size());
        }
        int samples = (max + bytesPerSample - 1) / bytesPerSample;
        return new TalWriter(out, Math.max(1, samples) * bytesPerSample);
    }

    /** Samples per record of the annotation signal. */
    int samplesPerRecord(int bytesPerSample) {
        return bytesPerRecord / bytesPerSample;
    }

    /** Writes record {@code r}'s annotation bytes, zero-padded, into {@code dst} at {@code off}. */
    void fill(int r, byte[] dst, int off) {
        byte[] b = perRecord.get(r);
        System.arraycopy(b, 0, dst, off, b.length);
        java.util.Arrays.fill(dst, off + b.length, off + bytesPerRecord, (byte) 0);
    }

    private static byte[] tal(Annotation a, double shift) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(number(a.onset() + shift, true).getBytes(StandardCharsets.US_ASCII));
        if (a.duration() > 0) {
            b.write(0x15);
            b.writeBytes(number(a.duration(), false).getBytes(StandardCharsets.US_ASCII));
        }
        b.write(0x14);
        // The separators 0x14, 0x15 and 0 cannot appear inside a text; they become spaces.
        String text = a.description().replace('\u0014', ' ').replace('\u0015', ' ').replace('\u0000', ' ');
        b.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        b.write(0x14);
        b.write(0);
        return b.toByteArray();
    }

    /** A TAL number: at most 7 decimals (100 ns), no exponent, with a sign when it is an onset. */
    private static String number(double v, boolean signed) {
        String s = BigDecimal.valueOf(v).setScale(7, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
        if (s.equals("-0")) {
            s = "0";
        }
        return signed && !s.startsWith("-") ? "+" + s : s;
    }
}
