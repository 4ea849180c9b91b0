package org.neurofusion.core;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class SharedDataTest {
    @Test
    void aFileMissingFromAPresentFolderFailsNamingIt() {
        assumeTrue(SharedData.locate().isPresent(), "../shared/data is absent: nothing to check");
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SharedData.require("eeg/renamed_or_deleted.edf"));
        assertTrue(e.getMessage().contains("eeg/renamed_or_deleted.edf"), e.getMessage());
        assertTrue(SharedData.require("README.md").toFile().isFile());
    }
}
