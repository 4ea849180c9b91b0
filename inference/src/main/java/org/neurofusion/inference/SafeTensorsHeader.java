package org.neurofusion.inference;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON header of a safetensors file: encodes it for {@link SafeTensors#write} and parses and checks it,
 * entry by entry, for {@link SafeTensors#read}. Parsing walks the tokens with a streaming parser and stops at
 * the first token of an unexpected kind, so a hostile header can neither nest deeply nor make the reader
 * build large structures it does not need.
 */
final class SafeTensorsHeader {
    /** The largest header accepted, as in the reference implementation; checked before anything is allocated. */
    static final long MAX_HEADER_BYTES = 100_000_000L;
    static final String METADATA_KEY = "__metadata__";
    static final String F32 = "F32";
    static final int F32_BYTES = 4;
    /** No real tensor comes near this; the cap keeps one hostile shape from growing without bound. */
    static final int MAX_RANK = 64;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** One tensor as the header describes it; offsets relative to the start of the data. */
    record Entry(String name, long[] shape, int count, long begin, long end) {
        String describe() {
            return "tensor '" + name + "' data_offsets [" + begin + ", " + end + "]";
        }
    }

    /** The tensors in header order and the metadata. */
    record Parsed(List<Entry> entries, Map<String, String> metadata) {
    }

    private final Path file;
    private final String text;

    private SafeTensorsHeader(Path file, String text) {
        this.file = file;
        this.text = text;
    }

    /**
     * The header bytes for the given tensors (name, shape, value count, in data order) and metadata, padded
     * with trailing spaces to a multiple of 8 bytes so that the data starts aligned.
     */
    static byte[] encode(List<Map.Entry<String, SafeTensors.Tensor>> tensors, Map<String, String> metadata) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            if (!metadata.isEmpty()) {
                g.writeObjectFieldStart(METADATA_KEY);
                for (Map.Entry<String, String> m : metadata.entrySet()) {
                    g.writeStringField(m.getKey(), m.getValue());
                }
                g.writeEndObject();
            }
            long offset = 0;
            for (Map.Entry<String, SafeTensors.Tensor> t : tensors) {
                long[] shape = t.getValue().shape();
                long end = offset + F32_BYTES * SafeTensors.Tensor.count(shape);
                g.writeObjectFieldStart(t.getKey());
                g.writeStringField("dtype", F32);
                g.writeArrayFieldStart("shape");
                for (long d : shape) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(offset);
                g.writeNumber(end);
                g.writeEndArray();
                g.writeEndObject();
                offset = end;
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a safetensors header in memory", e);
        }
        while (bytes.size() % 8 != 0) {
            bytes.write(' ');
        }
        return bytes.toByteArray();
    }

    /**
     * Parses and checks {@code header} (the N bytes after the size field of {@code file}).
     *
     * @throws ArtifactFormatException at the offending byte of the header
     */
    static Parsed parse(Path file, byte[] header) {
        if (header.length == 0 || header[0] != '{') {
            String found = header.length == 0 ? "is empty" : String.format("begins with byte 0x%02x", header[0]);
            throw new ArtifactFormatException(file, 8, "header is not a JSON object: it must begin with '{' but "
                    + found);
        }
        return new SafeTensorsHeader(file, decodeUtf8(file, header)).parse();
    }

    private static String decodeUtf8(Path file, byte[] header) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(header);
        CharBuffer out = CharBuffer.allocate(header.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            throw new ArtifactFormatException(file, 8L + in.position(), "header is not valid UTF-8");
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    private Parsed parse() {
        List<Entry> entries = new ArrayList<>();
        Map<String, String> metadata = Map.of();
        try (JsonParser p = JSON.createParser(text)) {
            p.nextToken(); // the '{' checked above
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName();
                long keyAt = pos(p.currentTokenLocation());
                JsonToken value = p.nextToken();
                if (METADATA_KEY.equals(name)) {
                    metadata = metadata(p, value, keyAt);
                } else {
                    entries.add(entry(p, name, value, keyAt));
                }
            }
            if (p.nextToken() != null) {
                throw error(pos(p.currentTokenLocation()), "header has content after its JSON object; only"
                        + " space padding may follow it");
            }
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            String problem = message.startsWith("Duplicate field")
                    ? "header repeats a key (" + message + "); keys must be unique"
                    : "header is not valid JSON: " + message;
            throw new ArtifactFormatException(file, at(pos(e.getLocation())), problem, e);
        } catch (IOException e) {
            // A parser over a String does no I/O; kept as a format error all the same.
            throw new ArtifactFormatException(file, 8, "header cannot be parsed: " + e.getMessage(), e);
        }
        return new Parsed(entries, metadata);
    }

    private Map<String, String> metadata(JsonParser p, JsonToken value, long keyAt) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            throw error(keyAt, METADATA_KEY + " must be a JSON object of strings but is " + kind(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String key = p.currentName();
            JsonToken v = p.nextToken();
            if (v != JsonToken.VALUE_STRING) {
                throw error(pos(p.currentTokenLocation()), "metadata '" + key + "' is " + kind(v)
                        + "; metadata values must be strings");
            }
            metadata.put(key, p.getText());
        }
        return Collections.unmodifiableMap(metadata);
    }

    private Entry entry(JsonParser p, String name, JsonToken value, long keyAt) throws IOException {
        String what = "tensor '" + name + "'";
        if (name.isEmpty()) {
            throw error(keyAt, "a tensor has an empty name; names must be non-empty");
        }
        if (value != JsonToken.START_OBJECT) {
            throw error(keyAt, what + " must be a JSON object with dtype, shape and data_offsets but is "
                    + kind(value));
        }
        boolean hasDtype = false;
        long[] shape = null;
        long[] offsets = null;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            long fieldAt = pos(p.currentTokenLocation());
            switch (field) {
                case "dtype" -> {
                    if (v != JsonToken.VALUE_STRING) {
                        throw error(fieldAt, what + " dtype must be a string but is " + kind(v));
                    }
                    if (!F32.equals(p.getText())) {
                        throw error(fieldAt, what + " has dtype " + shorten(p.getText())
                                + "; only F32 is supported");
                    }
                    hasDtype = true;
                }
                case "shape" -> shape = integers(p, v, what + " shape", -1);
                case "data_offsets" -> offsets = integers(p, v, what + " data_offsets", 2);
                default -> throw error(pos(p.currentTokenLocation()), what + " has the unexpected field '" + field
                        + "'; expected exactly dtype, shape and data_offsets");
            }
        }
        String missing = !hasDtype ? "dtype" : shape == null ? "shape" : offsets == null ? "data_offsets" : null;
        if (missing != null) {
            throw error(keyAt, what + " lacks " + missing + "; each tensor needs dtype, shape and data_offsets");
        }
        long begin = offsets[0];
        long end = offsets[1];
        String range = "data_offsets [" + begin + ", " + end + "]";
        if (begin > end) {
            throw error(keyAt, what + " " + range + " begin after they end");
        }
        long count = SafeTensors.Tensor.count(shape);
        if (count < 0) {
            throw error(keyAt, what + " shape " + Arrays.toString(shape) + " holds more than "
                    + Integer.MAX_VALUE + " values, more than one Java array can hold");
        }
        long needed = count * F32_BYTES;
        if (end - begin != needed) {
            throw error(keyAt, what + " " + range + " hold " + (end - begin) + " bytes but F32"
                    + Arrays.toString(shape) + " needs " + needed);
        }
        return new Entry(name, shape, (int) count, begin, end);
    }

    /**
     * A JSON array of non-negative integers that fit in a long; {@code length} is the exact length required,
     * or -1 for a shape (at most {@link #MAX_RANK} long).
     */
    private long[] integers(JsonParser p, JsonToken value, String what, int length) throws IOException {
        String expected = length < 0 ? "an array of non-negative integers"
                : "an array of " + length + " non-negative integers";
        if (value != JsonToken.START_ARRAY) {
            throw error(pos(p.currentTokenLocation()), what + " must be " + expected + " but is " + kind(value));
        }
        long arrayAt = pos(p.currentTokenLocation());
        long[] values = new long[length < 0 ? 4 : length];
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            long elementAt = pos(p.currentTokenLocation());
            if (t != JsonToken.VALUE_NUMBER_INT) {
                throw error(elementAt, what + " must be " + expected + " but holds " + kind(t));
            }
            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw error(elementAt, what + " holds " + p.getText() + ", larger than "
                        + Long.MAX_VALUE + "; expected " + expected);
            }
            long v = p.getLongValue();
            if (v < 0) {
                throw error(elementAt, what + " holds the negative number " + v + "; expected " + expected);
            }
            if (length >= 0 ? n == length : n == MAX_RANK) {
                throw error(arrayAt, what + " has more than " + (length >= 0 ? length : MAX_RANK)
                        + " elements; expected " + expected + (length < 0 ? " of rank at most " + MAX_RANK : ""));
            }
            if (n == values.length) {
                values = Arrays.copyOf(values, values.length * 2);
            }
            values[n++] = v;
        }
        if (length >= 0 && n != length) {
            throw error(arrayAt, what + " has " + n + " elements; expected " + expected);
        }
        return Arrays.copyOf(values, n);
    }

    /** A value from the file, cut short so that a hostile one cannot swell the message. */
    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static String kind(JsonToken token) {
        if (token == null) {
            return "missing";
        }
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a non-integer number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> token.toString();
        };
    }

    /** A place in the header as a char offset into the text, -1 when Jackson cannot say. */
    private static long pos(JsonLocation location) {
        return location == null ? -1 : location.getCharOffset();
    }

    /**
     * The file offset of a char offset into the header: 8 for the size field plus the UTF-8 length of what
     * precedes it. Counted only when an error is raised, so a header with many keys is not scanned per key.
     */
    private long at(long chars) {
        if (chars < 0 || chars > text.length()) {
            return 8;
        }
        return 8L + utf8Length(text, (int) chars);
    }

    private static long utf8Length(String s, int end) {
        long bytes = 0;
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                bytes += 1;
            } else if (c < 0x800) {
                bytes += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else {
                bytes += 3;
            }
        }
        return bytes;
    }

    /** An error at a char offset of the header. */
    private ArtifactFormatException error(long chars, String problem) {
        return new ArtifactFormatException(file, at(chars), problem);
    }

}
