package org.neurofusion.modalities.eeg;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.UnsupportedFormatException;

/**
 * The INI-like text of a BrainVision header ({@code .vhdr}) or marker ({@code .vmrk}) file: its first
 * (signature) line, its sections of {@code key=value} entries with their line numbers, and the free text of
 * a {@code [Comment]} section. Decodes the bytes by the file's own {@code Codepage} as MNE does: UTF-8 when
 * declared or absent, Windows-1252 for {@code ANSI}, falling back to ISO-8859-1 when the bytes do not decode.
 */
final class BrainVisionIni {
    private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Pattern CODEPAGE = Pattern.compile("(?im)^[ \\t]*codepage[ \\t]*=[ \\t]*(.*?)[ \\t]*$");
    private static final int SNIPPET = 60;

    /** One {@code key=value} line. */
    record Entry(String key, String value, int line) {
    }

    /** One {@code [name]} section and its entries in file order; keys are looked up case-insensitively. */
    static final class Section {
        private final String name;
        private final int line;
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        private Section(String name, int line) {
            this.name = name;
            this.line = line;
        }

        String name() {
            return name;
        }

        int line() {
            return line;
        }

        List<Entry> entries() {
            return List.copyOf(entries.values());
        }

        Optional<Entry> get(String key) {
            return Optional.ofNullable(entries.get(key.toLowerCase(Locale.ROOT)));
        }
    }

    private final Path file;
    private final String firstLine;
    private final String declaredCodepage;
    private final Charset charset;
    private final Map<String, Section> sections;
    private final String comment;
    private final List<String> warnings;

    private BrainVisionIni(Path file, String firstLine, String declaredCodepage, Charset charset,
            Map<String, Section> sections, String comment, List<String> warnings) {
        this.file = file;
        this.firstLine = firstLine;
        this.declaredCodepage = declaredCodepage;
        this.charset = charset;
        this.sections = sections;
        this.comment = comment;
        this.warnings = warnings;
    }

    /**
     * Reads the first line only (at most {@code limit} bytes), BOM removed, decoded as ISO-8859-1 (the
     * signature is ASCII in every codepage), so a signature can be checked before the whole file is read.
     */
    static String readFirstLine(Path file, int limit, String what) {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(limit);
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, what + " does not exist");
        } catch (IOException e) {
            throw new RecordingException(file, -1, what + " cannot be read: " + e.getMessage(), e);
        }
        int start = startsWithBom(head) ? UTF8_BOM.length : 0;
        int end = start;
        while (end < head.length && head[end] != '\n' && head[end] != '\r') {
            end++;
        }
        return new String(head, start, end - start, StandardCharsets.ISO_8859_1).strip();
    }

    /**
     * Reads and parses the whole file.
     *
     * @param maxBytes files larger than this are refused before anything is allocated for them
     * @param what what the file is, for messages ("header file", "marker file")
     */
    static BrainVisionIni read(Path file, long maxBytes, String what) {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > maxBytes) {
                throw new CorruptRecordingException(file, maxBytes, what + " is " + size
                        + " bytes, more than the " + maxBytes + " bytes a BrainVision " + what + " can plausibly hold");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new RecordingException(file, -1, what + " does not exist");
        } catch (IOException e) {
            throw new RecordingException(file, -1, what + " cannot be read: " + e.getMessage(), e);
        }
        return parse(file, bytes);
    }

    static BrainVisionIni parse(Path file, byte[] bytes) {
        List<String> warnings = new ArrayList<>();
        boolean bom = startsWithBom(bytes);
        int start = bom ? UTF8_BOM.length : 0;
        // Codepage= is ASCII in every encoding, so look for it in a lossless single-byte view first.
        String ascii = new String(bytes, start, bytes.length - start, StandardCharsets.ISO_8859_1);
        Matcher m = CODEPAGE.matcher(ascii);
        String declared = m.find() ? m.group(1) : null;
        Charset cs = bom ? StandardCharsets.UTF_8 : charsetFor(file, declared, m);
        String text;
        try {
            text = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, bytes.length - start)).toString();
        } catch (CharacterCodingException e) {
            // MNE's fallback: older recorders wrote Latin-1 whatever they declared.
            warnings.add("text is not valid " + cs.name() + (declared == null ? "" : " (Codepage=" + declared + ")")
                    + "; decoded as ISO-8859-1");
            cs = StandardCharsets.ISO_8859_1;
            text = ascii;
        }
        String[] lines = text.split("\r\n|\n|\r", -1);
        String first = lines.length == 0 ? "" : lines[0].strip();
        Map<String, Section> sections = new LinkedHashMap<>();
        Section current = null;
        StringBuilder comment = null;
        for (int i = 1; i < lines.length; i++) {
            int lineNo = i + 1;
            String raw = lines[i];
            if (comment != null) {
                comment.append(raw).append('\n');
                continue;
            }
            String t = raw.strip();
            if (t.isEmpty() || t.startsWith(";") || t.startsWith("#")) {
                continue;
            }
            if (t.startsWith("[") && t.endsWith("]") && t.indexOf('=') < 0) {
                String name = t.substring(1, t.length() - 1).strip();
                if (name.equalsIgnoreCase("Comment")) {
                    // Free text (amplifier setup, impedances) follows; MNE does not parse it as INI either.
                    comment = new StringBuilder();
                    continue;
                }
                String k = name.toLowerCase(Locale.ROOT);
                if (sections.containsKey(k)) {
                    throw corrupt(file, lineNo, "section [" + name + "] appears twice (first at line "
                            + sections.get(k).line + ")");
                }
                current = new Section(name, lineNo);
                sections.put(k, current);
                continue;
            }
            int eq = t.indexOf('=');
            if (eq <= 0) {
                throw corrupt(file, lineNo, "expected key=value, a [section] or a ; comment, found "
                        + snippet(t));
            }
            if (current == null) {
                throw corrupt(file, lineNo, "entry " + snippet(t) + " before any [section]");
            }
            String key = t.substring(0, eq).strip();
            String value = t.substring(eq + 1).strip();
            Entry previous = current.entries.putIfAbsent(key.toLowerCase(Locale.ROOT), new Entry(key, value, lineNo));
            if (previous != null) {
                throw corrupt(file, lineNo, "key " + key + " appears twice in section [" + current.name
                        + "] (first at line " + previous.line + ")");
            }
        }
        String last = lines[lines.length - 1].strip();
        if (comment == null && lines.length > 1 && last.indexOf('=') > 0 && !last.startsWith(";")) {
            // Writers end every line; an entry without its line end is most likely cut (a unit, a resolution, a
            // marker position), and reading it as written would give wrong values silently.
            throw corrupt(file, lines.length, "the file ends inside the entry " + snippet(last)
                    + " (no line end after it): the file was cut short");
        }
        return new BrainVisionIni(file, first, declared, cs, Collections.unmodifiableMap(sections),
                comment == null ? "" : comment.toString().strip(), List.copyOf(warnings));
    }

    private static Charset charsetFor(Path file, String declared, Matcher m) {
        if (declared == null || declared.isEmpty() || declared.equalsIgnoreCase("UTF-8")
                || declared.equalsIgnoreCase("UTF8")) {
            return StandardCharsets.UTF_8;
        }
        if (declared.equalsIgnoreCase("ANSI")) {
            // As MNE: the recorder's "ANSI" is the Windows Western code page.
            return Charset.forName("windows-1252");
        }
        if (declared.equalsIgnoreCase("Latin-1") || declared.equalsIgnoreCase("ISO-8859-1")) {
            return StandardCharsets.ISO_8859_1;
        }
        try {
            return Charset.forName(declared);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedFormatException(file, m.start(1), "unknown Codepage=" + snippet(declared)
                    + "; expected UTF-8 or ANSI");
        }
    }

    private static boolean startsWithBom(byte[] b) {
        return b.length >= 3 && b[0] == UTF8_BOM[0] && b[1] == UTF8_BOM[1] && b[2] == UTF8_BOM[2];
    }

    /** An exception for a problem on a line of this kind of text file (no byte offset: the text was decoded). */
    static CorruptRecordingException corrupt(Path file, int line, String problem) {
        return new CorruptRecordingException(file, -1, "line " + line + ": " + problem);
    }

    /** A short, printable rendering of untrusted text for messages. */
    static String snippet(String s) {
        StringBuilder sb = new StringBuilder("'");
        int n = Math.min(s.length(), SNIPPET);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            sb.append(c >= 32 && c != 127 ? String.valueOf(c) : String.format("\\x%02x", (int) c & 0xff));
        }
        if (s.length() > SNIPPET) {
            sb.append("...");
        }
        return sb.append('\'').toString();
    }

    Path file() {
        return file;
    }

    String firstLine() {
        return firstLine;
    }

    /** The Codepage value as written, or null when the file declares none. */
    String declaredCodepage() {
        return declaredCodepage;
    }

    /** The charset the text was finally decoded with. */
    Charset charset() {
        return charset;
    }

    Optional<Section> section(String name) {
        return Optional.ofNullable(sections.get(name.toLowerCase(Locale.ROOT)));
    }

    Section requireSection(String name) {
        return section(name).orElseThrow(() -> new CorruptRecordingException(file, -1,
                "missing section [" + name + "]"));
    }

    /** The entry's value; a typed error naming the section when it is absent. */
    Entry require(Section s, String key) {
        return s.get(key).orElseThrow(() -> corrupt(file, s.line(), "section [" + s.name() + "] has no "
                + key + "= entry"));
    }

    String comment() {
        return comment;
    }

    List<String> warnings() {
        return warnings;
    }
}
