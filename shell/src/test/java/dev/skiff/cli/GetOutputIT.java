package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.store.EtcdProcess;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code skiff get}'s output options end to end, against real etcd. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GetOutputIT {
    private static final String NS = "get-output-it";
    private static String server;

    @BeforeAll
    static void apply() throws URISyntaxException {
        server = EtcdProcess.shared().endpoint().getAuthority();
        String file = Path.of(GetOutputIT.class.getResource("/get/web.yaml").toURI()).toString();
        CliRun run = CliRun.of("apply", "-f", file, "--server", server);
        assertThat(run.exitCode()).as(run.err()).isZero();
    }

    @AfterAll
    static void cleanUp() {
        CliRun.of("delete", "deployment", "web", "-n", NS, "--server", server);
        CliRun.of("delete", "service", "web", "-n", NS, "--server", server);
        CliRun.of("delete", "namespace", NS, "--server", server);
    }

    private static CliRun get(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "get";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "-n";
        all[args.length + 2] = NS;
        all[args.length + 3] = "--server";
        all[args.length + 4] = server;
        CliRun run = CliRun.of(all);
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run;
    }

    @Test
    void wideShowsContainersImagesAndSelector() {
        assertThat(get("deploy", "-o", "wide").out()).startsWith(
                "NAME   READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR\n"
                        + "web    0/2     0            0           ");
        assertThat(get("deploy", "-o", "wide").out()).contains("   web          nginx:1.27   app=web\n");
    }

    @Test
    void servicesShowTheirPortsAndSelector() {
        // the cluster IP is allocated at create, from the service range 127.77.0.0/16
        assertThat(get("svc", "-o", "wide", "--show-labels").out())
                .containsPattern("^NAME +TYPE +CLUSTER-IP +EXTERNAL-IP +PORT\\(S\\) +AGE +SELECTOR +LABELS\n")
                .containsPattern("web +ClusterIP +127\\.77\\.\\d+\\.\\d+ +<none> +80/TCP ")
                .contains("app=web");
    }

    @Test
    void jsonpathAndCustomColumns() {
        assertThat(get("deploy", "-o", "jsonpath={.items[*].spec.template.spec.containers[0].image}").out())
                .isEqualTo("nginx:1.27");
        assertThat(get("deploy", "web", "-o", "jsonpath={.spec.replicas}").out()).isEqualTo("2");
        assertThat(get("deploy", "-o", "custom-columns=NAME:.metadata.name,CPU:.spec.template.spec.containers[0].resources.requests.cpu", "--no-headers").out())
                .isEqualTo("web   100m\n");
    }

    @Test
    void labelColumnsAndSortBy() {
        assertThat(get("deploy", "-L", "app", "--sort-by=.metadata.name").out())
                .startsWith("NAME   READY   UP-TO-DATE   AVAILABLE   AGE   APP\n").contains("   web\n");
    }

    @Test
    void fileFormats(@TempDir Path dir) throws Exception {
        Path cols = Files.writeString(dir.resolve("cols.txt"), "NAME REPLICAS\n.metadata.name .spec.replicas\n");
        assertThat(get("deploy", "-o", "custom-columns-file=" + cols).out()).isEqualTo("NAME   REPLICAS\nweb    2\n");
        Path tpl = Files.writeString(dir.resolve("t.jsonpath"), "{range .items[*]}{.kind}/{.metadata.name}{\"\\n\"}{end}\n");
        assertThat(get("deploy", "-o", "jsonpath-file=" + tpl).out()).isEqualTo("Deployment/web\n");
    }

    @Test
    void yamlOfOneAndJsonOfMany() {
        assertThat(get("deploy", "web", "-o", "yaml").out()).startsWith("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  creationTimestamp: \"");
        assertThat(get("deploy", "-o", "json").out()).startsWith("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n");
        assertThat(get("deploy", "-o", "name").out()).isEqualTo("deployment.apps/web\n");
    }

    @Test
    void nothingFoundIsSaidOnlyForTables() {
        CliRun table = get("cm");
        assertThat(table.out()).isEmpty();
        assertThat(table.err()).isEqualTo("No resources found in " + NS + " namespace.\n");
        CliRun name = get("cm", "-o", "name");
        assertThat(name.out() + name.err()).isEmpty();
    }
}
