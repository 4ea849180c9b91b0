package org.neurofusion.modalities.meg;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * Reads FIFFB_MEAS_INFO into a {@link FifMeasurementInfo}, following MNE-Python's {@code read_meas_info}: the tags
 * directly in the block, extended channel blocks, the device-to-head transformation (falling back to the HPI
 * result), projectors, CTF compensation, bad channels and the measurement date with its fallbacks.
 */
final class FifMeasInfoParser {
    /** MNE's "no date" value (seconds 0, microseconds 2^31 - 1). */
    private static final int DATE_NONE_USECS = Integer.MAX_VALUE;

    /** Rates outside these bounds are damage, not acquisition (and would make durations overflow). */
    static final double MIN_RATE = 1e-6;
    static final double MAX_RATE = 1e9;

    private final FifFile f;

    private FifMeasInfoParser(FifFile f) {
        this.f = f;
    }

    /** Reads the measurement info of the single FIFFB_MEAS block {@code meas} of a file whose tree is {@code root}. */
    static FifMeasurementInfo parse(FifFile f, FifBlock root, FifBlock meas) {
        return new FifMeasInfoParser(f).parse(root, meas);
    }

    private FifMeasurementInfo parse(FifBlock root, FifBlock meas) {
        List<FifBlock> infos = meas.findAll(FifConstants.B_MEAS_INFO);
        if (infos.size() != 1) {
            throw infos.isEmpty() ? f.corrupt(meas.pos(), "FIFFB_MEAS at byte " + meas.pos()
                    + " holds no FIFFB_MEAS_INFO block") : new UnsupportedFormatException(f.path(), infos.get(1).pos(),
                    "more than one FIFFB_MEAS_INFO block");
        }
        FifBlock info = infos.get(0);
        Integer nchan = null;
        Double sfreq = null;
        OptionalDouble lowpass = OptionalDouble.empty();
        OptionalDouble highpass = OptionalDouble.empty();
        OptionalDouble lineFreq = OptionalDouble.empty();
        int[] measDate = null;
        FifTransform devHead = null;
        List<FifChannel> chs = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        for (FifTag t : info.tags()) {
            switch (t.kind()) {
                case FifConstants.NCHAN -> nchan = f.intValue(t);
                case FifConstants.SFREQ -> sfreq = f.realValue(t);
                case FifConstants.CH_INFO -> chs.add(FifChannel.read(f, t));
                case FifConstants.LOWPASS -> lowpass = finite(f.realValue(t));
                case FifConstants.HIGHPASS -> highpass = finite(f.realValue(t));
                case FifConstants.LINE_FREQ -> lineFreq = finite(f.realValue(t));
                case FifConstants.MEAS_DATE -> measDate = f.ints(t);
                case FifConstants.COORD_TRANS -> devHead = deviceToHead(FifTransform.read(f, t), devHead);
                case FifConstants.EXPERIMENTER -> fields.put("experimenter", f.string(t));
                case FifConstants.COMMENT -> fields.put("description", f.string(t));
                case FifConstants.PROJ_ID -> fields.put("proj_id", Integer.toString(f.intValue(t)));
                case FifConstants.PROJ_NAME -> fields.put("proj_name", f.string(t));
                default -> {
                    // Other tags (acquisition parameters, gantry angle, ...) are not needed to read the data.
                }
            }
        }
        if (nchan == null) {
            throw f.corrupt(info.pos(), "FIFFB_MEAS_INFO at byte " + info.pos() + " has no FIFF_NCHAN tag");
        }
        if (sfreq == null) {
            throw f.corrupt(info.pos(), "FIFFB_MEAS_INFO at byte " + info.pos() + " has no FIFF_SFREQ tag");
        }
        if (!(sfreq >= MIN_RATE && sfreq <= MAX_RATE)) {
            throw f.corrupt(info.tag(FifConstants.SFREQ).orElseThrow().pos(), "sampling rate " + sfreq
                    + " Hz is outside " + MIN_RATE + " to " + MAX_RATE + " Hz");
        }
        if (chs.size() != nchan) {
            throw f.corrupt(info.tag(FifConstants.NCHAN).orElseThrow().pos(), "FIFF_NCHAN says " + nchan
                    + " channels, but FIFFB_MEAS_INFO describes " + chs.size());
        }
        if (nchan == 0) {
            throw f.corrupt(info.pos(), "FIFFB_MEAS_INFO at byte " + info.pos() + " describes no channel");
        }
        List<FifBlock> extended = info.findAll(FifConstants.B_CH_INFO);
        if (!extended.isEmpty()) {
            if (extended.size() != chs.size()) {
                throw f.corrupt(extended.get(0).pos(), extended.size() + " extended channel blocks (FIFFB_CH_INFO) for "
                        + chs.size() + " channels");
            }
            for (int i = 0; i < chs.size(); i++) {
                chs.set(i, chs.get(i).amend(f, extended.get(i)));
            }
        }
        uniqueNames(chs);
        if (devHead == null) {
            for (FifBlock hpi : info.findAll(FifConstants.B_HPI_RESULT)) {
                for (FifTag t : hpi.tags()) {
                    if (t.kind() == FifConstants.COORD_TRANS && devHead == null) {
                        devHead = deviceToHead(FifTransform.read(f, t), null);
                    }
                }
            }
        }
        Optional<Instant> date = date(measDate, root, meas, info);
        root.tag(FifConstants.FILE_ID).ifPresent(t -> {
            int version = f.buffer().getInt((int) t.dataPos()); // checked: a 20-byte id struct
            fields.put("fiff_version", (version >>> 16) + "." + (version & 0xFFFF));
        });
        Set<String> names = new HashSet<>();
        chs.forEach(c -> names.add(c.name()));
        List<String> bads = new ArrayList<>();
        // MNE reads the first list only, and keeps the names of channels that exist.
        info.find(FifConstants.B_MNE_BAD_CHANNELS).flatMap(b -> b.tag(FifConstants.MNE_CH_NAME_LIST)).ifPresent(t ->
                names(f.string(t)).stream().filter(n -> names.contains(n) && !bads.contains(n)).forEach(bads::add));
        return new FifMeasurementInfo(chs, sfreq, lowpass, highpass, lineFreq, date, bads,
                FifExtras.projectors(f, info), FifExtras.compensations(f, info), grade(chs), Optional.ofNullable(devHead),
                fields);
    }

    private static OptionalDouble finite(double v) {
        return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
    }

    /** The device-to-head transformation among candidates (head-to-device inverted, as MNE does for BabyMEG). */
    private static FifTransform deviceToHead(FifTransform t, FifTransform current) {
        if (t.from() == FifConstants.COORD_DEVICE && t.to() == FifConstants.COORD_HEAD) {
            return t;
        }
        if (t.from() == FifConstants.COORD_HEAD && t.to() == FifConstants.COORD_DEVICE) {
            return t.inverse();
        }
        return current;
    }

    /**
     * The measurement date: FIFF_MEAS_DATE, else the time stamp of the measurement id (the first of: the info
     * block's parent id and id, the measurement block's id and parent id, the file id), as MNE chooses it.
     */
    private Optional<Instant> date(int[] measDate, FifBlock root, FifBlock meas, FifBlock info) {
        int[] d = measDate;
        if (d == null) {
            for (Optional<FifTag> id : List.of(info.tag(FifConstants.PARENT_BLOCK_ID), info.tag(FifConstants.BLOCK_ID),
                    meas.tag(FifConstants.BLOCK_ID), meas.tag(FifConstants.PARENT_BLOCK_ID),
                    root.tag(FifConstants.FILE_ID))) {
                if (id.isPresent()) {
                    FifTag t = id.get();
                    f.requireType(t, FifConstants.T_ID_STRUCT);
                    if (t.size() < 20) {
                        throw f.corrupt(t.pos() + 8, t + " is too small for an id (20 bytes)");
                    }
                    int p = (int) t.dataPos();
                    d = new int[] {f.buffer().getInt(p + 12), f.buffer().getInt(p + 16)};
                    break;
                }
            }
        }
        if (d == null || d.length == 0 || (d.length > 1 && d[0] == 0 && d[1] == DATE_NONE_USECS)) {
            return Optional.empty();
        }
        long usecs = d.length > 1 ? d[1] : 0;
        return Optional.of(Instant.ofEpochSecond(d[0], usecs * 1000));
    }

    /** The compensation grade of the MEG channels, which must agree (MNE refuses files where they do not). */
    private int grade(List<FifChannel> chs) {
        FifChannel first = null;
        for (FifChannel c : chs) {
            if (c.kind() != FifChannelTypes.MEG) {
                continue;
            }
            if (first == null) {
                first = c;
            } else if (c.compensationGrade() != first.compensationGrade()) {
                throw f.corrupt(-1, "MEG channels carry different CTF compensation grades: " + first.name() + " "
                        + first.compensationGrade() + ", " + c.name() + " " + c.compensationGrade());
            }
        }
        return first == null ? 0 : first.compensationGrade();
    }

    /**
     * Makes names unique as MNE does: every occurrence of a repeated name becomes {@code name-0}, {@code name-1},
     * ..., skipping names already taken.
     */
    private static void uniqueNames(List<FifChannel> chs) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        chs.forEach(c -> counts.merge(c.name(), 1, Integer::sum));
        if (counts.size() == chs.size()) {
            return;
        }
        Set<String> taken = new HashSet<>(counts.keySet());
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < chs.size(); i++) {
            String n = chs.get(i).name();
            if (counts.get(n) > 1) {
                int k = seen.merge(n, 1, Integer::sum) - 1;
                String candidate = n + "-" + k;
                for (char c = 'a'; taken.contains(candidate) && c <= 'z'; c++) {
                    candidate = n + "-" + c;
                }
                taken.add(candidate);
                chs.set(i, chs.get(i).withName(candidate));
            }
        }
    }

    /** A colon-separated name list, with MNE's {@code {COLON}} escape undone. */
    static List<String> names(String list) {
        List<String> out = new ArrayList<>();
        if (list.isEmpty()) {
            return out;
        }
        for (String s : list.split(":", -1)) {
            out.add(s.replace("{COLON}", ":"));
        }
        return out;
    }
}
