package org.neurofusion.modalities.meg;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * The list of a FIF file's tags, in order: from its tag directory when {@code FIFF_DIR_POINTER} gives one,
 * otherwise by walking the {@code next} pointers from the start, as MNE does. Every position is checked
 * against the file before it is read; a directory entry must agree with the tag header it points to, and a
 * pointer that leads back to a tag already read (a cycle) or an entry listed twice is an error, so a hostile
 * file can neither loop nor make the reader allocate more than its own size allows.
 */
final class FifDirectory {
    /** Bytes of one directory entry: kind, type, size and position. */
    private static final int ENTRY = 16;

    private FifDirectory() {
    }

    /** Whether {@code head} starts with a FIFF_FILE_ID tag header (kind 100, an id struct of 20 bytes). */
    static boolean hasSignature(byte[] head) {
        if (head.length < 12) {
            return false;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(head);
        return b.getInt(0) == FifConstants.FILE_ID && b.getInt(4) == FifConstants.T_ID_STRUCT && b.getInt(8) == 20;
    }

    /** The tags of {@code f}, in file order (directory order when there is a directory). */
    static List<FifTag> read(FifFile f) {
        long size = f.size();
        if (size < FifConstants.TAG_HEADER) {
            throw f.corrupt(size, "the file ends after " + size + " bytes, inside its first tag header (the file is"
                    + " truncated?)");
        }
        java.nio.ByteBuffer b = f.buffer();
        if (b.getInt(0) != FifConstants.FILE_ID) {
            throw new UnsupportedFormatException(f.path(), 0, "not a FIF file: it does not start with a FIFF_FILE_ID"
                    + " tag (kind 100), but with kind " + b.getInt(0));
        }
        FifTag id = f.tagAt(0, "the start of the file");
        if (id.type() != FifConstants.T_ID_STRUCT || id.size() != 20) {
            throw f.corrupt(4, "the FIFF_FILE_ID tag should hold a 20-byte FIFFT_ID_STRUCT, holds "
                    + FifConstants.typeName(id.type()) + " of " + id.size() + " bytes");
        }
        int next = f.next(id);
        long second = next == FifConstants.NEXT_SEQ ? id.end() : next;
        FifTag pointer = f.tagAt(second, "the next pointer of the FIFF_FILE_ID tag");
        if (pointer.kind() != FifConstants.DIR_POINTER) {
            throw f.corrupt(second, "the second tag should be FIFF_DIR_POINTER, found " + pointer);
        }
        int dirPos = f.intValue(pointer);
        return dirPos > 0 ? fromDirectory(f, pointer, dirPos) : walk(f);
    }

    private static List<FifTag> fromDirectory(FifFile f, FifTag pointer, int dirPos) {
        FifTag dir = f.tagAt(dirPos, "FIFF_DIR_POINTER at byte " + pointer.pos());
        if (dir.kind() != FifConstants.DIR || dir.type() != FifConstants.T_DIR_ENTRY_STRUCT
                || dir.size() % ENTRY != 0) {
            throw f.corrupt(dirPos, "FIFF_DIR_POINTER at byte " + pointer.pos() + " points to " + dir
                    + ", not to a tag directory (FIFF_DIR of FIFFT_DIR_ENTRY_STRUCT records)");
        }
        int n = dir.size() / ENTRY; // bounded by the file's size, checked by tagAt
        java.nio.ByteBuffer b = f.buffer();
        List<FifTag> out = new ArrayList<>(n);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
            int at = (int) dir.dataPos() + i * ENTRY;
            FifTag listed = new FifTag(b.getInt(at), b.getInt(at + 4), b.getInt(at + 8), b.getInt(at + 12));
            String what = "entry " + i + " of the tag directory at byte " + dirPos;
            if (listed.kind() == -1 && listed.pos() == -1) {
                continue; // an unused slot: MNE ends its directories with one
            }
            if (!seen.add(listed.pos())) {
                throw f.corrupt(at, what + " lists the tag at byte " + listed.pos() + " a second time (a cyclic "
                        + "directory)");
            }
            FifTag actual = f.tagAt(listed.pos(), what);
            if (actual.kind() != listed.kind() || actual.type() != listed.type() || actual.size() != listed.size()) {
                throw f.corrupt(at, what + " describes " + listed + ", but the file holds " + actual + " there");
            }
            out.add(actual);
        }
        return out;
    }

    private static List<FifTag> walk(FifFile f) {
        List<FifTag> out = new ArrayList<>();
        Set<Long> seen = new HashSet<>();
        long pos = 0;
        String from = "the start of the file";
        while (true) {
            FifTag t = f.tagAt(pos, from);
            seen.add(pos);
            out.add(t);
            int next = f.next(t);
            if (next == FifConstants.NEXT_NONE) {
                return out;
            }
            if (next == FifConstants.NEXT_SEQ) {
                pos = t.end();
                if (pos == f.size()) {
                    return out;
                }
                from = "the tag after " + t;
            } else if (next > 0) {
                if (seen.contains((long) next)) {
                    throw f.corrupt(t.pos() + 12, "the next pointer of " + t + " leads back to the tag at byte "
                            + next + ", already read (a cycle of next pointers)");
                }
                pos = next;
                from = "the next pointer of " + t;
            } else {
                throw f.corrupt(t.pos() + 12, "the next pointer of " + t + " is " + next
                        + "; expected 0 (sequential), -1 (last tag) or a byte position");
            }
        }
    }
}
