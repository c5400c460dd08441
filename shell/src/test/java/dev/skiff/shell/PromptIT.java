package dev.skiff.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Container;
import dev.skiff.api.Json;
import dev.skiff.api.Namespace;
import dev.skiff.api.Node;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.api.PodSpec;
import dev.skiff.api.Service;
import dev.skiff.client.Client;
import dev.skiff.cli.CliTestAccess;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jline.reader.Candidate;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The prompt over JLine terminal streams, against a live store. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PromptIT {
    private static Store store;
    private static Client client;
    private static String server;

    @BeforeAll
    static void cluster() {
        EtcdProcess etcd = EtcdProcess.shared();
        server = etcd.endpoint().getAuthority();
        store = EtcdStore.connect(etcd.config());
        client = new Client(store, Clock.systemUTC());
        client.create(new Namespace(null, null, ObjectMeta.named("shop"), null, null));
        for (String n : List.of("cart", "catalog", "checkout")) {
            client.create(new ConfigMap(null, null, ObjectMeta.named("shop", n).withLabels(Map.of("tier", n.equals("cart") ? "web" : "db")),
                    Map.of("k", "v"), null, null));
        }
        // targets for chaos completion
        client.create(Pod.of(ObjectMeta.named("shop", "cart-0"), PodSpec.of(Container.of("c", "i"))));
        client.create(Json.fromYaml("""
                apiVersion: v1
                kind: Service
                metadata: {name: cart, namespace: shop}
                spec: {selector: {app: cart}, ports: [{port: 80}]}
                """, Service.class));
        if (client.get(Node.class, null, "prompt-pi").isEmpty()) client.create(Node.of(ObjectMeta.named("prompt-pi"), null));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static List<String> complete(SkiffCompleter completer, String line) {
        List<Candidate> out = new java.util.ArrayList<>();
        completer.complete(null, new DefaultParser().parse(line, line.length()), out);
        return SkiffCompleter.candidateValues(out);
    }

    @Test
    void completesVerbsKindsLiveNamesNamespacesAndLabels() {
        try (ClusterCache cache = new ClusterCache(client)) {
            SkiffCompleter c = new SkiffCompleter(CliTestAccess.grammar(), cache, () -> "shop", Map::of);
            assertThat(complete(c, "")).contains("get", "apply", "delete", "use", "help");
            assertThat(complete(c, "get ")).contains("configmaps", "cm", "pods", "po", "deploy", "svc", "ns");
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(complete(c, "get cm ")).containsExactly("cart", "catalog", "checkout"));
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(complete(c, "get cm -n ")).contains("shop"));
            assertThat(complete(c, "get cm -l ")).contains("tier=web", "tier=db");
            assertThat(complete(c, "get cm --namespace=")).contains("--namespace=shop");
            assertThat(complete(c, "get cm -o=")).contains("-o=yaml", "-o=jsonpath=");
            assertThat(complete(c, "get cm --")).contains("--namespace", "--selector", "--output");
            assertThat(complete(c, "use ")).contains("shop");

            assertThat(complete(c, "chaos kill ")).containsExactly("pod");
            assertThat(complete(c, "chaos node-down ")).isEqualTo(complete(c, "cordon "));
            assertThat(complete(c, "chaos stress ")).containsExactly("pod", "node");
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> {
                assertThat(complete(c, "chaos kill pod ")).containsExactly("cart-0");
                assertThat(complete(c, "chaos pause pod ")).containsExactly("cart-0");
                assertThat(complete(c, "chaos stress node ")).contains("prompt-pi").doesNotContain("cart-0");
                assertThat(complete(c, "chaos node-down ")).contains("prompt-pi");
                assertThat(complete(c, "chaos delay ")).containsExactly("svc/cart");
                assertThat(complete(c, "chaos partition ")).containsExactly("svc/cart");
            });

            client.create(new ConfigMap(null, null, ObjectMeta.named("shop", "coupons"), Map.of("k", "v"), null, null));
            await().atMost(1, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(complete(c, "get cm ")).contains("coupons"));
        }
    }

    @Test
    void theLineIsColouredByWhatEachWordIsFlagValuesIncluded() {
        try (ClusterCache cache = new ClusterCache(client)) {
            SkiffCompleter c = new SkiffCompleter(CliTestAccess.grammar(), cache, () -> "default", Map::of);
            SkiffHighlighter h = new SkiffHighlighter(c, cache, () -> "default");
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(style(h, "get cm -n shop cart", "cart")).as("a name in the -n namespace").isEqualTo(SkiffHighlighter.NAME));
            assertThat(style(h, "get -n shop cm cart", "get")).isEqualTo(SkiffHighlighter.VERB);
            assertThat(style(h, "get -n shop cm cart", "shop")).as("-n's value is no kind").isNotEqualTo(SkiffHighlighter.UNKNOWN);
            assertThat(style(h, "get -n shop cm cart", "cm")).isEqualTo(SkiffHighlighter.KIND);
            assertThat(style(h, "get -n shop cm cart", "cart")).isEqualTo(SkiffHighlighter.NAME);
            assertThat(style(h, "delete -f app.yaml", "app.yaml")).as("-f's file is no kind").isNotEqualTo(SkiffHighlighter.UNKNOWN);
            assertThat(style(h, "get -o wide pods", "pods")).isEqualTo(SkiffHighlighter.KIND);
            assertThat(style(h, "get podz", "podz")).isEqualTo(SkiffHighlighter.UNKNOWN);
            assertThat(style(h, "gte pods", "gte")).isEqualTo(SkiffHighlighter.UNKNOWN);
        }
    }

    private static org.jline.utils.AttributedStyle style(SkiffHighlighter h, String line, String word) {
        return h.highlight(null, line).styleAt(line.lastIndexOf(word));
    }

    @Test
    void contextsCompleteAfterUseContext() {
        try (ClusterCache cache = new ClusterCache(client)) {
            SkiffCompleter c = new SkiffCompleter(LazyGrammar.of(CliTestAccess.grammar()), cache, () -> "shop", Map::of,
                    () -> List.of("pi-lab", "home"));
            assertThat(complete(c, "config use-context ")).containsExactlyInAnyOrder("pi-lab", "home");
            assertThat(complete(c, "config delete-context ")).containsExactlyInAnyOrder("pi-lab", "home");
            assertThat(complete(c, "config get-contexts ")).isEmpty();
        }
    }

    /**
     * A trailing backslash continues the line (the newline joins, as in bash); help and help VERB; a context and
     * a file by Tab; unalias; a js line with an apostrophe in a template string still runs at once.
     */
    @Test
    void aLineContinuesAfterABackslashHelpExplainsAndContextsAndFilesComplete(@TempDir Path home) throws Exception {
        java.nio.file.Files.writeString(home.resolve("config"), "contexts:\n- name: pi-lab\n  server: 127.0.0.1:1\n");
        java.nio.file.Files.writeString(home.resolve("deploy-me.yaml"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: typed-by-tab}\n");
        PipeTerminal pipe = new PipeTerminal();
        try (pipe) {
            Thread session = Thread.ofVirtual().start(() -> CliTestAccess.prompt(pipe.terminal(), server, home));
            pipe.type("get cm -n shop \\\n-o name\nhelp\nhelp scale\nconfig use-context pi-\t\n"
                    + "apply --dry-run=client -f " + home + "/deploy-m\t\nalias k=get cm\nunalias k\nk\n"
                    + "js `it's ` + 'one line'\nexit\n");
            session.join(60_000);
        }
        String out = pipe.plain();
        assertThat(out).contains("configmap/cart", "configmap/checkout").doesNotContain("Unknown option");
        assertThat(out).contains("Commands (Tab completes", "use NS", "Usage: skiff scale", "--replicas");
        assertThat(out).contains("Switched to context \"pi-lab\".", "configmap/typed-by-tab created (dry run)");
        assertThat(out).as("the session says it stays where it is").contains("This prompt stays on ", "new prompts and one-shot commands use 127.0.0.1:1");
        assertThat(out).contains("error: unknown command \"k\"");
        assertThat(out).as("a JS line's own quotes do not continue it").contains("it's one line");
    }

    @Test
    void aSessionRunsCommandsSwitchesNamespaceAndNumbersRows(@TempDir Path home) throws Exception {
        PipeTerminal pipe = new PipeTerminal();
        try (pipe) {
            Thread session = Thread.ofVirtual().start(() -> CliTestAccess.prompt(pipe.terminal(), server, home));
            pipe.type("use shop\nget cm\ndescribe-nothing\nget $2 -o yaml\nalias cms=get cm\ncms\nexit\n");
            session.join(60_000);
        }
        String out = pipe.plain();
        assertThat(out).contains("now in namespace shop", "skiff(server:shop)>");
        assertThat(out).contains("cart", "catalog", "checkout");
        assertThat(out).contains("name: catalog");
        assertThat(out).contains("error: unknown command \"describe-nothing\" for \"skiff\"");
        assertThat(home.resolve("history")).exists();
        assertThat(home.resolve("aliases")).content().contains("cms=get cm");
    }
    @Test
    void rowNumbersFollowThePrintedOrderAndKeepTheirNamespace(@TempDir Path home) throws Exception {
        client.create(new Namespace(null, null, ObjectMeta.named("zoo"), null, null));
        client.create(new ConfigMap(null, null, ObjectMeta.named("zoo", "aardvark"), Map.of("k", "v"), null, null));
        PipeTerminal pipe = new PipeTerminal();
        try (pipe) {
            Thread session = Thread.ofVirtual().start(() -> CliTestAccess.prompt(pipe.terminal(), server, home));
            // sorted by name across namespaces, row 1 is zoo's aardvark: neither the first key listed nor in shop
            pipe.type("use shop\nget cm -A --sort-by=.metadata.name\nget cm $1 -o yaml\nexit\n");
            session.join(60_000);
        }
        assertThat(pipe.plain()).contains("name: aardvark", "namespace: zoo");
    }

    @Test
    void ctrlCEndsAWatchAndTheNextCommandRuns(@TempDir Path home) throws Exception {
        client.create(new Namespace(null, null, ObjectMeta.named("watched"), null, null));
        client.create(new ConfigMap(null, null, ObjectMeta.named("watched", "before"), Map.of("k", "v"), null, null));
        PipeTerminal pipe = new PipeTerminal();
        try (pipe) {
            Thread session = Thread.ofVirtual().start(() -> CliTestAccess.prompt(pipe.terminal(), server, home));
            pipe.type("get cm -n watched -w\n");
            await().atMost(30, TimeUnit.SECONDS).until(() -> pipe.plain().contains("before"));
            client.create(new ConfigMap(null, null, ObjectMeta.named("watched", "during"), Map.of("k", "v"), null, null));
            await().atMost(30, TimeUnit.SECONDS).until(() -> pipe.plain().contains("during"));
            pipe.terminal().raise(Terminal.Signal.INT);
            // type the next command once the prompt is back, as a person reading the screen would
            await().atMost(30, TimeUnit.SECONDS).until(() -> {
                String now = pipe.plain();
                return now.indexOf("skiff(server:default)> ", now.indexOf("during")) > 0;
            });
            pipe.type("get ns watched\nexit\n");
            session.join(30_000);
            org.assertj.core.api.Assertions.assertThat(session.isAlive()).as("the prompt ended").isFalse();
        }
        String out = pipe.plain(); // once closed: closing waits for the last command's output to reach the screen
        int during = out.indexOf("during");
        org.assertj.core.api.Assertions.assertThat(out.indexOf("skiff(server:default)> ", during))
                .as("the prompt came back after the watch").isPositive();
        org.assertj.core.api.Assertions.assertThat(out.substring(during)).as("get ns ran after the watch").contains("STATUS");
    }
}
