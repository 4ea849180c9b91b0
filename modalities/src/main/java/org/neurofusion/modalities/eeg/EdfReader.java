package org.neurofusion.modalities.eeg;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.neurofusion.core.RecordingException;

/** Opens EDF, EDF+ (C and D), BDF and BDF+ files as lazy, memory-mapped {@link EdfRecording}s. */
public final class EdfReader {
    private EdfReader() {
    }

    /**
     * Opens a file, reading and checking its header (and the first record's time-keeping annotation).
     *
     * @throws RecordingException (or a subtype) naming the file and byte offset of any problem
     */
    public static EdfRecording open(Path file) {
        return open(file, EdfRecording.CHUNK_TARGET_BYTES);
    }

    /** {@link #open(Path)} mapping the data records in chunks of about {@code chunkTargetBytes} (whole records). */
    static EdfRecording open(Path file, long chunkTargetBytes) {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, "no such file");
        } catch (IOException e) {
            throw new RecordingException(file, -1, "cannot open: " + e.getMessage(), e);
        }
        try {
            return new EdfRecording(file, ch, EdfHeaderParser.parse(file, ch), chunkTargetBytes);
        } catch (RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
