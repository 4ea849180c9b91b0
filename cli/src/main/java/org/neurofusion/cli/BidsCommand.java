package org.neurofusion.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.neurofusion.core.Modality;
import org.neurofusion.datasets.RecordingKey;
import org.neurofusion.datasets.bids.BidsDataset;
import org.neurofusion.datasets.bids.BidsFile;
import org.neurofusion.datasets.bids.BidsProblem;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code neurofusion bids}: commands on BIDS datasets. */
@Command(name = "bids", mixinStandardHelpOptions = true, description = "Reads BIDS datasets (EEG, NIRS; MEG and fMRI listed only).",
        subcommands = {BidsCommand.Check.class})
final class BidsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    /**
     * {@code neurofusion bids check DIR}: the runs found, as a table, then every problem, one line each with
     * its file. Exit status 0 when there is no error (warnings allowed), 1 otherwise.
     */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Lists the subjects, sessions, tasks, runs and modalities of a BIDS dataset, then every"
                + " problem found (one line each, naming the file): metadata without data, malformed tables,"
                + " sidecars contradicting the data, events past the end, clocks that cannot be aligned.",
                "Reads every data file's header and metadata, not its samples."},
            footer = {"", "Exit status: 0 when no error was found (warnings allowed), 1 otherwise."})
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(index = "0", paramLabel = "DIR", description = "The dataset's root folder.")
        Path dir;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            BidsDataset ds = BidsDataset.open(dir);
            out.printf("dataset  %s (%s)%n", ds.name(), ds.root());
            out.printf("subjects %d, runs %d, data files %d%n%n", ds.subjects().size(), ds.runs().size(),
                    ds.files().size());
            printRuns(ds, out);
            List<BidsProblem> problems = ds.check();
            long errors = problems.stream().filter(p -> p.severity() == BidsProblem.Severity.ERROR).count();
            out.println();
            for (BidsProblem p : problems) {
                out.println((p.severity() == BidsProblem.Severity.ERROR ? "error   " : "warning ")
                        + Main.oneLine(p.message()));
            }
            out.printf("%d error(s), %d warning(s)%n", errors, problems.size() - errors);
            out.flush();
            return errors == 0 ? 0 : 1;
        }

        private static void printRuns(BidsDataset ds, PrintWriter out) {
            Map<String, TreeSet<Modality>> rows = new TreeMap<>();
            Map<String, RecordingKey> keys = new TreeMap<>();
            for (BidsFile f : ds.files()) {
                String k = f.key().toString();
                keys.put(k, f.key());
                rows.computeIfAbsent(k, x -> new TreeSet<>()).add(f.modality().orElseThrow());
            }
            String fmt = "%-10s %-8s %-14s %-5s %s%n";
            out.printf(fmt, "subject", "session", "task", "run", "modalities");
            for (Map.Entry<String, RecordingKey> e : keys.entrySet()) {
                RecordingKey k = e.getValue();
                out.printf(fmt, k.subject(), dash(k.session()), dash(k.task()), dash(k.run()),
                        String.join(", ", rows.get(e.getKey()).stream().map(Modality::name).toList()));
            }
        }

        private static String dash(String s) {
            return s.isEmpty() ? "-" : s;
        }
    }
}
