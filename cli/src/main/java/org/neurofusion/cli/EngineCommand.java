package org.neurofusion.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.util.Utils;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code neurofusion engine}: loads the deep-learning engine the models run on (extracting libtorch on first use)
 * and prints its name, libtorch version, device, threads and cache folder, after one computation on the device
 * proved it works. The first thing to run on a new machine, and what a bug report quotes.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
        description = {"Loads the PyTorch engine offline and prints its name, libtorch version, device, threads"
            + " and native cache folder.",
            "The first use extracts libtorch (about 432 MB) into DJL_CACHE_DIR (default ~/.djl.ai)."})
final class EngineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Engine engine;
        try {
            engine = Engine.getInstance();
        } catch (EngineException e) {
            // DJL's message names the engine and the missing library; say what the command needs.
            throw new IllegalStateException("the PyTorch engine cannot be loaded offline (run through"
                    + " bin/neurofusion, which puts cli/target/lib on the class path): " + Main.oneLine(e.getMessage()), e);
        }
        Device device = engine.defaultDevice();
        float check;
        try (NDManager manager = engine.newBaseManager(device)) {
            // One real operation on the device: loading alone does not prove the natives run.
            NDArray sum = manager.create(new float[] {1f, 2f, 3f, 4f}).sum();
            check = sum.getFloat();
        }
        if (check != 10f) {
            throw new IllegalStateException("the engine computed 1+2+3+4 = " + check + " on " + device);
        }
        out.println("engine: " + engine.getEngineName());
        out.println("libtorch: " + engine.getVersion());
        out.println("device: " + device);
        out.println("threads: " + System.getProperty("ai.djl.pytorch.num_threads", "default") + " intra-op, "
                + System.getProperty("ai.djl.pytorch.num_interop_threads", "default") + " inter-op");
        out.println("cache: " + Utils.getEngineCacheDir());
        out.flush();
        return 0;
    }
}
