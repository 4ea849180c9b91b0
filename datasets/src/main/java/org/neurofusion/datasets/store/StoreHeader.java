package org.neurofusion.datasets.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.neurofusion.core.Channel;
import org.neurofusion.core.ChannelType;
import org.neurofusion.core.CorruptRecordingException;
import org.neurofusion.core.Modality;
import org.neurofusion.core.Provenance;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.core.UnsupportedFormatException;
import org.neurofusion.datasets.RecordingKey;

/**
 * The JSON header of a window store ({@code store.json}): provenance, counts and checksums, one entry per
 * modality data file, and the tables that records point into (recordings and distinct channel lists, each stored
 * once). Written last, so that its presence marks a complete store.
 */
record StoreHeader(Provenance provenance, long windowCount, long indexCrc32, List<ModalityFile> modalities,
        List<RecordingKey> recordings, List<ChannelSet> channelSets) {

    /** One modality's data file: every window's block of that modality, back to back, float32 little-endian. */
    record ModalityFile(Modality modality, String file, long bytes, long crc32c) {
    }

    /**
     * A channel list as windows carry it: the channels (type, unit, position, ...) and the row names of the block,
     * which are the channels' names unless a window says otherwise.
     */
    record ChannelSet(List<String> blockNames, List<Channel> channels) {
        ChannelSet {
            blockNames = List.copyOf(blockNames);
            channels = List.copyOf(channels);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    StoreHeader {
        modalities = List.copyOf(modalities);
        recordings = List.copyOf(recordings);
        channelSets = List.copyOf(channelSets);
    }

    byte[] toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", StoreFiles.FORMAT);
        root.put("formatVersion", StoreFiles.FORMAT_VERSION);
        root.set("provenance", provenance.toJsonNode());
        root.put("windowCount", windowCount);
        root.put("recordBytes", StoreFiles.RECORD_BYTES);
        root.put("indexCrc32", indexCrc32);
        ArrayNode mods = root.putArray("modalities");
        for (ModalityFile f : modalities) {
            mods.addObject().put("modality", f.modality().name()).put("file", f.file()).put("bytes", f.bytes())
                    .put("crc32c", f.crc32c());
        }
        ArrayNode recs = root.putArray("recordings");
        for (RecordingKey k : recordings) {
            recs.addObject().put("subject", k.subject()).put("session", k.session()).put("task", k.task())
                    .put("run", k.run());
        }
        ArrayNode sets = root.putArray("channelSets");
        for (ChannelSet s : channelSets) {
            ObjectNode o = sets.addObject();
            ArrayNode cs = o.putArray("channels");
            for (Channel c : s.channels()) {
                ObjectNode co = cs.addObject().put("name", c.name()).put("type", c.type().mneName())
                        .put("unit", c.unit()).put("samplingRate", c.samplingRate()).put("sampleCount", c.sampleCount());
                c.position().ifPresent(pos -> co.putArray("position").add(pos.x()).add(pos.y()).add(pos.z()));
                if (!c.attributes().isEmpty()) {
                    ObjectNode a = co.putObject("attributes");
                    c.attributes().entrySet().stream().sorted(Map.Entry.comparingByKey())
                            .forEach(e -> a.put(e.getKey(), e.getValue()));
                }
            }
            // Row names only when they differ from the channel names: the usual case costs nothing.
            if (!s.blockNames().equals(s.channels().stream().map(Channel::name).toList())) {
                ArrayNode n = o.putArray("blockNames");
                s.blockNames().forEach(n::add);
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a store header", e);
        }
    }

    /**
     * Parses a header.
     *
     * @throws UnsupportedFormatException when it is not a window store header of a version this code reads
     * @throws CorruptRecordingException naming the field when a value is missing or absurd
     */
    static StoreHeader parse(Path file, byte[] bytes) {
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new CorruptRecordingException(file, -1, "is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !StoreFiles.FORMAT.equals(root.path("format").asText(null))) {
            throw new UnsupportedFormatException(file, -1, "is not a window store header (expected \"format\": \""
                    + StoreFiles.FORMAT + "\")");
        }
        int version = root.path("formatVersion").asInt(-1);
        if (version != StoreFiles.FORMAT_VERSION) {
            throw new UnsupportedFormatException(file, -1, "window store format version " + version
                    + " is not supported (this code reads version " + StoreFiles.FORMAT_VERSION + ")"
                    + (version >= 0 && version < StoreFiles.FORMAT_VERSION ? "; it was written by an older"
                    + " neurofusion: rebuild it (WindowStore.openOrBuild rebuilds it from its inputs)" : ""));
        }
        Fields f = new Fields(file);
        JsonNode p = f.object(root, "provenance");
        Provenance prov;
        try {
            prov = Provenance.fromJsonNode(p);
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordingException(file, -1, e.getMessage(), e);
        }
        long count = f.nonNegative(root, "windowCount");
        if (f.nonNegative(root, "recordBytes") != StoreFiles.RECORD_BYTES) {
            throw new CorruptRecordingException(file, -1, "recordBytes is " + root.get("recordBytes")
                    + ", expected " + StoreFiles.RECORD_BYTES);
        }
        long crc = f.nonNegative(root, "indexCrc32");
        List<ModalityFile> mods = new ArrayList<>();
        Map<Modality, Boolean> seen = new HashMap<>();
        for (JsonNode m : f.array(root, "modalities")) {
            Modality mod = f.wrap("modality", () -> Modality.valueOf(f.text(m, "modality")));
            if (seen.put(mod, true) != null || !StoreFiles.dataFile(mod).equals(f.text(m, "file"))) {
                throw new CorruptRecordingException(file, -1, "modality " + mod + " is listed twice or names the"
                        + " wrong data file (expected " + StoreFiles.dataFile(mod) + ")");
            }
            mods.add(new ModalityFile(mod, StoreFiles.dataFile(mod), f.nonNegative(m, "bytes"),
                    f.nonNegative(m, "crc32c")));
        }
        List<RecordingKey> recs = new ArrayList<>();
        for (JsonNode r : f.array(root, "recordings")) {
            recs.add(f.wrap("recordings", () -> new RecordingKey(f.text(r, "subject"), f.text(r, "session"),
                    f.text(r, "task"), f.text(r, "run"))));
        }
        List<ChannelSet> sets = new ArrayList<>();
        for (JsonNode s : f.array(root, "channelSets")) {
            List<Channel> channels = new ArrayList<>();
            for (JsonNode c : f.array(s, "channels")) {
                channels.add(f.wrap("channelSets", () -> channel(f, c)));
            }
            List<String> names = channels.stream().map(Channel::name).toList();
            if (s.has("blockNames")) {
                List<String> n = new ArrayList<>();
                f.array(s, "blockNames").forEach(x -> n.add(x.asText()));
                if (n.size() != channels.size()) {
                    throw new CorruptRecordingException(file, -1, "a channel set has " + channels.size()
                            + " channels but " + n.size() + " block names");
                }
                names = n;
            }
            sets.add(new ChannelSet(names, channels));
        }
        return new StoreHeader(prov, count, crc, mods, recs, sets);
    }

    private static Channel channel(Fields f, JsonNode c) {
        Optional<SensorPosition> pos = Optional.empty();
        if (c.has("position")) {
            JsonNode p = f.array(c, "position");
            pos = Optional.of(new SensorPosition(p.path(0).asDouble(Double.NaN), p.path(1).asDouble(Double.NaN),
                    p.path(2).asDouble(Double.NaN)));
        }
        Map<String, String> attrs = new HashMap<>();
        c.path("attributes").fields().forEachRemaining(e -> attrs.put(e.getKey(), e.getValue().asText()));
        return new Channel(f.text(c, "name"), ChannelType.fromMneName(f.text(c, "type")), f.text(c, "unit"),
                f.number(c, "samplingRate"), f.nonNegative(c, "sampleCount"), pos, attrs);
    }

    /** Field access that names the file and field in every error. */
    private record Fields(Path file) {
        JsonNode object(JsonNode n, String name) {
            JsonNode v = n.get(name);
            if (v == null || !v.isObject()) {
                throw new CorruptRecordingException(file, -1, "field \"" + name + "\" is missing or not an object");
            }
            return v;
        }

        JsonNode array(JsonNode n, String name) {
            JsonNode v = n.get(name);
            if (v == null || !v.isArray()) {
                throw new CorruptRecordingException(file, -1, "field \"" + name + "\" is missing or not an array");
            }
            return v;
        }

        String text(JsonNode n, String name) {
            JsonNode v = n.get(name);
            if (v == null || !v.isTextual()) {
                throw new CorruptRecordingException(file, -1, "field \"" + name + "\" is missing or not a string");
            }
            return v.asText();
        }

        double number(JsonNode n, String name) {
            JsonNode v = n.get(name);
            if (v == null || !v.isNumber()) {
                throw new CorruptRecordingException(file, -1, "field \"" + name + "\" is missing or not a number");
            }
            return v.asDouble();
        }

        long nonNegative(JsonNode n, String name) {
            JsonNode v = n.get(name);
            if (v == null || !v.canConvertToLong() || v.asLong() < 0) {
                throw new CorruptRecordingException(file, -1, "field \"" + name + "\" is missing or not a"
                        + " non-negative integer");
            }
            return v.asLong();
        }

        /** Runs a constructor whose validation may throw, turning its complaint into a typed error. */
        <T> T wrap(String where, java.util.function.Supplier<T> make) {
            try {
                return make.get();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new CorruptRecordingException(file, -1, "invalid " + where + ": " + e.getMessage(), e);
            }
        }
    }
}
