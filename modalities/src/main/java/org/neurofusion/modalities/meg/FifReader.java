package org.neurofusion.modalities.meg;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * Opens raw FIF recordings (Elekta/MEGIN Neuromag, and the FIF files MNE-Python writes for any system: CTF, BTi,
 * KIT, EEG exports) as lazy {@link FifRecording}s, reading the tag structure and the measurement info only. The
 * parts of a split recording ({@code name-1.fif}, ...) are followed through their next-file references, as
 * MNE follows them. Files of other kinds (evoked, epochs, events, forward solutions) are refused by name.
 */
public final class FifReader {
    private FifReader() {
    }

    /** Whether {@code head} (the first bytes of a file) starts like a FIF file: a FIFF_FILE_ID tag. */
    public static boolean hasSignature(byte[] head) {
        return FifDirectory.hasSignature(head);
    }

    /**
     * Opens a raw FIF file ({@code .fif}, or {@code .fif.gz}, which is decompressed into memory).
     *
     * @throws CorruptRecordingException naming the file and byte offset when its structure is damaged
     * @throws UnsupportedFormatException when it is not FIF, or holds no raw data (saying what it holds), or
     *     stores samples in a type this reader does not decode
     */
    public static FifRecording open(Path path) {
        List<FifFile> files = new ArrayList<>();
        try {
            FifFile f = FifFile.open(path);
            files.add(f);
            FifBlock root = FifBlock.tree(f, FifDirectory.read(f));
            FifBlock meas = measurement(f, root);
            FifMeasurementInfo info = FifMeasInfoParser.parse(f, root, meas);
            List<FifRawData.Part> parts = new ArrayList<>();
            FifBlock raw = rawBlock(f, root, meas);
            parts.add(FifRawData.parse(f, raw, info.channels().size(), info.samplingRate()));
            List<String> warnings = new ArrayList<>();
            if (raw.kind() == FifConstants.B_IAS_RAW_DATA) {
                warnings.add("raw data recorded with internal active shielding (MaxShield), which MNE reads only with"
                        + " allow_maxshield: process it with SSS first");
            }
            followSplits(f, root, info, files, parts, warnings);
            FifAnnotations.Block annotations = FifAnnotations.read(f, root);
            return new FifRecording(path, files, info, parts, annotations, warnings);
        } catch (RuntimeException e) {
            for (FifFile f : files) {
                try {
                    f.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    private static FifBlock measurement(FifFile f, FifBlock root) {
        List<FifBlock> meas = root.findAll(FifConstants.B_MEAS);
        if (meas.isEmpty()) {
            throw notRaw(f, root, root.pos());
        }
        if (meas.size() > 1) {
            throw new UnsupportedFormatException(f.path(), meas.get(1).pos(), "holds " + meas.size()
                    + " measurements (FIFFB_MEAS blocks); a raw FIF file holds one");
        }
        return meas.get(0);
    }

    /** The raw data block, chosen as MNE chooses it: raw, else continuous, else MaxShield raw data. */
    private static FifBlock rawBlock(FifFile f, FifBlock root, FifBlock meas) {
        for (int kind : new int[] {FifConstants.B_RAW_DATA, FifConstants.B_CONTINUOUS_DATA,
            FifConstants.B_IAS_RAW_DATA}) {
            List<FifBlock> found = meas.findAll(kind);
            if (found.size() > 1) {
                throw new UnsupportedFormatException(f.path(), found.get(1).pos(), "holds " + found.size() + " "
                        + FifConstants.blockName(kind) + " blocks; a raw FIF file holds one");
            }
            if (found.size() == 1) {
                return found.get(0);
            }
        }
        throw notRaw(f, root, meas.pos());
    }

    /** The refusal of a FIF file without raw data, saying what it holds instead. */
    private static UnsupportedFormatException notRaw(FifFile f, FifBlock root, long pos) {
        String what;
        if (!root.findAll(FifConstants.B_EVOKED).isEmpty()) {
            what = "evoked (averaged) data: " + root.findAll(FifConstants.B_EVOKED).size() + " FIFFB_EVOKED block(s)";
        } else if (!root.findAll(FifConstants.B_MNE_EPOCHS).isEmpty() || !root.findAll(FifConstants.B_EPOCHS)
                .isEmpty()) {
            what = "epochs (FIFFB_MNE_EPOCHS)";
        } else if (!root.findAll(FifConstants.B_MNE_EVENTS).isEmpty()) {
            what = "an MNE events list (FIFFB_MNE_EVENTS: an -eve.fif file)";
        } else if (!root.findAll(352).isEmpty()) {
            what = "a forward solution (FIFFB_MNE_FORWARD_SOLUTION)";
        } else if (!root.findAll(356).isEmpty()) {
            what = "an inverse operator (FIFFB_MNE_INVERSE_SOLUTION)";
        } else if (!root.findAll(355).isEmpty()) {
            what = "a covariance matrix (FIFFB_MNE_COV)";
        } else if (!root.findAll(351).isEmpty()) {
            what = "a source space (FIFFB_MNE_SOURCE_SPACE)";
        } else if (!root.findAll(310).isEmpty()) {
            what = "a BEM model (FIFFB_BEM)";
        } else {
            List<String> blocks = root.children().stream().map(b -> FifConstants.blockName(b.kind())).toList();
            what = blocks.isEmpty() ? "no blocks at all" : "the blocks " + String.join(", ", blocks);
        }
        return new UnsupportedFormatException(f.path(), pos, "a FIF file holding " + what + ", not raw data: this"
                + " reader reads raw (continuous) recordings, FIFFB_RAW_DATA or FIFFB_CONTINUOUS_DATA");
    }

    /** Appends the parts of a split recording, following each part's next-file reference. */
    private static void followSplits(FifFile first, FifBlock firstRoot, FifMeasurementInfo info, List<FifFile> files,
            List<FifRawData.Part> parts, List<String> warnings) {
        Set<Path> seen = new HashSet<>();
        seen.add(real(first.path()));
        FifFile current = first;
        FifBlock root = firstRoot;
        while (true) {
            Optional<Reference> next = nextFile(current, root);
            if (next.isEmpty()) {
                return;
            }
            Path p = next.get().path();
            if (!Files.exists(p)) {
                warnings.add("split recording: the next part " + p.getFileName() + " named at byte "
                        + next.get().pos() + " of " + current.path().getFileName() + " does not exist; read without it"
                        + " (as MNE does)");
                return;
            }
            if (!seen.add(real(p))) {
                throw current.corrupt(next.get().pos(), "the next-file reference names " + p
                        + ", already part of this recording (a cycle of split-file references)");
            }
            FifFile f = FifFile.open(p);
            files.add(f);
            root = FifBlock.tree(f, FifDirectory.read(f));
            FifBlock meas = measurement(f, root);
            FifMeasurementInfo partInfo = FifMeasInfoParser.parse(f, root, meas);
            checkCompatible(f, info, partInfo);
            parts.add(FifRawData.parse(f, rawBlock(f, root, meas), info.channels().size(), info.samplingRate()));
            current = f;
        }
    }

    private static Path real(Path p) {
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            return p.toAbsolutePath().normalize();
        }
    }

    private static void checkCompatible(FifFile part, FifMeasurementInfo first, FifMeasurementInfo other) {
        List<String> a = first.channels().stream().map(FifChannel::name).toList();
        List<String> b = other.channels().stream().map(FifChannel::name).toList();
        if (!a.equals(b) || Double.compare(first.samplingRate(), other.samplingRate()) != 0) {
            throw new CorruptRecordingException(part.path(), -1, "this part of a split recording does not match the"
                    + " first part: " + b.size() + " channels at " + other.samplingRate() + " Hz against " + a.size()
                    + " at " + first.samplingRate() + " Hz" + (a.size() == b.size() ? " (names differ)" : ""));
        }
    }

    /** A next-file reference: the file it names and where the reference is. */
    private record Reference(Path path, long pos) {
    }

    /** The next part named by a FIFFB_REF block with the next-file role, as MNE resolves it. */
    private static Optional<Reference> nextFile(FifFile f, FifBlock root) {
        for (FifBlock ref : root.findAll(FifConstants.B_REF)) {
            Optional<FifTag> role = ref.tag(FifConstants.REF_ROLE);
            if (role.isEmpty() || f.intValue(role.get()) != FifConstants.ROLE_NEXT_FILE) {
                continue;
            }
            Optional<FifTag> name = ref.tag(FifConstants.REF_FILE_NAME);
            if (name.isPresent()) {
                String n = f.string(name.get());
                Path only = Path.of(n).getFileName();
                if (only == null || n.isBlank()) {
                    throw f.corrupt(name.get().pos(), "the next-file reference names no file");
                }
                return Optional.of(new Reference(f.path().resolveSibling(only.toString()), name.get().pos()));
            }
            Optional<FifTag> num = ref.tag(FifConstants.REF_FILE_NUM);
            if (num.isPresent()) {
                String derived = numbered(f.path().getFileName().toString(), f.intValue(num.get()));
                if (derived != null) {
                    return Optional.of(new Reference(f.path().resolveSibling(derived), num.get().pos()));
                }
            }
        }
        return Optional.empty();
    }

    /**
     * MNE's name for part {@code num} when only the number is stored: {@code stem-num.ext}, where the stem drops a
     * {@code -<digits>} already before the first dot ({@code run_raw-1.fif} → {@code run_raw-2.fif}).
     */
    static String numbered(String base, int num) {
        int dot = base.indexOf('.');
        if (dot <= 0) {
            return null;
        }
        int dash = base.lastIndexOf('-');
        boolean numbered = dash >= 0 && dash + 1 < dot && base.substring(dash + 1, dot).chars()
                .allMatch(Character::isDigit);
        String stem = base.substring(0, numbered ? dash : dot);
        return stem + "-" + num + "." + base.substring(dot + 1);
    }
}
