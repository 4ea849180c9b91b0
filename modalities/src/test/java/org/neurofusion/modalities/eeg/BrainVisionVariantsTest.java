package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.Recording;
import org.neurofusion.core.Segment;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.modalities.Recordings;

/** Header and marker variants: units, names, encodings, byte order, coordinates, segments, annotations. */
class BrainVisionVariantsTest {
    @TempDir
    Path dir;

    @Test
    void unitsScaleToSiAndDecideTheTypeAsMneDoes() {
        BrainVisionFixture f = new BrainVisionFixture();
        f.channels = 12;
        f.channelLines = List.of("Ch1=A,,2,mV", "Ch2=B,,2,V", "Ch3=C,,2,nV", "Ch4=D,,2,uV", "Ch5=E,,2,\u03bcV",
                "Ch6=F,,2,µS", "Ch7=G,,2,ARU", "Ch8=H,,2,C", "Ch9=I,,2,xyz", "Ch10=J,,,µV", "Ch11=K,,2",
                "Ch12=HEOGL,,2,BS");
        double[] scale = {2e-3, 2, 2e-9, 2e-6, 2e-6, 2e-6, 2, 2, 2, 1e-6, 2e-6, 2};
        String[] unit = {"V", "V", "V", "V", "V", "S", "AU", "°C", "xyz", "V", "V", "BS"};
        ChannelType M = ChannelType.MISC;
        ChannelType E = ChannelType.EEG;
        ChannelType[] type = {E, E, E, E, E, M, M, M, M, E, E, ChannelType.EOG};
        try (Recording r = BrainVisionReader.open(f.write(dir, "u"))) {
            for (int c = 0; c < 12; c++) {
                Channel ch = r.channels().get(c);
                double[] v = new double[1];
                r.read(c, 7, v, 0, 1);
                assertEquals(f.raw(c, 7) * scale[c], v[0], Math.abs(f.raw(c, 7) * scale[c]) * 1e-15, ch.name());
                assertEquals(unit[c], ch.unit(), ch.name());
                assertEquals(type[c], ch.type(), ch.name());
            }
        }
    }

    /**
     * The data file is mapped when first read. A thread whose interrupt flag is set used to make that mapping close
     * the recording's channel for every reader; now it reads, keeps its interrupt, and the recording stays usable.
     */
    @Test
    void anInterruptedReaderNeitherFailsNorClosesTheRecordingForOthers() {
        BrainVisionFixture f = new BrainVisionFixture();
        try (Recording r = BrainVisionReader.open(f.write(dir, "interrupted"))) {
            double[] v = new double[3];
            Thread.currentThread().interrupt();
            try {
                r.read(1, 40, v, 0, 3);
            } finally {
                assertTrue(Thread.interrupted(), "the interrupt is left for the caller");
            }
            double[] again = new double[3];
            r.read(1, 40, again, 0, 3);
            for (int t = 0; t < 3; t++) {
                assertEquals(f.raw(1, 40 + t) * 1e-6 * 0.5, v[t], 1e-18, "sample " + (40 + t));
                assertEquals(v[t], again[t], 0);
            }
        }
    }

    @Test
    void escapedCommasAndDuplicateNames() {
        BrainVisionFixture f = new BrainVisionFixture();
        f.channelLines = List.of("Ch1=Fp1\\1left,REF,0.5,µV", "Ch2=Cz,,0.5,µV", "Ch3=Cz,,0.5,µV");
        f.markerLines = List.of("Mk1=Comment,a\\1b,5,0,1");
        try (Recording r = BrainVisionReader.open(f.write(dir, "n"))) {
            assertEquals(List.of("Fp1,left", "Cz-0", "Cz-1"), r.channels().stream().map(Channel::name).toList());
            assertEquals("REF", r.channels().get(0).attributes().get("reference"));
            Annotation a = r.annotations().get(0);
            assertEquals("Comment/a,b", a.description());
            assertEquals("Fp1,left", a.channel());
        }
    }

    @Test
    void encodings() throws IOException {
        // UTF-8 declared.
        BrainVisionFixture f = new BrainVisionFixture();
        f.channelLines = List.of("Ch1=Fp1ü,,0.5,µV", "Ch2=B,,0.5,µV", "Ch3=C,,0.5,µV");
        try (Recording r = BrainVisionReader.open(f.write(dir, "utf8"))) {
            assertEquals("Fp1ü", r.channels().get(0).name());
            assertEquals("V", r.channels().get(0).unit());
            assertFalse(r.header().containsKey("Warnings"));
        }
        // No codepage and Latin-1 bytes: UTF-8 fails, Latin-1 is used, and said so.
        f.codepage = null;
        f.headerCharset = StandardCharsets.ISO_8859_1;
        try (Recording r = BrainVisionReader.open(f.write(dir, "latin1"))) {
            assertEquals("Fp1ü", r.channels().get(0).name());
            assertEquals(1e-6 * 0.5 * f.raw(0, 0), r.readAll(0)[0]);
            assertEquals("ISO-8859-1", r.header().get("Encoding"));
            assertTrue(r.header().get("Warnings").contains("ISO-8859-1"));
        }
        // ANSI: Windows-1252, where 0x80 is the euro sign.
        f.codepage = "ANSI";
        f.headerCharset = Charset.forName("windows-1252");
        f.channelLines = List.of("Ch1=€1,,0.5,µV", "Ch2=B,,0.5,µV", "Ch3=C,,0.5,µV");
        try (Recording r = BrainVisionReader.open(f.write(dir, "ansi"))) {
            assertEquals("€1", r.channels().get(0).name());
        }
        // A UTF-8 byte-order mark before the signature.
        f.codepage = "UTF-8";
        f.headerCharset = StandardCharsets.UTF_8;
        Path bom = f.write(dir, "bom");
        byte[] body = Files.readAllBytes(bom);
        byte[] withBom = new byte[body.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(body, 0, withBom, 3, body.length);
        Files.write(bom, withBom);
        try (Recording r = Recordings.open(bom)) {
            assertEquals("€1", r.channels().get(0).name());
        }
    }

    @Test
    void bigEndianVectorizedWithoutDataPoints() {
        BrainVisionFixture f = new BrainVisionFixture();
        f.bigEndian = true;
        f.orientation = "VECTORIZED";
        f.binaryFormat = "INT_32";
        f.writeDataPoints = false;
        f.samples = 33;
        try (Recording r = BrainVisionReader.open(f.write(dir, "be"))) {
            assertEquals(33, r.channels().get(2).sampleCount());
            double[] v = r.readAll(2);
            for (int s = 0; s < 33; s++) {
                assertEquals(f.raw(2, s) * 0.5e-6, v[s]);
            }
        }
    }

    @Test
    void coordinatesFollowMneConventions() {
        BrainVisionFixture f = new BrainVisionFixture();
        f.signature = "Brain Vision Data Exchange Header File Version 2.0";
        f.coordinateLines = List.of("Ch1=85,90,0", "Ch2=0,0,0", "Ch3=-1,30,30");
        try (Recording r = BrainVisionReader.open(f.write(dir, "co"))) {
            assertEquals("2.0", r.header().get("Version"));
            // A real radius is in mm: 85 mm on the +x axis.
            SensorPosition p = r.channels().get(0).position().orElseThrow();
            assertEquals(0.085, p.x(), 1e-12);
            assertEquals(0, p.y(), 1e-12);
            assertEquals(0, p.z(), 1e-12);
            assertEquals(ChannelType.EEG, r.channels().get(0).type());
            assertTrue(r.channels().get(1).position().isEmpty());
            assertEquals(ChannelType.MISC, r.channels().get(1).type());
            assertTrue(r.channels().get(2).position().isEmpty(), "a negative radius gives no position");
        }
    }

    @Test
    void markersBecomeAnnotationsSegmentsAndStart() {
        BrainVisionFixture f = new BrainVisionFixture();
        f.markerLines = new ArrayList<>(List.of(
                "Mk1=New Segment,,1,1,0,20200102030405123456",
                "Mk2=Stimulus,S  1,11,0,0",
                "Mk3=Response,R  2,51,3,2",
                "Mk4=New Segment,,61,1,0,20200102030505123456",
                "Mk5=Bad,long,99,10,0",
                "Mk6=Early,x,0,2,0",
                "Mk7=Early,gone,0,0,0",
                "Mk8=Late,gone,102,1,0",
                "Mk9=New Segment,,81,1,-1"));
        try (Recording r = BrainVisionReader.open(f.write(dir, "mk"))) {
            assertEquals(LocalDateTime.of(2020, 1, 2, 3, 4, 5, 123_456_000), r.start().orElseThrow());
            List<Annotation> a = r.annotations();
            assertEquals(7, a.size(), a.toString());
            // Equal onsets keep file order; the marker starting before the data is clipped to start at 0.
            assertEquals(new Annotation(0, 0.002, "New Segment/"), a.get(0));
            assertEquals(new Annotation(0, 0.002, "Early/x"), a.get(1));
            assertEquals(new Annotation(0.02, 0, "Stimulus/S  1"), a.get(2));
            assertEquals(new Annotation(0.1, 0.006, "Response/R  2", "E2"), a.get(3));
            assertEquals(new Annotation(0.12, 0.002, "New Segment/"), a.get(4));
            assertEquals(new Annotation(0.16, 0.002, "New Segment/"), a.get(5));
            // 100 samples end at 0.2 s: the 10-sample marker at 0.196 s is clipped to 0.004 s.
            assertEquals(0.196, a.get(6).onset(), 1e-12);
            assertEquals(0.004, a.get(6).duration(), 1e-12);
            assertTrue(r.header().get("Warnings").contains("2 marker(s) lie outside"));
            List<Segment> s = r.segments();
            assertEquals(3, s.size());
            assertEquals(new Segment(0, 0, 0.12), s.get(0));
            assertEquals(0.12, s.get(1).dataOffset(), 1e-12);
            assertEquals(60.0, s.get(1).onset(), 1e-9, "stamped one minute after the first");
            assertEquals(0.04, s.get(1).duration(), 1e-12);
            assertEquals(0.16, s.get(2).onset(), 1e-12, "no date: assumed contiguous");
        }
    }

    @Test
    void withoutMarkerFile() {
        BrainVisionFixture f = new BrainVisionFixture();
        f.writeMarkerFile = false;
        try (Recording r = BrainVisionReader.open(f.write(dir, "nomk"))) {
            assertTrue(r.annotations().isEmpty());
            assertTrue(r.start().isEmpty());
            assertEquals(List.of(new Segment(0, 0, 0.2)), r.segments());
        }
    }

    @Test
    void formatRecognisesSignatureAndExtension() {
        BrainVisionFormat format = new BrainVisionFormat();
        byte[] sig = "Brain Vision Data Exchange Header File Version 1.0\r\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(format.recognizes(dir.resolve("x.txt"), sig));
        assertTrue(format.recognizes(dir.resolve("x.txt"), "BrainVision Data Exchange Header File Version 2.0"
                .getBytes(StandardCharsets.US_ASCII)));
        assertTrue(format.recognizes(dir.resolve("x.VHDR"), new byte[] {1, 2, 3}));
        assertFalse(format.recognizes(dir.resolve("x.edf"), "0       patient".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(format.recognizes(dir, new byte[0]));
    }
}
