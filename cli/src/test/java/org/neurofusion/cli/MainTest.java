package org.neurofusion.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.neurofusion.core.CorruptRecordingException;

class MainTest {
    @Test
    void helpListsTheCommands() {
        CliRun r = CliRun.run("--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("info"), r.out());
        assertTrue(r.out().contains("convert"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void subcommandHelp() {
        CliRun r = CliRun.run("convert", "--help");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().contains("--channels"), r.out());
        assertTrue(r.out().contains("--duration"), r.out());
    }

    @Test
    void versionNamesTheProject() {
        CliRun r = CliRun.run("--version");
        assertEquals(0, r.exitCode());
        assertTrue(r.out().startsWith("neurofusion 0."), r.out());
        assertFalse(r.out().contains("${"), "the version resource is filtered: " + r.out());
    }

    @Test
    void missingCommandIsAUsageErrorOnOneLine() {
        CliRun r = CliRun.run();
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("info, convert"), r.err());
    }

    @Test
    void misspeltCommandSuggestsTheRightOne() {
        CliRun r = CliRun.run("conver", "a.edf", "b.npy");
        assertEquals(2, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        // picocli's similarity also offers 'experiment' for 'conver'; the right command comes first
        assertTrue(r.err().contains("did you mean convert"), r.err());
    }

    @Test
    void missingParameterIsAUsageError() {
        CliRun r = CliRun.run("info");
        assertEquals(2, r.exitCode());
        assertEquals("Missing required parameter: 'FILE' (see 'neurofusion info --help')", r.err().strip());
    }

    @Test
    void missingFileFailsWithTheReadersMessageAndNoStackTrace() {
        CliRun r = CliRun.run("info", "/no/such/file.edf");
        assertEquals(1, r.exitCode());
        assertEquals("/no/such/file.edf: no such file", r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void recordingExceptionMessagesArePrintedAsTheyAre() {
        CliRun r = CliRun.run(p -> {
            throw new CorruptRecordingException(p, 256, "header says 3 records, file holds 2");
        }, "info", "x.edf");
        assertEquals(1, r.exitCode());
        assertEquals("x.edf at byte 256: header says 3 records, file holds 2", r.err().strip());
    }

    @Test
    void debugOptionAddsTheStackTrace() {
        CliRun r = CliRun.run(p -> {
            throw new CorruptRecordingException(p, 256, "bad");
        }, "info", "x.edf", "--debug");
        assertEquals(1, r.exitCode());
        assertTrue(r.errLines().length > 2, r.err());
        assertEquals("x.edf at byte 256: bad", r.errLines()[0]);
        assertTrue(r.err().contains("\tat org.neurofusion"), r.err());
    }

    @Test
    void debugOptionWorksBeforeTheSubcommandToo() {
        CliRun r = CliRun.run(p -> {
            throw new CorruptRecordingException(p, 0, "bad");
        }, "--debug", "info", "x.edf");
        assertTrue(r.err().contains("\tat org.neurofusion"), r.err());
    }

    @Test
    void debugEnvironmentAddsTheStackTrace() {
        CliRun r = CliRun.run(p -> {
            throw new CorruptRecordingException(p, 0, "bad");
        }, true, "info", "x.edf");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().contains("\tat org.neurofusion"), r.err());
    }

    @Test
    void unexpectedErrorsAreReportedOnOneLine() {
        CliRun r = CliRun.run(p -> {
            throw new IllegalStateException("line one\nline two");
        }, "info", "x.edf");
        assertEquals(1, r.exitCode());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("internal error: java.lang.IllegalStateException: line one line two"),
                r.err());
    }

    @Test
    void oneLineJoinsLines() {
        assertEquals("a b c", Main.oneLine(" a\n b\r\n\nc \n"));
        assertEquals(Path.of("x").toString(), Main.oneLine("x"));
    }

    @Test
    void anUnknownCommandWithHelpIsAUsageErrorNotTheTopLevelHelp() {
        CliRun r = CliRun.run("nosuch", "--help");
        assertEquals(2, r.exitCode());
        assertEquals("", r.out());
        assertTrue(r.err().contains("'nosuch'"), r.err());
        CliRun extra = CliRun.run("demo", "--help", "--bogus");
        assertEquals(2, extra.exitCode());
        assertTrue(extra.err().contains("--bogus"), extra.err());
        CliRun top = CliRun.run("--help");
        assertEquals(0, top.exitCode());
        assertTrue(top.out().contains("evaluate, benchmark") && top.out().contains("simulates"), top.out());
        CliRun alias = CliRun.run("benchmark", "--help");
        assertEquals(0, alias.exitCode());
        assertTrue(alias.out().contains("neurofusion evaluate"), alias.out());
    }
}
