package org.neurofusion.modalities;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ServiceLoader;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/** Opens any recording this project can read, choosing the reader by the file's signature and name. */
public final class Recordings {
    private static final int HEAD_BYTES = 256;
    private static final List<RecordingFormat> FORMATS = load();

    private Recordings() {
    }

    private static List<RecordingFormat> load() {
        List<RecordingFormat> list = new ArrayList<>();
        ServiceLoader.load(RecordingFormat.class, Recordings.class.getClassLoader()).forEach(list::add);
        return List.copyOf(list);
    }

    /** The formats known, in the order they are tried. */
    public static List<RecordingFormat> formats() {
        return FORMATS;
    }

    /**
     * Opens a recording (header only; samples are read on demand).
     *
     * @throws RecordingException when the path is missing or unreadable
     * @throws UnsupportedFormatException naming the formats tried when none recognises the file
     */
    public static Recording open(Path path) {
        byte[] head = readHead(path);
        for (RecordingFormat f : FORMATS) {
            if (f.recognizes(path, head)) {
                return f.open(path);
            }
        }
        if (org.neurofusion.modalities.fmri.NiftiReader.recognizes(path)) {
            throw new UnsupportedFormatException(path, 0, "a NIfTI image is a voxel grid, not a recording of channels:"
                    + " open it with NiftiReader (neurofusion info and convert read it)");
        }
        throw new UnsupportedFormatException(path, 0, "not a recording format this program reads (tried: "
                + String.join(", ", FORMATS.stream().map(RecordingFormat::name).toList()) + "); first bytes: "
                + printable(head));
    }

    private static byte[] readHead(Path path) {
        if (Files.isDirectory(path)) {
            return new byte[0];
        }
        try (InputStream in = Files.newInputStream(path)) {
            return in.readNBytes(HEAD_BYTES);
        } catch (NoSuchFileException e) {
            throw new RecordingException(path, -1, "no such file");
        } catch (IOException e) {
            throw new RecordingException(path, -1, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static String printable(byte[] head) {
        byte[] b = Arrays.copyOf(head, Math.min(head.length, 16));
        StringBuilder sb = new StringBuilder("\"");
        for (byte x : b) {
            sb.append(x >= 32 && x < 127 ? String.valueOf((char) x) : String.format("\\x%02x", x & 0xff));
        }
        return sb.append('"').toString();
    }
}
