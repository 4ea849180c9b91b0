package org.neurofusion.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import picocli.CommandLine.Option;

/** {@code --device cpu|gpu|auto}: where a command's networks run. */
final class DeviceOption {
    @Option(names = "--device", defaultValue = "auto", paramLabel = "cpu|gpu|auto",
            description = "Where to run the networks: cpu, gpu (the first CUDA device; needs a CUDA libtorch of your"
                + " own, see docs/cli.md) or auto, the GPU when the engine sees one (default: ${DEFAULT-VALUE}).")
    String device;

    /** The device, checked against what the engine sees. */
    Device resolve() {
        Engine engine = Engine.getInstance();
        return switch (device) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (engine.getGpuCount() == 0) {
                    throw new IllegalArgumentException("--device gpu: the engine sees no GPU (libtorch "
                            + engine.getVersion() + " on this machine is the CPU build)");
                }
                yield Device.gpu();
            }
            case "auto" -> engine.defaultDevice();
            default -> throw new IllegalArgumentException("--device must be cpu, gpu or auto, got '" + device + "'");
        };
    }
}
