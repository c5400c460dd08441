package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The early read's scan of a get line asks for what picocli parses from it, or for nothing. */
class EarlyReadTest {

    @Test
    void aScannedLineAsksForWhatPicocliParses() {
        String[][] lines = {
                {"get", "pods"},
                {"get", "pods", "-l", "app=web7", "--server", "127.0.0.1:2379"},
                {"get", "po", "-n", "kube-system", "-o", "wide", "--no-headers"},
                {"get", "deploy", "--namespace=prod", "--selector=tier!=db", "--show-labels"},
                {"get", "pods", "-A", "-L", "app,tier", "--sort-by", ".metadata.name"},
                {"get", "svc", "--all-namespaces", "-s", "a:1,b:2", "--request-timeout", "3s"},
                {"get", "pods", "--request-timeout=0", "-w"},
                {"get", "--server", "x:1", "nodes", "--watch-only", "-o", "json"},
                {"get", "pods", "-o", "jsonpath={.items[*].metadata.name}"},
        };
        for (String[] line : lines) {
            EarlyRead.Plan plan = EarlyRead.plan(line);
            GetCommand get = parsed(line);
            assertThat(plan).as(String.join(" ", line)).isEqualTo(new EarlyRead.Plan(get.kind, get.namespace,
                    get.allNamespaces, get.selector, get.cluster.server, get.cluster.requestTimeout));
        }
    }

    @Test
    void namesSeveralKindsAndFormsTheScanDoesNotKnowReadNothingEarly() {
        String[][] lines = {
                {"get"},
                {"describe", "pods"},
                {"get", "pods", "web-1"},
                {"get", "pods,svc"},
                {"get", "all"},
                {"get", "pods", "-nprod"},
                {"get", "pods", "-Aw"},
                {"get", "pods", "--help"},
                {"get", "pods", "--", "x"},
                {"get", "pods", "-n"},
                {"get", "pods", "--unknown=1"},
                {"get", "pods", "-o=json"},
        };
        for (String[] line : lines) assertThat(EarlyRead.plan(line)).as(String.join(" ", line)).isNull();
    }

    private static GetCommand parsed(String... line) {
        var cl = SkiffCommand.commandLine(line);
        cl.parseArgs(line);
        return cl.getSubcommands().get("get").getCommand();
    }
}
