package org.neurofusion.inference;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.neurofusion.modalities.FuzzRules;
import org.neurofusion.models.EncoderSpec;
import org.neurofusion.models.FusionSpec;
import org.neurofusion.models.ImputationSpec;
import org.neurofusion.modalities.signal.Filter;
import org.neurofusion.modalities.signal.Pipeline;

/**
 * Fuzz targets for a model artifact ({@link Artifact#read}): its {@code spec.json}, its
 * {@code parameters.safetensors} and its {@code checksums.sha256}, each replacing the file of a small valid student
 * artifact (widths of 4, written by {@link Artifact#write} from {@link Fixtures}, kept under {@value #VALID_DIR}).
 * For the spec and the parameters the checksum list is written anew for the mutated file, as a re-exported artifact
 * would have it, so that mutations reach the parsers instead of stopping at the SHA-256. The artifact is read twice
 * and the two compared. Only an {@link ArtifactFormatException} naming a file may escape.
 */
class ArtifactFuzzTest {
    /** The valid artifact's files, a test resource beside this class (written by {@link #writeSeeds}). */
    static final String VALID_DIR = "ArtifactFuzzTestArtifact";
    private static final FuzzRules.Refusals REFUSALS = FuzzRules.refusal(ArtifactFormatException.class,
            "names no file", e -> e.file() != null);

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "artifact.dict")
    void fuzzSpec(byte[] json) {
        check(Artifact.FILES.get(0), json, true);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "artifact.dict")
    void fuzzParameters(byte[] safetensors) {
        check(Artifact.FILES.get(1), safetensors, true);
    }

    @FuzzTest(maxDuration = "5m")
    void fuzzChecksums(byte[] sums) {
        check(Artifact.CHECKSUMS, sums, false);
    }

    static void check(String replaced, byte[] bytes, boolean restamp) {
        Map<String, byte[]> files = new LinkedHashMap<>(Valid.FILES);
        files.put(replaced, bytes);
        if (restamp) {
            files.put(Artifact.CHECKSUMS, checksums(files));
        }
        FuzzRules.files(files, replaced, REFUSALS, dir -> {
            Artifact a = FuzzRules.timed("read", () -> Artifact.read(dir));
            FuzzRules.sameTwice(replaced, a, Artifact.read(dir));
        });
    }

    /** The checksum list of the three files, as {@link Artifact#write} lays it out. */
    private static byte[] checksums(Map<String, byte[]> files) {
        try {
            StringBuilder sums = new StringBuilder();
            for (String f : Artifact.FILES) {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(files.get(f));
                sums.append(HexFormat.of().formatHex(d)).append("  ").append(f).append('\n');
            }
            return sums.toString().getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Loaded on first use, so that {@link #writeSeeds} runs before the resource exists. */
    private static final class Valid {
        static final Map<String, byte[]> FILES = valid();
    }

    private static Map<String, byte[]> valid() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        for (String f : new String[] {Artifact.FILES.get(0), Artifact.FILES.get(1), Artifact.FILES.get(2),
            Artifact.CHECKSUMS}) {
            try (InputStream in = ArtifactFuzzTest.class.getResourceAsStream(VALID_DIR + "/" + f)) {
                if (in == null) {
                    throw new IllegalStateException("test resource " + VALID_DIR + "/" + f + " is missing: run"
                            + " writeSeeds (docs/testing.md#fuzzing)");
                }
                out.put(f, in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /**
     * The valid artifact (a student with every width 4 and one layer each, a band-pass in its contract, weights from
     * seed 18) and one seed per target: its own files.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds(@TempDir Path tmp) throws IOException {
        EncoderSpec eeg = new EncoderSpec("eeg", Fixtures.SAMPLES, Fixtures.RATE, 20, 0, 4, 1, 1, 2, 4, 1, 2, 0.1);
        EncoderSpec fnirs = new EncoderSpec("fnirs", 60, 10, 20, 2, 4, 1, 1, 2, 4, 1, 2, 0.1);
        FusionSpec fusion = new FusionSpec(List.of(FusionSpec.Input.of(eeg), FusionSpec.Input.of(fnirs)), 4, 1, 1, 1,
                2, 0.1);
        ImputationSpec imputation = new ImputationSpec("eeg", eeg.patches() * eeg.queries(), 4, "fnirs",
                fnirs.patches() * fnirs.queries(), 4, 4, 4, 1, 1, 1, 0.1);
        String pipeline = new Pipeline(List.of(new Filter(1, 20, "fir"))).toJson();
        ArtifactSpec spec = new ArtifactSpec(ArtifactSpec.FORMAT_VERSION, ArtifactSpec.STUDENT, eeg, fusion,
                imputation, Fixtures.contract(pipeline));
        Path dir = tmp.resolve("artifact");
        Fixtures.artifact(spec, 18).write(dir);
        Path resources = Path.of(System.getProperty(FuzzRules.SEEDS_PROPERTY));
        Path valid = resources.resolve(ArtifactFuzzTest.class.getPackageName().replace('.', '/')).resolve(VALID_DIR);
        Files.createDirectories(valid);
        for (String f : new String[] {Artifact.FILES.get(0), Artifact.FILES.get(1), Artifact.FILES.get(2),
            Artifact.CHECKSUMS}) {
            Files.copy(dir.resolve(f), valid.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        FuzzRules.writeSeed(ArtifactFuzzTest.class, "fuzzSpec", "seed-student-width-4",
                Files.readAllBytes(dir.resolve(Artifact.FILES.get(0))));
        // the same student with a contract that aligns per subject (format 2): its spec.json alone
        ArtifactSpec aligned = new ArtifactSpec(ArtifactSpec.FORMAT_VERSION, spec.kind(), eeg, fusion, imputation,
                spec.contract().withAlignment(new InputContract.Alignment("rest", 1e-5, 0.01, 2)));
        Path alignedDir = tmp.resolve("aligned");
        Fixtures.artifact(aligned, 18).write(alignedDir);
        FuzzRules.writeSeed(ArtifactFuzzTest.class, "fuzzSpec", "seed-aligned-student-width-4",
                Files.readAllBytes(alignedDir.resolve(Artifact.FILES.get(0))));
        FuzzRules.writeSeed(ArtifactFuzzTest.class, "fuzzParameters", "seed-student-width-4",
                Files.readAllBytes(dir.resolve(Artifact.FILES.get(1))));
        FuzzRules.writeSeed(ArtifactFuzzTest.class, "fuzzChecksums", "seed-student-width-4",
                Files.readAllBytes(dir.resolve(Artifact.CHECKSUMS)));
    }
}
