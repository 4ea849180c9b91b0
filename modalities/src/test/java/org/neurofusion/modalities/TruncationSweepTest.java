package org.neurofusion.modalities;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Channel;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SharedData;

/**
 * The truncation sweep of issue 18: every file in {@code ../shared/data} that {@link Recordings#open} accepts, cut at
 * {@value #CUTS} points (0 bytes, then every twentieth of its size), must give a typed error naming the file, or
 * a shorter recording: the same channels, none longer than in the whole file, every sample equal to the whole
 * file's, and no annotation the whole file does not have (one may end earlier, at the shorter recording's end). For
 * a BrainVision set, the header and the binary data are cut in turn (the other files whole); in a NIRx
 * folder the header and then every other file of the folder (wavelength data, events, triggers, probe, configuration)
 * are cut in turn, the rest whole. Files
 * over {@value #MAX_BYTES} bytes are left out, to keep the plain build fast.
 */
class TruncationSweepTest {
    static final int CUTS = 20;
    static final long MAX_BYTES = 4L << 20;

    /** Outcomes of all cuts, by format (the file's extension): typed errors and shorter recordings. */
    private static final java.util.Map<String, int[]> OUTCOMES = new java.util.concurrent.ConcurrentSkipListMap<>();

    @TempDir
    Path tmp;

    @org.junit.jupiter.api.AfterAll
    static void report() {
        OUTCOMES.forEach((format, n) -> System.out.println("truncation sweep, " + format + ": " + n[0]
                + " cuts gave a typed error, " + n[1] + " a shorter recording equal to the whole file's start"));
    }

    @TestFactory
    Stream<DynamicTest> everyAcceptedFileCutAtTwentyPoints() throws IOException {
        Path data = SharedData.require();
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).filter(p -> !p.startsWith(data.resolve("expected")))
                    .filter(p -> size(p) <= MAX_BYTES).filter(TruncationSweepTest::accepted).sorted().toList();
        }
        assertTrue(files.size() >= 20, "too few recordings found under " + data + ": " + files.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            String name = data.relativize(f).toString();
            if (name.toLowerCase(Locale.ROOT).endsWith(".vhdr")) {
                tests.add(DynamicTest.dynamicTest(name + " (header cut)", () -> sweepBrainVision(f, false)));
                tests.add(DynamicTest.dynamicTest(name + " (data cut)", () -> sweepBrainVision(f, true)));
            } else if (name.toLowerCase(Locale.ROOT).endsWith(".hdr")) {
                // A NIRx set: its header cut with the wavelength, event and probe files of its folder whole beside
                // it, then each of those files cut in turn with the header and the rest whole.
                tests.add(DynamicTest.dynamicTest(name, () -> sweep(f, f.getFileName().toString(), folderBut(f))));
                for (Path companion : folderBut(f)) {
                    tests.add(DynamicTest.dynamicTest(name + " (" + companion.getFileName() + " cut)",
                            () -> sweep(companion, f.getFileName().toString(), folderBut(companion))));
                }
            } else {
                tests.add(DynamicTest.dynamicTest(name, () -> sweep(f, f.getFileName().toString(), List.of())));
            }
        }
        return tests.stream();
    }

    private static List<Path> folderBut(Path f) throws IOException {
        try (Stream<Path> s = Files.list(f.getParent())) {
            return s.filter(Files::isRegularFile).filter(p -> !p.equals(f)).toList();
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Whether the whole file opens as a recording (folders, NIfTI images and side files do not). */
    private static boolean accepted(Path p) {
        try (Recording r = Recordings.open(p)) {
            return !r.channels().isEmpty();
        } catch (RecordingException e) {
            return false;
        }
    }

    /** Copies the set into a fresh folder, then cuts the header or the data file named in it. */
    private void sweepBrainVision(Path vhdr, boolean cutData) throws IOException {
        String base = vhdr.getFileName().toString().replaceFirst("\\.vhdr$", "");
        List<Path> siblings = new ArrayList<>();
        try (Stream<Path> s = Files.list(vhdr.getParent())) {
            s.filter(p -> p.getFileName().toString().startsWith(base + ".")).forEach(siblings::add);
        }
        Path eeg = siblings.stream().filter(p -> p.toString().endsWith(".eeg")).findFirst().orElse(null);
        if (cutData && eeg == null) {
            return;
        }
        sweep(cutData ? eeg : vhdr, vhdr.getFileName().toString(),
                siblings.stream().filter(p -> !p.equals(cutData ? eeg : vhdr)).toList());
    }

    /**
     * Cuts {@code victim} at every point, with {@code others} whole beside it, and opens {@code opened} (the victim's
     * name, or the header of its set).
     */
    private void sweep(Path victim, String opened, List<Path> others) throws IOException {
        Path mainOriginal = victim.resolveSibling(opened);
        double[][] whole;
        List<Channel> channels;
        List<org.neurofusion.core.Annotation> annotations;
        try (Recording r = Recordings.open(mainOriginal)) {
            channels = r.channels();
            annotations = r.annotations();
            whole = new double[channels.size()][];
            for (int c = 0; c < whole.length; c++) {
                whole[c] = r.readAll(c);
            }
        }
        byte[] bytes = Files.readAllBytes(victim);
        for (int k = 0; k < CUTS; k++) {
            int cut = (int) ((long) bytes.length * k / CUTS);
            Path dir = Files.createDirectory(tmp.resolve("cut-" + victim.getFileName() + "-" + k + "-" + System.nanoTime()));
            for (Path o : others) {
                Files.copy(o, dir.resolve(o.getFileName()));
            }
            Files.write(dir.resolve(victim.getFileName()), Arrays.copyOf(bytes, cut));
            boolean opens = check(dir.resolve(opened), victim.getFileName() + " cut at " + cut + " of " + bytes.length,
                    channels, whole, annotations);
            String name = victim.getFileName().toString();
            OUTCOMES.computeIfAbsent(name.substring(name.lastIndexOf('.') + 1), x -> new int[2])[opens ? 1 : 0]++;
        }
    }

    /** True when the cut file opened as a shorter recording, false when it raised a typed error. */
    private static boolean check(Path p, String what, List<Channel> channels, double[][] whole,
            List<org.neurofusion.core.Annotation> annotations) {
        try (Recording r = Recordings.open(p)) {
            // a cut may lose events (an event file cut at a line's end is a file of fewer events) or shorten one
            // to the shorter recording's end, never invent or change one
            for (org.neurofusion.core.Annotation a : r.annotations()) {
                assertTrue(annotations.stream().anyMatch(w -> w.onset() == a.onset()
                        && w.description().equals(a.description()) && w.channel().equals(a.channel())
                        && a.duration() <= w.duration()), what + ": annotation " + a + " is not among the whole file's");
            }
            assertEquals(channels.size(), r.channels().size(), what + ": channel count");
            for (int c = 0; c < whole.length; c++) {
                Channel ch = r.channels().get(c);
                assertEquals(channels.get(c).name(), ch.name(), what + ": channel " + c);
                assertTrue(ch.sampleCount() <= whole[c].length, what + ": channel " + ch.name() + " claims "
                        + ch.sampleCount() + " samples, the whole file has " + whole[c].length);
                double[] got = r.readAll(c);
                assertArrayEquals(Arrays.copyOf(whole[c], got.length), got,
                        what + ": channel " + ch.name() + " differs from the whole file's first samples");
            }
            return true;
        } catch (RecordingException e) {
            if (e.file() == null) {
                fail(what + ": a typed error that names no file: " + e.getMessage());
            }
            return false;
        } catch (RuntimeException | Error e) {
            if (e instanceof AssertionError a) {
                throw a;
            }
            throw new AssertionError(what + ": not a typed error: " + e, e);
        }
    }
}
