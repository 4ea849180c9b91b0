package org.neurofusion.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Measures memory while a piece of work runs, for the benchmark and the memory check: a daemon thread samples
 * the heap in use every few milliseconds and keeps the largest value; the heap pools' own peak counters (reset at
 * the start) catch what the sampling misses between samples. Also reads the process's peak resident set on Linux,
 * which includes the mapped store pages the heap figures leave out.
 */
final class HeapWatch implements AutoCloseable {
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final Thread sampler;
    private volatile boolean running = true;
    private volatile long maxUsed;

    HeapWatch() {
        List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
        pools.forEach(MemoryPoolMXBean::resetPeakUsage);
        maxUsed = memory.getHeapMemoryUsage().getUsed();
        sampler = new Thread(() -> {
            while (running) {
                maxUsed = Math.max(maxUsed, memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The largest heap in use seen by sampling, in bytes. */
    long sampledPeak() {
        return Math.max(maxUsed, memory.getHeapMemoryUsage().getUsed());
    }

    /** Sum of the heap pools' peak usage since this watch started, in bytes (an upper bound: pools peak apart). */
    long poolPeak() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    /** The most heap the JVM may use (-Xmx), in bytes. */
    long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    /** Peak resident set size of this process in bytes (VmHWM), or -1 where /proc is absent. */
    static long peakRss() {
        return procStatus("VmHWM:");
    }

    /**
     * Resident memory now that is anonymous (heap, native buffers: what the process really owns), in bytes, or -1.
     * Mapped store pages count as file-backed instead ({@link #fileRss}): the kernel can drop them at any time.
     */
    static long anonymousRss() {
        return procStatus("RssAnon:");
    }

    /** Resident file-backed memory now (mapped store pages, jars), in bytes, or -1. */
    static long fileRss() {
        return procStatus("RssFile:");
    }

    private static long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
