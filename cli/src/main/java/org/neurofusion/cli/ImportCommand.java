package org.neurofusion.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.neurofusion.datasets.eegmmidb.EegmmidbImport;
import org.neurofusion.datasets.eegmmidb.RunTable;
import org.neurofusion.modalities.montage.StandardMontage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code neurofusion import}: public datasets as BIDS (one subcommand each). */
@Command(name = "import", mixinStandardHelpOptions = true, subcommands = ImportCommand.Eegmmidb.class,
        description = "Imports a public dataset, as downloaded, into a BIDS dataset neurofusion evaluates and"
            + " pre-trains on.")
final class ImportCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing dataset: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /** {@code neurofusion import eegmmidb FOLDER --out BIDS_DIR}. */
    @Command(name = "eegmmidb", mixinStandardHelpOptions = true,
            description = {"Imports the PhysioNet EEG Motor Movement/Imagery Database (SxxxRyy.edf files, in FOLDER"
                + " or its Sxxx/ folders) as BIDS: EEG as EDF with standard channel names, events.tsv (T0 rest; in"
                + " the imagery runs T1 left_hand, T2 right_hand), electrodes.tsv from the 10-05 montage, and the"
                + " conventional cue-locked window and band for neurofusion evaluate.",
                "Runs become tasks and events by a run table (--run-table; the default maps all 14 runs), so other"
                + " runs are imported by naming them: --runs 3,7,11 gives task me (executed fist movements).",
                "Cite Schalk et al. 2004 and Goldberger et al. 2000 (ODC-By 1.0); the dataset's README says how."})
    static final class Eegmmidb implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FOLDER", description = "The downloaded files.")
        Path folder;

        @Option(names = "--out", required = true, paramLabel = "BIDS_DIR", description = "The dataset to write (a"
                + " new or empty folder).")
        Path out;

        @Option(names = "--subjects", split = ",", paramLabel = "S001,...", description = "Subjects (S001, or 1);"
                + " default: every subject in FOLDER.")
        List<String> subjects = List.of();

        @Option(names = "--runs", split = ",", paramLabel = "4,8,12", description = "Run numbers; default: the"
                + " table's mi runs (4, 8, 12: imagined left/right fist).")
        List<Integer> runs = List.of();

        @Option(names = "--run-table", paramLabel = "TSV", description = "The run table (run, task, bids_run, one"
                + " column per annotation code, description); default: the database's 14 runs.")
        Path runTable;

        @Option(names = "--skip-missing", description = "Import the runs present and report the missing ones,"
                + " instead of failing.")
        boolean skipMissing;

        @Option(names = "--epoch", split = ",", paramLabel = "START,END", description = "The cue-locked window"
                + " recorded for evaluate, in seconds after the cue (default: 0.5,2.5).")
        List<Double> epoch = List.of(EegmmidbImport.EPOCH_START, EegmmidbImport.EPOCH_END);

        @Option(names = "--band", split = ",", paramLabel = "LOW,HIGH", description = "The band recorded for"
                + " evaluate, in Hz (default: 8,30).")
        List<Double> band = List.of(EegmmidbImport.BAND_LOW, EegmmidbImport.BAND_HIGH);

        @Option(names = "--montage", defaultValue = StandardMontage.STANDARD_1005, description = "standard_1005 or"
                + " standard_1020 (default: ${DEFAULT-VALUE}).")
        String montage;

        @Override
        public Integer call() {
            var cl = spec.commandLine();
            if (epoch.size() != 2 || band.size() != 2) {
                throw new ParameterException(cl, "--epoch and --band take two numbers each, as 0.5,2.5");
            }
            EegmmidbImport.Options o;
            try {
                RunTable table = runTable == null ? RunTable.standard() : RunTable.read(runTable);
                o = new EegmmidbImport.Options(subjects, runs, table, StandardMontage.of(montage), skipMissing,
                        epoch.get(0), epoch.get(1), band.get(0), band.get(1));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, e.getMessage(), e);
            }
            EegmmidbImport.Result r;
            try {
                r = EegmmidbImport.run(folder, out, o);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(cl, e.getMessage(), e);
            }
            PrintWriter w = cl.getOut();
            w.printf("%s: %d runs of %d subjects%n", r.root(), r.runs().size(), r.trialsBySubject().size());
            List<String> events = r.trialsBySubject().values().stream().flatMap(m -> m.keySet().stream())
                    .distinct().sorted().toList();
            StringBuilder h = new StringBuilder(String.format("%-8s", "subject"));
            events.forEach(e -> h.append(String.format(" %12s", e)));
            w.println(h);
            for (Map.Entry<String, Map<String, Integer>> s : r.trialsBySubject().entrySet()) {
                StringBuilder row = new StringBuilder(String.format("%-8s", "sub-" + s.getKey()));
                events.forEach(e -> row.append(String.format(" %12d", s.getValue().getOrDefault(e, 0))));
                w.println(row);
            }
            r.windowing().forEach((task, f) -> w.println("windowing of task " + task + ": " + f));
            r.omissions().forEach(m -> w.println("omitted: " + m));
            w.flush();
            return 0;
        }
    }
}
