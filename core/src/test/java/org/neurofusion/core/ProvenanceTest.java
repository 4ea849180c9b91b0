package org.neurofusion.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
    @TempDir
    Path tmp;

    @Test
    void sha256MatchesTheKnownDigest() throws Exception {
        Path f = tmp.resolve("abc.txt");
        Files.writeString(f, "abc", StandardCharsets.US_ASCII);
        // FIPS 180-2, appendix B.1
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Provenance.sha256(f));
    }

    @Test
    void keyDependsOnInputsAndConfigurationOnly() throws Exception {
        Files.createDirectories(tmp.resolve("d/sub"));
        Files.writeString(tmp.resolve("d/a.txt"), "one");
        Files.writeString(tmp.resolve("d/sub/b.txt"), "two");
        Provenance p1 = Provenance.builder().addInputTree(tmp.resolve("d")).addConfiguration("spec", "{}")
                .optCreated(Instant.EPOCH).build();
        Provenance p2 = Provenance.builder().addInputTree(tmp.resolve("d")).addConfiguration("spec", "{}").build();
        assertEquals(p1.key(), p2.key());
        assertEquals(Map.of("a.txt", Provenance.sha256(tmp.resolve("d/a.txt")), "sub/b.txt",
                Provenance.sha256(tmp.resolve("d/sub/b.txt"))), p1.inputs());
        assertTrue(p1.versions().containsKey("neurofusion") && p1.versions().containsKey("java"));

        Files.writeString(tmp.resolve("d/sub/b.txt"), "twO");
        Provenance changedFile = Provenance.builder().addInputTree(tmp.resolve("d")).addConfiguration("spec", "{}")
                .build();
        assertNotEquals(p1.key(), changedFile.key());
        Provenance changedSetting = Provenance.builder().addInputChecksum("a.txt", p1.inputs().get("a.txt"))
                .addInputChecksum("sub/b.txt", p1.inputs().get("sub/b.txt")).addConfiguration("spec", "{ }").build();
        assertNotEquals(p1.key(), changedSetting.key());
        Provenance same = Provenance.builder().addInputChecksum("sub/b.txt", p1.inputs().get("sub/b.txt"))
                .addInputChecksum("a.txt", p1.inputs().get("a.txt")).addConfiguration("spec", "{}").build();
        assertEquals(p1.key(), same.key(), "the order inputs are named in does not matter");
    }

    @Test
    void excludedTopLevelFoldersDoNotKeyTheInputs() throws Exception {
        Files.createDirectories(tmp.resolve("e/derivatives/x"));
        Files.createDirectories(tmp.resolve("e/sub-01"));
        Files.writeString(tmp.resolve("e/sub-01/a.txt"), "one");
        Files.writeString(tmp.resolve("e/derivatives.txt"), "a file, not the folder");
        Provenance before = Provenance.builder().addInputTree(tmp.resolve("e"), java.util.Set.of("derivatives"))
                .build();
        Files.writeString(tmp.resolve("e/derivatives/x/store.bin"), "written after the key was taken");
        Provenance after = Provenance.builder().addInputTree(tmp.resolve("e"), java.util.Set.of("derivatives"))
                .build();
        assertEquals(before.key(), after.key());
        assertEquals(java.util.Set.of("sub-01/a.txt", "derivatives.txt"), after.inputs().keySet());
        // without the exclusion the new file changes the key
        assertNotEquals(after.key(), Provenance.builder().addInputTree(tmp.resolve("e")).build().key());
    }

    @Test
    void fieldBoundariesCannotCollide() {
        Provenance a = Provenance.builder().addConfiguration("ab", "c").build();
        Provenance b = Provenance.builder().addConfiguration("a", "bc").build();
        Provenance c = Provenance.builder().addInputChecksum("ab", "c").build();
        assertNotEquals(a.key(), b.key());
        assertNotEquals(a.key(), c.key(), "an input and a setting of the same text are different things");
    }

    @Test
    void jsonRoundTrips() {
        Provenance p = Provenance.builder().addInputChecksum("x.edf", "00ff").addConfiguration("seed", "42")
                .addVersion("djl", "0.36.0").optCreated(Instant.parse("2026-01-02T03:04:05.123Z")).build();
        assertEquals(p, Provenance.fromJsonNode(p.toJsonNode()));
        Provenance keyOnly = Provenance.ofKey("k");
        assertEquals(keyOnly, Provenance.fromJsonNode(keyOnly.toJsonNode()));
    }

    @Test
    void malformedJsonIsRefusedByField() {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var missing = json.createObjectNode().put("key", "k");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Provenance.fromJsonNode(missing)).getMessage()
                .contains("created"));
        var badDate = json.createObjectNode().put("key", "k").put("created", "yesterday");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Provenance.fromJsonNode(badDate)).getMessage()
                .contains("ISO-8601"));
        var badInput = json.createObjectNode().put("key", "k").put("created", "2026-01-01T00:00:00Z");
        badInput.putObject("inputs").put("a", 3);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Provenance.fromJsonNode(badInput)).getMessage()
                .contains("inputs.a"));
    }

    @Test
    void namingAnInputTwiceIsAnError() {
        var b = Provenance.builder().addInputChecksum("a", "1");
        assertThrows(IllegalArgumentException.class, () -> b.addInputChecksum("a", "2"));
        assertThrows(IllegalArgumentException.class, () -> Provenance.ofKey(" "));
    }

    @Test
    void unreadableInputNamesTheFile() {
        Path missing = tmp.resolve("nope.bin");
        RecordingException e = assertThrows(RecordingException.class, () -> Provenance.sha256(missing));
        assertTrue(e.getMessage().contains("nope.bin"));
    }
}
