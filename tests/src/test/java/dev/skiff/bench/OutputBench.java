package dev.skiff.bench;

import dev.skiff.api.Container;
import dev.skiff.api.ContainerState;
import dev.skiff.api.ContainerStateRunning;
import dev.skiff.api.ContainerStateWaiting;
import dev.skiff.api.ContainerStatus;
import dev.skiff.api.KindInfo;
import dev.skiff.api.Kinds;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodPhase;
import dev.skiff.api.PodSpec;
import dev.skiff.api.PodStatus;
import dev.skiff.output.OutputFormat;
import dev.skiff.output.OutputOptions;
import dev.skiff.output.Palette;
import dev.skiff.output.ResourcePrinter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** How long {@code get pods} spends formatting 5,000 pods in each output format (no store involved). */
final class OutputBench {
    static final int PODS = 5000;
    static final int RUNS = 10;

    private OutputBench() {}

    static void run() {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");
        List<Pod> pods = pods(now);
        KindInfo kind = Kinds.resolve("pods").orElseThrow();
        Map<String, OutputOptions> cases = new java.util.LinkedHashMap<>();
        cases.put("table", OutputOptions.table());
        cases.put("table, colour", OutputOptions.table().withPalette(Palette.COLOUR));
        cases.put("-o wide -A --show-labels", OutputOptions.table().withFormat(new OutputFormat.Tabular(true))
                .withNamespaceColumn(true).withShowLabels(true));
        cases.put("--sort-by=.metadata.name", OutputOptions.table().withSortBy(".metadata.name"));
        cases.put("-o json", OutputOptions.table().withFormat(OutputFormat.parse("json", null)));
        cases.put("-o yaml", OutputOptions.table().withFormat(OutputFormat.parse("yaml", null)));
        cases.put("-o jsonpath (range, filter)", OutputOptions.table().withFormat(OutputFormat.parse(
                "jsonpath={range .items[?(@.status.phase==\"Running\")]}{.metadata.name}{\"\\n\"}{end}", null)));
        cases.put("-o custom-columns (3)", OutputOptions.table().withFormat(OutputFormat.parse(
                "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,IP:.status.podIP", null)));
        System.out.printf("%-32s %10s %10s %12s%n", "format (" + PODS + " pods)", "p50 ms", "max ms", "output KiB");
        cases.forEach((name, options) -> {
            int bytes = 0;
            for (int i = 0; i < 3; i++) bytes = ResourcePrinter.print(kind, pods, false, options, now).length();
            double[] ms = new double[RUNS];
            for (int i = 0; i < RUNS; i++) {
                long t0 = System.nanoTime();
                ResourcePrinter.print(kind, pods, false, options, now);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("%-32s %10.1f %10.1f %12d%n", name, ms[RUNS / 2], ms[RUNS - 1], bytes / 1024);
        });
    }

    private static List<Pod> pods(Instant now) {
        List<Pod> out = new ArrayList<>();
        for (int i = 0; i < PODS; i++) {
            boolean crashing = i % 10 == 0;
            ObjectMeta meta = ObjectMeta.named("ns-" + i % 7, "web-" + Integer.toHexString(i * 7919) + "-" + i)
                    .withLabels(Map.of("app", "web-" + i % 50, "tier", "frontend"))
                    .withCreationTimestamp(now.minusSeconds(37L * i));
            ContainerState state = crashing
                    ? new ContainerState(new ContainerStateWaiting("CrashLoopBackOff", "back-off"), null, null)
                    : new ContainerState(null, new ContainerStateRunning(now.minusSeconds(30L * i)), null);
            ContainerStatus cs = new ContainerStatus("web", state, null, !crashing, crashing ? 4 : 0,
                    "localhost/busybox:1", null, null, true);
            PodStatus status = new PodStatus(crashing ? PodPhase.RUNNING : PodPhase.RUNNING, null, null, null, null,
                    "192.168.1." + (i % 3 + 11), "192.168.1." + (i % 3 + 11), null, null, null, List.of(cs), null);
            out.add(Pod.of(meta, PodSpec.of(Container.of("web", "localhost/busybox:1")).withNodeName("pi-" + (i % 3 + 1)))
                    .withStatus(status));
        }
        return out;
    }
}
