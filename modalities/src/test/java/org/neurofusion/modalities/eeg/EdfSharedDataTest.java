package org.neurofusion.modalities.eeg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.neurofusion.core.Recording;
import org.neurofusion.core.SharedData;
import org.neurofusion.modalities.ExpectedRecording;
import org.neurofusion.modalities.Recordings;

/** Every EDF and BDF file of the shared data agrees with what MNE-Python read from it. */
class EdfSharedDataTest {

    @TestFactory
    Stream<DynamicTest> everyEdfAndBdfMatchesTheOracle() throws IOException {
        Path data = SharedData.require();
        List<Path> files;
        try (Stream<Path> s = Files.walk(data.resolve("eeg"))) {
            files = s.filter(p -> p.toString().endsWith(".edf") || p.toString().endsWith(".bdf")).sorted().toList();
        }
        return files.stream().filter(p -> Files.exists(oracle(data, p))).map(p -> DynamicTest.dynamicTest(
                data.relativize(p).toString(), () -> {
                    ExpectedRecording e = ExpectedRecording.load(data, data.relativize(p).toString());
                    try (Recording r = Recordings.open(p)) {
                        e.assertMatches(r);
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> everyEdfAndBdfHasAnOracleOrIsKnownNotTo() throws IOException {
        Path data = SharedData.require();
        List<Path> files;
        try (Stream<Path> s = Files.walk(data.resolve("eeg"))) {
            files = s.filter(p -> p.toString().endsWith(".edf") || p.toString().endsWith(".bdf")).sorted().toList();
        }
        // MNE could not read the hypnogram (no data signals); every other file must have an oracle.
        return files.stream().filter(p -> !p.getFileName().toString().equals("SC4001EC-Hypnogram.edf"))
                .map(p -> DynamicTest.dynamicTest(data.relativize(p).toString(),
                        () -> assertEquals(true, Files.exists(oracle(data, p)), "no oracle for " + p)));
    }

    private static Path oracle(Path data, Path file) {
        return data.resolve("expected").resolve(data.relativize(file).toString() + ".json");
    }
}
