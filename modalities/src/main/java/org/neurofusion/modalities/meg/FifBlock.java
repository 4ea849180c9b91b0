package org.neurofusion.modalities.meg;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One block of a FIF file (FIFFB_MEAS, FIFFB_RAW_DATA, ...): the tags directly inside it, in order, and the blocks
 * nested in it. The root (kind 0) holds the file's top-level tags and blocks. Built from the tag list by the
 * FIFF_BLOCK_START / FIFF_BLOCK_END pairs; unbalanced pairs and absurd nesting are errors.
 */
final class FifBlock {
    /** Deeper nesting than this is not a FIF file but an attack on the reader's stack. */
    static final int MAX_DEPTH = 64;

    private final int kind;
    private final long pos;
    private final List<FifTag> tags = new ArrayList<>();
    private final List<FifBlock> children = new ArrayList<>();

    private FifBlock(int kind, long pos) {
        this.kind = kind;
        this.pos = pos;
    }

    /** The tree of blocks of a file, from its tags in order. */
    static FifBlock tree(FifFile f, List<FifTag> tags) {
        FifBlock root = new FifBlock(0, 0);
        Deque<FifBlock> open = new ArrayDeque<>();
        open.push(root);
        for (FifTag t : tags) {
            if (t.kind() == FifConstants.BLOCK_START) {
                FifBlock b = new FifBlock(f.intValue(t), t.pos());
                if (open.size() > MAX_DEPTH) {
                    throw f.corrupt(t.pos(), "blocks nest deeper than " + MAX_DEPTH + " levels");
                }
                open.peek().children.add(b);
                open.push(b);
            } else if (t.kind() == FifConstants.BLOCK_END) {
                if (open.size() == 1) {
                    throw f.corrupt(t.pos(), "FIFF_BLOCK_END at byte " + t.pos() + " closes no open block");
                }
                open.pop();
            } else {
                open.peek().tags.add(t);
            }
        }
        if (open.size() > 1) {
            FifBlock b = open.peek();
            throw f.corrupt(f.size(), FifConstants.blockName(b.kind) + " opened at byte " + b.pos
                    + " is never closed (the file is truncated?)");
        }
        return root;
    }

    int kind() {
        return kind;
    }

    /** Where its FIFF_BLOCK_START tag is (0 for the root). */
    long pos() {
        return pos;
    }

    /** The tags directly inside, in order (nested blocks' tags excluded). */
    List<FifTag> tags() {
        return tags;
    }

    List<FifBlock> children() {
        return children;
    }

    /** The first tag of this kind directly inside. */
    Optional<FifTag> tag(int tagKind) {
        for (FifTag t : tags) {
            if (t.kind() == tagKind) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** Every block of this kind at any depth, this one included, in file order (MNE's {@code dir_tree_find}). */
    List<FifBlock> findAll(int blockKind) {
        List<FifBlock> out = new ArrayList<>();
        collect(blockKind, out);
        return out;
    }

    private void collect(int blockKind, List<FifBlock> out) {
        if (kind == blockKind) {
            out.add(this);
        }
        for (FifBlock c : children) {
            c.collect(blockKind, out);
        }
    }

    /** The first block of this kind at any depth. */
    Optional<FifBlock> find(int blockKind) {
        List<FifBlock> all = findAll(blockKind);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    @Override
    public String toString() {
        return FifConstants.blockName(kind) + " at byte " + pos;
    }
}
