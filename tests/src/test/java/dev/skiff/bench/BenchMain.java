package dev.skiff.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs the benchmarks: {@code ./run-tests bench [NAME]} (NAME: all, or one of the keys below).
 * Each prints a table of figures, with the real peer measured in the same run where there is one.
 */
public final class BenchMain {
    private static final Map<String, Runnable> BENCHES = new LinkedHashMap<>();

    static {
        BENCHES.put("client", ClientBench::run);
        BENCHES.put("lifecycle", LifecycleBench::run);
        BENCHES.put("scheduler", SchedulerBench::run);
        BENCHES.put("output", OutputBench::run);
        BENCHES.put("workloads", WorkloadBench::run);
        BENCHES.put("store", StoreBench::run);
        BENCHES.put("agent", AgentBench::run);
        BENCHES.put("agentcache", AgentCacheBench::run);
        BENCHES.put("proxy", ProxyBench::run);
        BENCHES.put("chaos", ChaosBench::run);
        BENCHES.put("netchaos", NetChaosBench::run);
        BENCHES.put("js", JsBench::run);
        BENCHES.put("shell", ShellBench::run);
    }

    static String loadAverage() {
        try {
            return String.join(" ", java.util.Arrays.copyOf(
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" "), 3));
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public static void main(String[] args) {
        String which = args.length == 0 || args[0].isBlank() ? "all" : args[0];
        if (!which.equals("all") && !BENCHES.containsKey(which)) {
            System.err.println("unknown benchmark \"" + which + "\": choose all or one of " + BENCHES.keySet());
            System.exit(2);
        }
        System.out.printf("machine: %d cores, %s %s, Java %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), Runtime.version());
        System.out.println("load average at start: " + loadAverage() + " (figures are only comparable within one run)");
        BENCHES.forEach((name, bench) -> {
            if (which.equals("all") || which.equals(name)) {
                System.out.println("\n== " + name);
                bench.run();
            }
        });
        System.exit(0);
    }
}
