package org.neurofusion.modalities.fnirs;

import com.code_intelligence.jazzer.junit.DictionaryFile;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.neurofusion.modalities.FuzzRules;

/**
 * Fuzz targets for NIRx folders: a recording is several files, so each target fuzzes one of them against the valid
 * others of {@link NirxFiles} (NIRStar, or Aurora for its own header and trigger file), and opens the header
 * through {@code Recordings.open} under {@link FuzzRules}. The probe target fuzzes the {@code _probeInfo.mat} that
 * MFL parses; the wavelength target puts the same bytes in {@code .wl1}, then in {@code .wl2}.
 */
class NirxFuzzTest {
    private static final Map<String, byte[]> NIRSTAR = NirxFiles.nirStar();
    private static final Map<String, byte[]> AURORA = NirxFiles.aurora();

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "nirx.dict")
    void fuzzHeader(byte[] hdr) {
        check(NIRSTAR, NirxFiles.HDR, hdr, NirxFiles.HDR);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "nirx.dict")
    void fuzzAuroraHeader(byte[] hdr) {
        check(AURORA, NirxFiles.AURORA_HDR, hdr, NirxFiles.AURORA_HDR);
    }

    @FuzzTest(maxDuration = "5m")
    void fuzzWavelengthData(byte[] wl) {
        check(NIRSTAR, NirxFiles.WL1, wl, NirxFiles.HDR);
        check(NIRSTAR, NirxFiles.WL2, wl, NirxFiles.HDR);
    }

    @FuzzTest(maxDuration = "5m")
    void fuzzEvents(byte[] evt) {
        check(NIRSTAR, NirxFiles.EVT, evt, NirxFiles.HDR);
    }

    @FuzzTest(maxDuration = "5m")
    void fuzzTriggers(byte[] tri) {
        check(AURORA, NirxFiles.TRI, tri, NirxFiles.AURORA_HDR);
    }

    /** The configuration ({@code _config.txt}) and the subject file ({@code .inf}), both small key=value texts. */
    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "nirx.dict")
    void fuzzConfigAndSubject(byte[] text) {
        check(NIRSTAR, NirxFiles.CONFIG, text, NirxFiles.HDR);
        check(NIRSTAR, NirxFiles.INF, text, NirxFiles.HDR);
    }

    @FuzzTest(maxDuration = "5m")
    @DictionaryFile(resourcePath = "mat5.dict")
    void fuzzProbe(byte[] mat) {
        check(NIRSTAR, NirxFiles.PROBE, mat, NirxFiles.HDR);
    }

    private static void check(Map<String, byte[]> valid, String name, byte[] bytes, String header) {
        Map<String, byte[]> files = new LinkedHashMap<>(valid);
        files.put(name, bytes);
        FuzzRules.recording(files, header);
    }

    /**
     * Each target's file from the valid recordings; the probe compressed (as MATLAB writes it) and not, and once
     * big-endian.
     */
    @Test
    @EnabledIfSystemProperty(named = FuzzRules.SEEDS_PROPERTY, matches = ".+")
    void writeSeeds() {
        seed("fuzzHeader", "seed-nirstar-header", NIRSTAR.get(NirxFiles.HDR));
        seed("fuzzAuroraHeader", "seed-aurora-header", AURORA.get(NirxFiles.AURORA_HDR));
        seed("fuzzWavelengthData", "seed-wl1", NIRSTAR.get(NirxFiles.WL1));
        seed("fuzzEvents", "seed-evt", NIRSTAR.get(NirxFiles.EVT));
        seed("fuzzTriggers", "seed-tri", AURORA.get(NirxFiles.TRI));
        seed("fuzzConfigAndSubject", "seed-config", NIRSTAR.get(NirxFiles.CONFIG));
        seed("fuzzConfigAndSubject", "seed-inf", NIRSTAR.get(NirxFiles.INF));
        seed("fuzzProbe", "seed-probe-compressed", NirxFiles.probe(true));
        seed("fuzzProbe", "seed-probe-uncompressed", NirxFiles.probe(false));
        seed("fuzzProbe", "seed-probe-uncompressed-big-endian", NirxFiles.probe(false, ByteOrder.BIG_ENDIAN));
    }

    private static void seed(String method, String name, byte[] bytes) {
        FuzzRules.writeSeed(NirxFuzzTest.class, method, name, bytes);
    }
}
