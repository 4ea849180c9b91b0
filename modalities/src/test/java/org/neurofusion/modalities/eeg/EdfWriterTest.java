package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ForwardingRecording;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.InMemoryRecording;
import org.neurofusion.core.Recording;
import org.neurofusion.core.Segment;
import org.neurofusion.core.SharedData;

class EdfWriterTest {
    @TempDir
    Path dir;

    /** Mixed rates, a trigger channel, UTF-8 annotations with durations, a sub-second start, header fields. */
    static InMemoryRecording mixed(long seed) {
        Random rnd = new Random(seed);
        double[] eeg = new double[2560];
        double[] eog = new double[2560];
        double[] resp = new double[50];
        double[] trig = new double[2560];
        for (int i = 0; i < eeg.length; i++) {
            eeg[i] = 50e-6 * Math.sin(2 * Math.PI * 10 * i / 256.0) + 5e-6 * rnd.nextGaussian();
            eog[i] = 300e-6 * rnd.nextGaussian();
            trig[i] = i % 512 == 100 ? 255 : i % 512 == 300 ? 40000 : 0;
        }
        for (int i = 0; i < resp.length; i++) {
            resp[i] = 0.25 * Math.cos(i / 3.0);
        }
        return InMemoryRecording.builder().setFormat("test")
                .addChannel(new Channel("Fp1", ChannelType.EEG, "V", 256, 0), eeg)
                .addChannel(new Channel("EOG left", ChannelType.EOG, "V", 256, 0), eog)
                .addChannel(new Channel("Resp", ChannelType.RESP, "AU", 5, 0), resp)
                .addChannel(new Channel("Status", ChannelType.STIM, "AU", 256, 0), trig)
                .addAnnotation(new Annotation(0.5, 1.25, "Stimulus/S  1"))
                .addAnnotation(new Annotation(3.0000001, 0, "仰卧 – supine"))
                .addAnnotation(new Annotation(9.75, 0.25, "end"))
                .optStart(LocalDateTime.of(2021, 3, 4, 5, 6, 7, 394_531_200))
                .optHeader("patient_code", "P-007").optHeader("patient_name", "Jane Doe")
                .optHeader("patient_sex", "female").optHeader("equipment", "amp 2")
                .build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"out.edf", "out.bdf"})
    void roundTripKeepsRatesAnnotationsStartAndValues(String name) {
        Recording src = mixed(1);
        Path out = dir.resolve(name);
        EdfWriter.writeFile(src, out);
        try (EdfRecording r = EdfReader.open(out)) {
            assertEquals(name.endsWith(".bdf") ? "BDF+C" : "EDF+C", r.format());
            assertEquals(List.of("Fp1", "EOG left", "Resp", "Status"), r.channels().stream().map(Channel::name).toList());
            assertArrayEquals(new double[] {256, 256, 5, 256},
                    r.channels().stream().mapToDouble(Channel::samplingRate).toArray());
            assertArrayEquals(new long[] {2560, 2560, 50, 2560},
                    r.channels().stream().mapToLong(Channel::sampleCount).toArray());
            assertEquals(src.start(), r.start());
            assertEquals(src.annotations().size(), r.annotations().size());
            for (int i = 0; i < src.annotations().size(); i++) {
                Annotation a = src.annotations().get(i);
                Annotation b = r.annotations().get(i);
                assertEquals(a.description(), b.description());
                assertEquals(a.onset(), b.onset(), 1e-7);
                assertEquals(a.duration(), b.duration(), 1e-7);
            }
            assertEquals("P-007", r.header().get("patient_code"));
            assertEquals("Jane Doe", r.header().get("patient_name"));
            assertEquals("female", r.header().get("patient_sex"));
            assertEquals("amp 2", r.header().get("equipment"));
            for (int c = 0; c < 4; c++) {
                double[] a = src.readAll(c);
                double[] b = r.readAll(c);
                double step = Math.abs(r.signal(c).gain() * r.signal(c).unitScale());
                for (int t = 0; t < a.length; t++) {
                    assertEquals(a[t], b[t], step / 2 * 1.0000001 + 1e-18, "channel " + c + " sample " + t);
                }
            }
            // Trigger codes survive exactly, also beyond EDF's signed 16 bits.
            assertEquals(40000.0, r.readAll(3)[300]);
            assertEquals(255.0, r.readAll(3)[612]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"eeg/pyedflib/test_generator.edf", "eeg/mne_edf/test.bdf",
        "eeg/pyedflib/test_generator_datarec_generator_2.bdf", "eeg/mne_testing_data/test_edf_overlapping_annotations.edf"})
    void rewritingARealFileIsExactAtTheDigitalLevel(String file) {
        Path in = SharedData.require(file);
        Path out = dir.resolve(in.getFileName());
        try (EdfRecording a = EdfReader.open(in)) {
            EdfWriter.writeFile(a, out);
            try (EdfRecording b = EdfReader.open(out)) {
                assertEquals(a.channels().size(), b.channels().size());
                assertEquals(a.annotations(), b.annotations());
                assertEquals(a.start(), b.start());
                for (int c = 0; c < a.channels().size(); c++) {
                    int n = (int) a.channels().get(c).sampleCount();
                    int[] da = new int[n];
                    int[] db = new int[n];
                    a.readDigital(c, 0, da, 0, n);
                    b.readDigital(c, 0, db, 0, n);
                    assertArrayEquals(da, db, "digital values of " + a.channels().get(c).name());
                    assertArrayEquals(a.readAll(c), b.readAll(c), 0.0, "values of " + a.channels().get(c).name());
                }
            }
        }
    }

    /** Two-digit years cover 1985-2084; outside it EDF+ writes "yy" and the year lives in the recording field. */
    @ParameterizedTest
    @ValueSource(ints = {1985, 1999, 2000, 2084, 2085, 2090, 1970})
    void startYearsOutsideTheClippingWindowSurvive(int year) throws IOException {
        LocalDateTime start = LocalDateTime.of(year, 12, 31, 23, 59, 58, 500_000_000);
        InMemoryRecording src = InMemoryRecording.builder()
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", 10, 0), new double[20]).optStart(start).build();
        Path out = dir.resolve("y" + year + ".edf");
        EdfWriter.writeFile(src, out);
        String dateField = new String(Files.readAllBytes(out), 168, 8, java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(year >= 1985 && year <= 2084 ? String.format("31.12.%02d", year % 100) : "31.12.yy", dateField);
        try (EdfRecording r = EdfReader.open(out)) {
            assertEquals(start, r.start().orElseThrow());
        }
    }

    @Test
    void awkwardChannelsAreWrittenFaithfully() throws IOException {
        double[] trig = {976e-6, 0.5e-6, -3e-6, 0};
        double[] inf = {1e-6, Double.POSITIVE_INFINITY, -2e-6, 3e-6};
        InMemoryRecording src = InMemoryRecording.builder()
                // Typed as a trigger but analog: must not be rounded to integer codes.
                .addChannel(new Channel("TRIG", ChannelType.STIM, "V", 4, 0), trig)
                // Greek mu in the attributes and a non-ASCII transducer.
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", 4, 0, Optional.empty(),
                        Map.of("physical_dimension", "\u03bcV", "transducer", "Ag/AgCl \ud83d\ude00")),
                        new double[] {8.41e-6, -1e-6, 2e-6, 0})
                .addChannel(new Channel("Inf", ChannelType.EEG, "V", 4, 0), inf)
                .addChannel(new Channel("Empty", ChannelType.MISC, "AU", 4, 0), new double[0])
                .build();
        Path out = dir.resolve("awkward.edf");
        EdfWriter.writeFile(src, out);
        try (EdfRecording r = EdfReader.open(out)) {
            double[] t = r.readAll(0);
            for (int i = 0; i < trig.length; i++) {
                assertEquals(trig[i], t[i], Math.abs(r.signal(0).gain()) * 1e-6);
            }
            assertEquals("uV", r.signal(1).physicalDimension());
            assertEquals("Ag/AgCl ??", r.signal(1).transducer());
            assertEquals(8.41e-6, r.readAll(1)[0], 1e-9);
            double[] i = r.readAll(2);
            assertEquals(3e-6, i[3], 1e-10);
            assertTrue(i[1] >= 2.9e-6, "infinity is clamped to the range maximum: " + i[1]);
        }
        // Channels with no samples still carry their annotations.
        InMemoryRecording onlyAnnotations = InMemoryRecording.builder()
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", 4, 0), new double[0])
                .addAnnotation(new Annotation(1.5, 0, "kept")).build();
        Path out2 = dir.resolve("empty.edf");
        EdfWriter.writeFile(onlyAnnotations, out2);
        try (EdfRecording r = EdfReader.open(out2)) {
            assertEquals(List.of(new Annotation(1.5, 0, "kept")), r.annotations());
        }
        // A record duration EDF's 8 characters cannot hold is refused, not rounded.
        InMemoryRecording r300 = InMemoryRecording.builder()
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", 300, 0), new double[300]).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EdfWriter.builder().optRecordDuration(1.0 / 3).build().write(r300, dir.resolve("third.edf")));
        assertTrue(e.getMessage().contains("8 characters"), e.getMessage());
    }

    @Test
    void writtenFilesGetTheUsualPermissions() throws IOException {
        Path plain = Files.createFile(dir.resolve("plain"));
        Path out = dir.resolve("perm.edf");
        EdfWriter.writeFile(mixed(4), out);
        if (Files.getFileStore(out).supportsFileAttributeView("posix")) {
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(out));
        }
    }

    @Test
    void discontinuousRecordingsBecomeEdfPlusD() {
        double[] x = new double[600];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 1e-6;
        }
        InMemoryRecording src = InMemoryRecording.builder()
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", 100, 0), x)
                .optSegments(List.of(new Segment(0, 0, 2), new Segment(2, 10, 4)))
                .addAnnotation(new Annotation(11, 0, "in second segment"))
                .optStart(LocalDateTime.of(2000, 1, 1, 0, 0))
                .build();
        Path out = dir.resolve("d.edf");
        EdfWriter.writeFile(src, out);
        try (EdfRecording r = EdfReader.open(out)) {
            assertEquals("EDF+D", r.format());
            assertEquals(List.of(new Segment(0, 0, 2), new Segment(2, 10, 4)), r.segments());
            assertEquals(11.0, r.annotations().get(0).onset(), 1e-9);
            assertEquals(6.0, r.durationSeconds());
        }
    }

    @Test
    void annotationsOnlyAndManyAnnotationsInOneRecord() {
        InMemoryRecording.Builder b = InMemoryRecording.builder()
                .addChannel(new Channel("Cz", ChannelType.EEG, "V", 10, 0), new double[30]);
        for (int i = 0; i < 500; i++) {
            b.addAnnotation(new Annotation(2.9, 0, "burst " + i));
        }
        Path out = dir.resolve("many.bdf");
        EdfWriter.writeFile(b.build(), out);
        try (EdfRecording r = EdfReader.open(out)) {
            assertEquals(500, r.annotations().size());
            assertEquals("burst 499", r.annotations().get(499).description());
            // Spread over the 3 records rather than all in one: each holds about a third.
            List<EdfSignal> sigs = r.edfHeader().signals();
            int bytes = sigs.get(sigs.size() - 1).samplesPerRecord() * 3;
            assertTrue(bytes < 5000, "annotation bytes per record: " + bytes);
        }
    }

    @Test
    void chosenRecordDurationFitsFractionalRates() {
        InMemoryRecording src = InMemoryRecording.builder()
                .addChannel(new Channel("a", ChannelType.EEG, "V", 487.5, 0), new double[975 * 3])
                .addChannel(new Channel("b", ChannelType.EEG, "V", 12.8, 0), new double[64 * 3 / 2 * 2])
                .build();
        Path out = dir.resolve("frac.edf");
        EdfWriter.writeFile(src, out);
        try (EdfRecording r = EdfReader.open(out)) {
            assertEquals("10", r.header().get("record_duration_s"));
            assertEquals(487.5, r.channels().get(0).samplingRate());
            assertEquals(12.8, r.channels().get(1).samplingRate(), 1e-12);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EdfWriter.builder()
                .optRecordDuration(1).build().write(src, dir.resolve("bad.edf")));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
    }

    @Test
    void failedWritesLeaveNothingBehind() throws IOException {
        Path out = dir.resolve("x.edf");
        Files.writeString(out, "previous content");
        InMemoryRecording tooLong = InMemoryRecording.builder()
                .addChannel(new Channel("a name longer than sixteen", ChannelType.EEG, "V", 1, 0), new double[2])
                .build();
        assertThrows(IllegalArgumentException.class, () -> EdfWriter.writeFile(tooLong, out));
        AtomicInteger reads = new AtomicInteger();
        Recording failing = new ForwardingRecording(mixed(2)) {
            // Reads fail once the writer has measured the channels, as a disk error would.
            @Override
            public void read(int channel, long firstSample, double[] dst, int offset, int count) {
                if (reads.incrementAndGet() > channels().size() + 1) {
                    throw new IllegalStateException("simulated read failure");
                }
                super.read(channel, firstSample, dst, offset, count);
            }
        };
        assertThrows(IllegalStateException.class, () -> EdfWriter.writeFile(failing, out));
        assertEquals("previous content", Files.readString(out));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(out), s.toList(), "no temporary file may remain");
        }
    }
}
