package org.neurofusion.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Function;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.modalities.Recordings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code neurofusion} command: parses the command line, runs one subcommand, and turns every failure
 * into one line on stderr and a non-zero exit status (1 when the work failed, 2 for bad usage).
 */
@Command(name = "neurofusion", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {"neurofusion: multimodal non-invasive brain recordings (EEG, fNIRS) in Java.",
            "Reads and writes EDF/BDF, BrainVision, SNIRF and NIRx (and NIfTI images); preprocesses as MNE-Python"
                + " does; reads and writes BIDS; simulates paired EEG-fNIRS cohorts; cuts windows into a store for models; evaluates"
                + " classifiers within and across subjects without leakage. Start with 'neurofusion demo --quick'."},
        footer = {"", "Exit status: 0 on success, 1 when a file cannot be read or written, 2 for bad usage.",
            "Set NEUROFUSION_DEBUG=1 (or pass --debug) to see the stack trace of an error."})
public final class Main implements Runnable {
    /** The environment variable that turns on stack traces, as --debug does. */
    public static final String DEBUG_ENV = "NEUROFUSION_DEBUG";

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print the stack trace of an error, not only its message.")
    boolean debug;

    @Spec
    CommandSpec spec;

    /** Runs the command and exits with its status. */
    public static void main(String[] args) {
        String env = System.getenv(DEBUG_ENV);
        boolean debug = env != null && !env.isBlank() && !env.equals("0");
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        System.exit(create(Recordings::open, out, err, debug).execute(args));
    }

    /**
     * The command line, ready to {@link CommandLine#execute execute}.
     *
     * @param opener opens the recording a subcommand is given (tests pass in-memory recordings)
     * @param debugByDefault print stack traces even without {@code --debug} (the environment asked for it)
     */
    public static CommandLine create(Function<Path, Recording> opener, PrintWriter out, PrintWriter err,
            boolean debugByDefault) {
        CommandLine cl = new CommandLine(new Main());
        cl.addSubcommand(new InfoCommand(opener));
        cl.addSubcommand(new ConvertCommand(opener));
        cl.addSubcommand(new PreprocessCommand(opener));
        cl.addSubcommand(new WindowsCommand());
        cl.addSubcommand(new SimulateCommand());
        cl.addSubcommand(new DemoCommand());
        cl.addSubcommand(new EvaluateCommand());
        cl.addSubcommand(new BenchCommand());
        cl.addSubcommand(new BidsCommand());
        cl.addSubcommand(new ImportCommand());
        cl.addSubcommand(new EngineCommand());
        cl.addSubcommand(new PretrainCommand());
        cl.addSubcommand(new EmbedCommand());
        cl.addSubcommand(new FuseCommand());
        cl.addSubcommand(new DistilCommand());
        cl.addSubcommand(new ExportCommand());
        cl.addSubcommand(new PredictCommand(opener));
        cl.addSubcommand(new StreamCommand(opener));
        cl.addSubcommand(new ExperimentCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> usageError(ex, args, debugByDefault));
        cl.setExecutionStrategy(Main::executeChecked);
        cl.setExecutionExceptionHandler((ex, line, parsed) -> failure(ex, line, parsed, debugByDefault));
        return cl;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * picocli skips its checks once {@code --help} is seen, so {@code neurofusion typo --help} would print the
     * top-level help and succeed; an argument that matched nothing is a usage error whatever else was given.
     */
    private static int executeChecked(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (!p.unmatched().isEmpty()) {
                throw new UnmatchedArgumentException(p.commandSpec().commandLine(), p.unmatched());
            }
        }
        return new CommandLine.RunLast().execute(parsed);
    }

    private static int usageError(ParameterException ex, String[] args, boolean debugByDefault) {
        CommandLine line = ex.getCommandLine();
        PrintWriter err = line.getErr();
        StringBuilder msg = new StringBuilder(oneLine(ex.getMessage()));
        if (ex instanceof UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
            msg.append("; did you mean ").append(String.join(" or ", u.getSuggestions())).append('?');
        }
        msg.append(" (see '").append(line.getCommandSpec().qualifiedName()).append(" --help')");
        err.println(msg);
        if (debugByDefault || Arrays.asList(args).contains("--debug")) {
            ex.printStackTrace(err);
        }
        err.flush();
        return line.getCommandSpec().exitCodeOnInvalidInput();
    }

    private static int failure(Exception ex, CommandLine line, ParseResult parsed, boolean debugByDefault) {
        PrintWriter err = line.getErr();
        // A RecordingException already names the file, the place and the problem: print it as it is.
        // Runs, settings or data that do not fit together are the user's choice, named in the message: a usage error.
        boolean setup = ex instanceof org.neurofusion.fusion.train.FusionSetupException;
        // so does a recording a model's contract refuses (an artifact that is not one is a RecordingException)
        boolean named = ex instanceof RecordingException
                || ex instanceof org.neurofusion.inference.IncompatibleInputException;
        if (named || setup) {
            err.println(oneLine(ex.getMessage()));
        } else {
            err.println("internal error: " + oneLine(ex.toString())
                    + " (run again with --debug for the stack trace, and please report it)");
        }
        if (debugByDefault || debugRequested(parsed)) {
            ex.printStackTrace(err);
        }
        err.flush();
        return setup ? line.getCommandSpec().exitCodeOnInvalidInput()
                : line.getCommandSpec().exitCodeOnExecutionException();
    }

    private static boolean debugRequested(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }

    /** Messages may quote file content; keep the promise of one line per error. */
    static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s*[\\r\\n]+\\s*", " ");
    }

    /** The project version (the one provenance records) and the Java runtime. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"neurofusion " + org.neurofusion.core.Provenance.neurofusionVersion(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")"};
        }
    }
}
