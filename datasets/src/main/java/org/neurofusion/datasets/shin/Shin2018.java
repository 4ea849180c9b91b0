package org.neurofusion.datasets.shin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.neurofusion.core.Annotation;
import org.neurofusion.core.Recording;
import org.neurofusion.core.RecordingException;
import org.neurofusion.core.SensorPosition;
import org.neurofusion.datasets.PairedRecording;
import org.neurofusion.datasets.RecordingKey;

/**
 * The paired EEG–NIRS dataset of Shin et al. 2018 ("Simultaneous acquisition of EEG and NIRS during cognitive
 * tasks for an open access dataset", Scientific Data 5:180003): 26 subjects, three tasks (n-back {@code nback},
 * discrimination/selection response {@code dsr}, word generation {@code wg}), each task's three sessions
 * published appended into one BBCI cnt:
 *
 * <pre>
 * root/[EEG/]VPnnn-EEG/{cnt,mrk,mnt}_&lt;task&gt;.mat     variables cnt_&lt;task&gt;, mrk_&lt;task&gt;, mnt_&lt;task&gt;
 * root/[NIRS/]VPnnn-NIRS/{cnt,mrk,mnt}_&lt;task&gt;.mat   cnt_&lt;task&gt;.oxy, cnt_&lt;task&gt;.deoxy (mmol/l)
 * </pre>
 *
 * <p>EEG (28 channels plus HEOG/VEOG at 200 Hz, µV) is returned in V; NIRS as HbO/HbR in mol/L, named by the
 * published channel label ({@code AF7 hbo}) and placed at the montage's channel position, since these montages
 * carry no source–detector indices. Events keep the published class names ({@code 0-back session}, ...).
 */
public final class Shin2018 {
    /** The three tasks, as the files name them. */
    public static final List<String> TASKS = List.of("nback", "dsr", "wg");
    private static final Pattern VP_DIR = Pattern.compile("VP(\\d+)-EEG");

    private final Path root;
    private final List<String> subjects;

    private Shin2018(Path root, List<String> subjects) {
        this.root = root;
        this.subjects = subjects;
    }

    /** The dataset under {@code root}: VPnnn-EEG/VPnnn-NIRS folders in it or in its EEG and NIRS folders. */
    public static Shin2018 open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new RecordingException(root, -1, "does not exist");
        }
        TreeSet<String> found = new TreeSet<>();
        for (Path dir : new Path[] {root, root.resolve("EEG")}) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.list(dir)) {
                s.forEach(p -> {
                    Matcher m = VP_DIR.matcher(p.getFileName().toString());
                    if (m.matches() && Files.isDirectory(p)) {
                        String nn = Shin2017.twoDigits(m.group(1));
                        if (Files.isDirectory(folder(root, nn, "NIRS"))) {
                            found.add(nn);
                        }
                    }
                });
            } catch (IOException e) {
                throw new RecordingException(dir, -1, "cannot be listed: " + e.getMessage(), e);
            }
        }
        return new Shin2018(root, List.copyOf(found));
    }

    /** Loads one subject's task; see {@link #load(String, String)}. */
    public static PairedRecording load(Path root, String subject, String task) {
        return new Shin2018(root, List.of()).load(subject, task);
    }

    /** Subjects with both EEG and NIRS folders, two-digit ({@code 01} ... {@code 26}), in order. */
    public List<String> subjects() {
        return subjects;
    }

    /**
     * One subject's task: key (subject {@code NN}, task), EEG and NIRS recordings, NIRS clock fitted to the
     * EEG's from the shared markers, events in EEG time.
     *
     * @param subject the subject number, {@code "1"} or {@code "01"} for VP001
     * @param task one of {@link #TASKS}
     * @throws RecordingException naming the file and variable path when a file is missing or does not have the
     *     published structure
     */
    public PairedRecording load(String subject, String task) {
        if (!TASKS.contains(task)) {
            throw new IllegalArgumentException("task must be one of " + TASKS + ", got '" + task + "'");
        }
        String nn = Shin2017.twoDigits(subject);
        Path eegDir = folder(root, nn, "EEG");
        Path nirsDir = folder(root, nn, "NIRS");
        Path eegCnt = eegDir.resolve("cnt_" + task + ".mat");
        Path nirsCnt = nirsDir.resolve("cnt_" + task + ".mat");
        Path nirsMrk = nirsDir.resolve("mrk_" + task + ".mat");

        Map<String, SensorPosition> eegPos = MatFiles.read(eegDir.resolve("mnt_" + task + ".mat"), "mnt_" + task,
                Bbci::positions);
        ShinNirs.Montage montage = MatFiles.read(nirsDir.resolve("mnt_" + task + ".mat"), "mnt_" + task,
                ShinNirs::montage);
        ShinPairs.EegData eeg = MatFiles.read(eegCnt, "cnt_" + task, ShinPairs.EegData::of);
        List<Annotation> eegEvents = markers(eegDir.resolve("mrk_" + task + ".mat"), task, eeg.cnt().fs());
        ShinNirs.Data nirs = MatFiles.read(nirsCnt, "cnt_" + task, cnt -> ShinNirs.read(cnt, montage));
        List<Annotation> nirsEvents = markers(nirsMrk, task, nirs.fs());

        Recording e = ShinPairs.eeg(new ShinPairs.Origin(eegCnt, eeg.variable(), Shin2017.format(eegCnt)), eeg, eegPos,
                eegEvents);
        Recording n = ShinPairs.nirs(new ShinPairs.Origin(nirsCnt, nirs.variable(), Shin2017.format(nirsCnt)), nirs,
                nirsEvents);
        return ShinPairs.pair(new RecordingKey(nn, "", task, ""), e, n, nirsMrk);
    }

    private static List<Annotation> markers(Path file, String task, double fs) {
        return MatFiles.read(file, "mrk_" + task, mrk -> Bbci.markers(mrk, fs, 0, String::trim, Map.of()));
    }

    /** VPnnn-&lt;kind&gt; directly under the root, or under root/&lt;kind&gt; as the download's archives unpack. */
    private static Path folder(Path root, String nn, String kind) {
        String name = String.format(Locale.ROOT, "VP%03d-%s", Integer.parseInt(nn), kind);
        Path direct = root.resolve(name);
        return Files.isDirectory(direct) ? direct : root.resolve(kind).resolve(name);
    }
}
