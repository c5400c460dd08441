package dev.skiff.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.client.Client;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** label, annotate, cordon and uncordon: kubectl's lines, and a bad target or a refused overwrite changes nothing. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LabelCordonIT {
    private static CliCluster cluster;
    private Client client;
    private String ns;

    @BeforeAll
    static void etcd() {
        cluster = new CliCluster();
    }

    @AfterAll
    static void close() {
        cluster.close();
    }

    @BeforeEach
    void namespace() {
        client = cluster.client;
        ns = cluster.namespace("meta");
        for (String name : List.of("a", "b")) {
            client.create(new ConfigMap(null, null, ObjectMeta.named(ns, name).withLabels(Map.of("app", "web")), null, null, null));
        }
    }

    private CliRun run(String... args) {
        return cluster.run(args);
    }

    private ObjectMeta meta(String name) {
        return client.require(ConfigMap.class, ns, name).metadata();
    }

    @Test
    void labelSetsRefusesAnOverwriteUnlessAskedAndRemoves() {
        assertThat(run("label", "cm", "a", "b", "tier=db", "-n", ns).out())
                .isEqualTo("configmap/a labeled\nconfigmap/b labeled\n");
        assertThat(meta("b").labels()).containsEntry("tier", "db").containsEntry("app", "web");

        CliRun refused = run("label", "cm/a", "cm/b", "tier=cache", "-n", ns);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("'tier' already has a value (db), and --overwrite is false");
        assertThat(run("label", "cm/a", "tier=cache", "--overwrite", "-n", ns).exitCode()).isZero();
        assertThat(meta("a").labels()).containsEntry("tier", "cache");

        assertThat(run("label", "cm", "a", "tier-", "app-", "-n", ns).exitCode()).isZero();
        assertThat(meta("a").labels()).isNullOrEmpty();

        CliRun badKey = run("label", "cm", "a", "_bad=x", "-n", ns);
        assertThat(badKey.exitCode()).isEqualTo(1);
        assertThat(badKey.err()).contains("label key \"_bad\"");
        CliRun badValue = run("label", "cm", "a", "ok=has space", "-n", ns);
        assertThat(badValue.exitCode()).isEqualTo(1);
        assertThat(badValue.err()).contains("label value for \"ok\"");
    }

    @Test
    void aMissingObjectOrARefusedOverwriteChangesNone() {
        CliRun missing = run("label", "cm", "a", "nope", "b", "tier=db", "-n", ns);
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("configmaps \"nope\" not found");
        assertThat(meta("a").labels()).doesNotContainKey("tier");

        assertThat(run("label", "cm", "b", "tier=db", "-n", ns).exitCode()).isZero();
        CliRun clash = run("label", "cm", "a", "b", "tier=cache", "-n", ns); // a could take it, b refuses
        assertThat(clash.exitCode()).isEqualTo(1);
        assertThat(meta("a").labels()).doesNotContainKey("tier");
    }

    @Test
    void annotateWorksAsLabelDoesOnAnnotations() {
        assertThat(run("annotate", "cm", "a", "owner=ops team", "-n", ns).out()).isEqualTo("configmap/a annotated\n");
        assertThat(meta("a").annotations()).containsEntry("owner", "ops team");
        assertThat(meta("a").labels()).doesNotContainKey("owner");
        assertThat(run("annotate", "cm", "a", "owner=dev", "-n", ns).exitCode()).isEqualTo(1);
        assertThat(run("annotate", "cm", "a", "owner-", "-n", ns).exitCode()).isZero();
        assertThat(meta("a").annotations()).isNullOrEmpty();
        assertThat(run("annotate", "cm", "a", "-n", ns).err()).contains("give at least one KEY=VALUE or KEY-");
    }

    @Test
    void cordonAndUncordonMarkNodesAndAMissingOneChangesNone() {
        String n1 = ns + "-n1", n2 = ns + "-n2";
        client.create(Node.of(ObjectMeta.named(n1), null));
        client.create(Node.of(ObjectMeta.named(n2), null));

        CliRun missing = run("cordon", n1, ns + "-gone");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("nodes \"" + ns + "-gone\" not found");
        assertThat(unschedulable(n1)).isFalse();

        assertThat(run("cordon", n1, n2).out()).isEqualTo("node/" + n1 + " cordoned\nnode/" + n2 + " cordoned\n");
        assertThat(unschedulable(n1)).isTrue();
        assertThat(run("cordon", n1).out()).isEqualTo("node/" + n1 + " already cordoned\n");
        assertThat(run("get", "nodes", n1).out()).contains("SchedulingDisabled");
        assertThat(run("uncordon", n1).out()).isEqualTo("node/" + n1 + " uncordoned\n");
        assertThat(unschedulable(n1)).isFalse();
        assertThat(unschedulable(n2)).isTrue();
        assertThat(run("uncordon", n1).out()).isEqualTo("node/" + n1 + " already uncordoned\n");
    }

    private boolean unschedulable(String node) {
        Node n = client.require(Node.class, null, node);
        return n.spec() != null && Boolean.TRUE.equals(n.spec().unschedulable());
    }
}
