package org.neurofusion.modalities.eeg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.neurofusion.modalities.RecordingContract;

/**
 * What the EDF and BDF contract tests share: files the writer makes (mixed rates, a trigger channel, annotations),
 * cut at many points, and changed in place inside their last data record.
 */
abstract class EdfFamilyContract implements RecordingContract {
    private final String extension;

    /** @param extension {@code .edf} or {@code .bdf}: the variant written, and the shared files compared */
    EdfFamilyContract(String extension) {
        this.extension = extension;
    }

    @Override
    public List<Path> fixtures(Path into) {
        return List.of(write(into.resolve("mixed" + extension)));
    }

    @Override
    public List<String> sharedFiles(Path data) throws IOException {
        try (Stream<Path> s = Files.walk(data.resolve("eeg"))) {
            return s.filter(p -> p.toString().endsWith(extension)).map(p -> data.relativize(p).toString()).sorted()
                    .toList();
        }
    }

    /** Cuts inside the fixed header, the signal headers, the first record and the last: each at a byte offset. */
    @Override
    public List<Truncation> truncations(Path into) throws IOException {
        Path whole = write(into.resolve("whole" + extension));
        byte[] good = Files.readAllBytes(whole);
        int hb = Integer.parseInt(new String(good, 184, 8, StandardCharsets.US_ASCII).strip());
        List<Truncation> out = new ArrayList<>();
        for (int cut : new int[] {1, 7, 100, 235, 255, 256, 300, hb - 1, hb, hb + 1, hb + 1000, good.length / 2,
            good.length - 1}) {
            Path p = into.resolve("cut" + cut + extension);
            Files.write(p, Arrays.copyOf(good, cut));
            out.add(new Truncation("cut at byte " + cut + " of " + good.length, p, p, List.of(" at byte ")));
        }
        return out;
    }

    /** Inverts every byte of the first signal in the last data record (the header and annotations stay). */
    @Override
    public void rewriteSamples(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        int hb = Integer.parseInt(new String(b, 184, 8, StandardCharsets.US_ASCII).strip());
        int records = Integer.parseInt(new String(b, 236, 8, StandardCharsets.US_ASCII).strip());
        int ns = Integer.parseInt(new String(b, 252, 4, StandardCharsets.US_ASCII).strip());
        int bytesPerSample = b[0] == (byte) 0xFF ? 3 : 2;
        int recordBytes = 0;
        int[] spr = new int[ns];
        for (int i = 0; i < ns; i++) {
            spr[i] = Integer.parseInt(new String(b, 256 + 216 * ns + 8 * i, 8, StandardCharsets.US_ASCII).strip());
            recordBytes += spr[i] * bytesPerSample;
        }
        int from = hb + (records - 1) * recordBytes;
        for (int i = from; i < from + spr[0] * bytesPerSample; i++) {
            b[i] = (byte) ~b[i];
        }
        Files.write(file, b);
    }

    private Path write(Path p) {
        EdfWriter.builder().optBdf(extension.equals(".bdf")).build().write(EdfWriterTest.mixed(3), p);
        return p;
    }
}
