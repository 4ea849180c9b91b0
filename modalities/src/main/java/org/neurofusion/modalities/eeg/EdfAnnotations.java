package org.neurofusion.modalities.eeg;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Segment;

/**
 * The annotations and the record start times of an EDF+/BDF+ file, read by streaming over the annotation
 * signals of each data record (never the data signals). The first TAL of the first annotation signal of
 * each record is its time-keeping TAL: it gives the record's start, relative to the header's start time.
 */
record EdfAnnotations(List<Annotation> annotations, List<Segment> segments) {

    static EdfAnnotations read(EdfRecording rec, int[] annotationSignals, double startFraction) {
        EdfHeader h = rec.edfHeader();
        List<Annotation> out = new ArrayList<>();
        List<Segment> segments = new ArrayList<>();
        if (annotationSignals.length == 0) {
            return new EdfAnnotations(List.of(), List.of(new Segment(0, 0, rec.durationSeconds())));
        }
        int bps = h.bytesPerSample();
        // Made when the first record is read, not before: a header's samples per record are bounded by the file
        // only through the records it holds, and a file of no record (a count of -1 over less than one record's
        // bytes) may claim 99999999 of them, 300 MB of buffer for nothing to read.
        byte[][] bufs = new byte[annotationSignals.length][];
        double dur = h.recordDuration();
        double segOnset = 0;
        double segData = 0;
        double previous = Double.NaN;
        for (long r = 0; r < h.recordCount(); r++) {
            for (int k = 0; k < annotationSignals.length; k++) {
                EdfSignal s = h.signals().get(annotationSignals[k]);
                if (bufs[k] == null) {
                    bufs[k] = new byte[s.samplesPerRecord() * bps];
                }
                long pos = h.recordOffset(r) + s.byteOffset();
                rec.bytes(pos, bufs[k], 0, bufs[k].length);
                List<TalParser.Tal> tals = TalParser.parse(rec.file(), pos, bufs[k], 0, bufs[k].length);
                if (k == 0 && tals.isEmpty()) {
                    throw new CorruptRecordingException(rec.file(), pos, "data record " + r
                            + " has no time-keeping annotation (its first annotation signal is empty)");
                }
                for (int t = 0; t < tals.size(); t++) {
                    TalParser.Tal tal = tals.get(t);
                    List<String> texts = tal.texts();
                    int firstText = 0;
                    if (k == 0 && t == 0) {
                        // Time-keeping TAL: its first text is empty; any further texts are annotations.
                        if (texts.isEmpty() || !texts.get(0).isEmpty()) {
                            throw new CorruptRecordingException(rec.file(), pos, "data record " + r
                                    + " does not start with a time-keeping annotation (\"+onset\\x14\\x14\")");
                        }
                        firstText = 1;
                        double onset = tal.onset() - startFraction;
                        if (r == 0) {
                            segOnset = onset;
                        } else if (Math.abs(onset - (previous + dur)) > 1e-6 * Math.max(1, dur)) {
                            if (onset < previous + dur - 1e-9) {
                                throw new CorruptRecordingException(rec.file(), pos, "data record " + r
                                        + " starts at " + onset + " s, before the previous record ends ("
                                        + (previous + dur) + " s)");
                            }
                            segments.add(new Segment(segData, segOnset, r * dur - segData));
                            segData = r * dur;
                            segOnset = onset;
                        }
                        previous = onset;
                    }
                    for (int i = firstText; i < texts.size(); i++) {
                        out.add(new Annotation(tal.onset() - startFraction, tal.duration(), texts.get(i)));
                    }
                }
            }
        }
        segments.add(new Segment(segData, segOnset, h.recordCount() * dur - segData));
        out.sort(Comparator.comparingDouble(Annotation::onset));
        return new EdfAnnotations(List.copyOf(out), List.copyOf(segments));
    }
}
