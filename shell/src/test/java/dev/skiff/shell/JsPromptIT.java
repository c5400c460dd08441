package dev.skiff.shell;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skiff.api.ConfigMap;
import dev.skiff.api.Json;
import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.api.Pod;
import dev.skiff.cli.CliTestAccess;
import dev.skiff.client.Client;
import dev.skiff.js.JsSession;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.jline.terminal.Terminal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** JS mode at the prompt over JLine terminal streams, against real etcd. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class JsPromptIT {
    private static Store store;
    private static Client client;
    private static String server;

    @BeforeAll
    static void cluster() {
        EtcdProcess etcd = EtcdProcess.shared();
        server = etcd.endpoint().getAuthority();
        store = EtcdStore.connect(etcd.config());
        client = new Client(store, Clock.systemUTC());
        if (client.get(Namespace.class, null, "jsprompt").isEmpty()) {
            client.create(new Namespace(null, null, ObjectMeta.named("jsprompt"), null, null));
            for (String n : List.of("alpha", "beta")) {
                client.create(new ConfigMap(null, null, ObjectMeta.named("jsprompt", n).withLabels(Map.of("tier", "web")),
                        Map.of("k", "v-" + n), null, null));
            }
        }
    }

    @AfterAll
    static void close() {
        store.close();
    }

    /** A prompt session fed by the typist; returns what the terminal showed. */
    private interface Typist {
        void type(PipeTerminal pipe) throws Exception;
    }

    private static String session(Path home, Typist typist) throws Exception {
        return session(home, false, typist);
    }

    private static String session(Path home, boolean hostIo, Typist typist) throws Exception {
        PipeTerminal pipe = new PipeTerminal();
        try (pipe) {
            Thread session = Thread.ofVirtual().start(() -> CliTestAccess.prompt(pipe.terminal(), server, home, hostIo));
            typist.type(pipe);
            session.join(90_000);
            assertThat(session.isAlive()).as("the prompt ended; the screen:\n%s", pipe.plain()).isFalse();
        }
        return pipe.plain(); // read once closed: closing waits for the prompt's last lines to reach the screen
    }

    @Test
    void jsModeEvaluatesMultiLineInputAwaitsAndGoesBack(@TempDir Path home) throws Exception {
        // init.js runs before any line is typed: the API (sleep's durations come from skiff/wait) is loaded by then
        Files.writeString(home.resolve("init.js"), "sleep('1ms');\nglobalThis.fromInit = 'init ran';\n");
        String out = session(home, pipe -> pipe.type(String.join("\n",
                "js 6 * 7",
                "js",
                "1 + 2",
                "function twice(x) {",
                "  return x * 2",
                "}",
                "twice(21) + 1000",
                "const slept = await sleep(10).then(() => 'woke')",
                "slept + '!'",
                "console.log('said', fromInit)",
                "cluster.get('cm', 'alpha', {namespace: 'jsprompt'}).data.k",
                "pods({app: 'nothing-here'}).length",
                "cluster.get('deployment', 'nope') === null",
                "throw new Error('oops')",
                "nosuchthing",
                "import { retry as again } from 'skiff/wait'",
                "typeof again + '!'",
                "import { nope } from 'skiff/wait'",
                ".exit",
                "use jsprompt",
                "js cluster.list('cm').names().join('+')",
                "exit", "")));
        assertThat(out).contains("42\n");
        assertThat(out).contains("js> ");
        assertThat(out).contains("3\n", "1042", "woke!", "said init ran", "v-alpha", "0\n", "true");
        assertThat(out).contains("Error: oops", "ReferenceError: nosuchthing is not defined");
        assertThat(out).contains("alpha+beta");
        assertThat(out).contains("function!", "has no export named nope");
    }

    @Test
    void filesAreReadOnlyWithAllowHostIo(@TempDir Path home) throws Exception {
        Files.writeString(home.resolve("secret.txt"), "the-secret");
        String read = "js os.readFile('" + home.resolve("secret.txt") + "')\nexit\n";
        String refused = session(home, pipe -> pipe.type(read));
        assertThat(refused).contains("--allow-host-io").doesNotContain("the-secret\n");
        String allowed = session(home, true, pipe -> pipe.type(read));
        assertThat(allowed).contains("the-secret");
    }

    @Test
    void ctrlCInterruptsALoopAndTheContextStaysUsable(@TempDir Path home) throws Exception {
        String out = session(home, pipe -> {
            // the words are printed joined only once the code runs: the typed echo never matches them
            pipe.type("js\nlet counter = 0\nconsole.log('spin' + 'ning'); while (true) { counter++ }\n");
            await().atMost(60, TimeUnit.SECONDS).until(() -> pipe.plain().contains("spinning"));
            Thread.sleep(500); // let the loop spin
            pipe.terminal().raise(Terminal.Signal.INT);
            await().atMost(30, TimeUnit.SECONDS).until(() -> pipe.plain().contains("interrupted"));
            pipe.type("counter > 0 ? 'counted' : 'never ran'\n");
            pipe.type("console.log('sle' + 'eping'); await sleep('60s')\n");
            await().atMost(30, TimeUnit.SECONDS).until(() -> pipe.plain().contains("sleeping"));
            Thread.sleep(500);
            pipe.terminal().raise(Terminal.Signal.INT);
            await().atMost(30, TimeUnit.SECONDS).until(() -> pipe.plain().split("interrupted", -1).length >= 3);
            pipe.type("'still ' + 'here'\n.exit\nexit\n");
        });
        assertThat(out).contains("^C interrupted", "counted", "still here");
    }

    /** Completion gives up after 300 ms when the JS thread is busy, so on a loaded machine Tab is pressed again, as a person would. */
    private static void offered(org.awaitility.core.ThrowingRunnable check) {
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(check);
    }

    @Test
    void completionOffersGlobalsPropertiesKindsAndLiveNames() throws Exception {
        List<String> printed = new CopyOnWriteArrayList<>();
        try (ClusterCache cache = new ClusterCache(client);
             JsSession js = JsSession.start(new JsSession.Options(Path.of("").toAbsolutePath(), false, printed::add,
                     () -> client, () -> "jsprompt", List.of(), null))) {
            cache.warm(List.of("configmaps", "pods"));
            JsCompleter c = new JsCompleter(() -> js, cache, () -> "jsprompt");
            assertThat(js.eval("const deep = {inner: {leaf: 1}}; let counter = 0")).isInstanceOf(JsSession.Outcome.Shown.class);
            offered(() -> assertThat(c.values("clu")).contains("cluster"));
            offered(() -> assertThat(c.values("cluster.")).contains("apply", "get", "list", "delete", "scale", "watch"));
            offered(() -> assertThat(c.values("cluster.ap")).containsExactly("apply"));
            offered(() -> assertThat(c.values("deep.inner.")).containsExactly("leaf"));
            offered(() -> assertThat(c.values("co")).contains("counter", "const", "continue", "console"));
            offered(() -> assertThat(c.values("cluster.get(\"")).contains("configmaps", "pods", "deployments"));
            offered(() -> assertThat(c.values("cluster.list(\"")).contains("configmaps", "pods"));
            offered(() -> assertThat(c.values("cluster.delete(\"cm\", \"")).contains("alpha", "beta"));
            if (client.get(Pod.class, "jsprompt", "labelled").isEmpty()) {
                client.create(Json.fromYaml("""
                        apiVersion: v1
                        kind: Pod
                        metadata: {name: labelled, namespace: jsprompt, labels: {tier: cache}}
                        spec: {containers: [{name: main, image: busybox}]}
                        """, Pod.class));
            }
            offered(() -> assertThat(c.values("pods(\"")).contains("tier=cache"));
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(c.values("cluster.get(\"configmaps\", \"")).contains("alpha", "beta"));
            await().atMost(10, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(c.values("cluster.list(\"cm\", {namespace: \"jsprompt\"}).names().")).isEmpty());
            // a getter is never run to find names
            js.eval("void (globalThis.trap = { get boom() { globalThis.sprung = true; return {x: 1}; } })");
            assertThat(c.values("trap.boom.")).isEmpty();
            assertThat(((JsSession.Outcome.Shown) js.eval("typeof sprung")).text()).isEqualTo("undefined");
            assertThat(js.startupTime()).isLessThan(Duration.ofMinutes(1));
        }
    }

    @Test
    void theScriptApiWorksOnTheClusterAsPlainObjects() throws Exception {
        List<String> printed = new CopyOnWriteArrayList<>();
        try (JsSession js = JsSession.start(new JsSession.Options(Path.of("").toAbsolutePath(), false, printed::add,
                () -> client, () -> "jsprompt", List.of(), null))) {
            String applied = shown(js.eval("""
                    const cm = cluster.apply({apiVersion: "v1", kind: "ConfigMap",
                      metadata: {name: "from-js", labels: {made: "js"}}, data: {greeting: "hi"}});
                    [cm.metadata.namespace, cm.metadata.resourceVersion > 0, cm.data.greeting].join(" ")
                    """));
            assertThat(applied).isEqualTo("jsprompt true hi");
            assertThat(shown(js.eval("cluster.list('configmaps', {selector: 'made=js'}).names()"))).contains("from-js");
            assertThat(shown(js.eval("cluster.list('configmaps', {selector: {made: 'js'}, namespace: '*'}).length"))).isEqualTo("1");
            js.eval("globalThis.seen = []; globalThis.w = cluster.watch('configmaps', {selector: 'made=js'}, e => seen.push(e.type + ':' + e.object.metadata.name))");
            js.eval("cluster.apply(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\n  labels: {made: js}\ndata: {a: b}\n`)");
            await().atMost(15, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(shown(js.eval("seen.join(',')"))).contains("ADDED:from-js", "ADDED:from-yaml"));
            assertThat(shown(js.eval("cluster.delete('cm', 'from-yaml').metadata.name"))).isEqualTo("from-yaml");
            await().atMost(15, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(shown(js.eval("seen.join(',')"))).contains("DELETED:from-yaml"));
            js.eval("w.stop()");
            assertThat(shown(js.eval("""
                    cluster.apply([1, 2].map(i => ({apiVersion: "v1", kind: "ConfigMap", metadata: {name: "many-" + i}})))
                      .map(o => o.metadata.namespace + "/" + o.metadata.name).join(" ")
                    """))).isEqualTo("jsprompt/many-1 jsprompt/many-2");
            js.eval("cluster.delete('cm', 'many-1'); cluster.delete('cm', 'many-2')");
            String err = ((JsSession.Outcome.Failed) js.eval("\n\ncluster.get('widgets', 'x')")).message();
            assertThat(err).contains("unknown kind \"widgets\"").contains("<prompt>:3");
            JsSession.Outcome bad = js.eval("cluster.apply({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'Bad_Name'}})");
            assertThat(bad).isInstanceOf(JsSession.Outcome.Failed.class);
            assertThat(((JsSession.Outcome.Failed) bad).message()).containsIgnoringCase("name");
            js.eval("cluster.delete('cm', 'from-js')");

            assertThat(shown(js.eval("cluster.list('configmaps', {selector: 'tier=web,made!=js'}).names().join(' ')")))
                    .isEqualTo("alpha beta");
            assertThat(shown(js.eval("""
                    const some = cluster.list('configmaps', {selector: {tier: 'web'}});
                    [some.random(1).names().length, some.random(5).length, typeof some.random().metadata.name].join(' ')
                    """))).isEqualTo("1 2 string");
        }
    }

    @Test
    void deployScaleExposeAndKillWorkOnTheCluster() throws Exception {
        try (JsSession js = JsSession.start(new JsSession.Options(Path.of("").toAbsolutePath(), false, line -> { },
                () -> client, () -> "jsprompt", List.of(), null))) {
            String deployed = shown(js.eval("""
                    const d = deploy("web-js", {image: "busybox", replicas: 2, cpu: "50m", memory: "32Mi", ports: [8080],
                      env: {MODE: 1}, labels: {tier: "front"}});
                    const t = cluster.get("deployment", "web-js").spec.template;
                    [d.metadata.namespace, t.metadata.labels.app, t.metadata.labels.tier, t.spec.containers[0].resources.limits.memory,
                      t.spec.containers[0].env[0].value, t.spec.containers[0].ports[0].containerPort].join(" ")
                    """));
            assertThat(deployed).isEqualTo("jsprompt web-js front 32Mi 1 8080");
            assertThat(shown(js.eval("cluster.scale('deployment', 'web-js', 3).spec.replicas + cluster.get('deployment', 'web-js').spec.replicas")))
                    .isEqualTo("6");
            assertThat(((JsSession.Outcome.Failed) js.eval("cluster.scale('configmaps', 'alpha', 1)")).message())
                    .contains("cannot be scaled");
            String exposed = shown(js.eval("""
                    const s = expose("web-js", {port: 80, targetPort: 8080});
                    [s.spec.selector.app, s.spec.ports[0].port, s.spec.ports[0].targetPort, s.spec.clusterIP.length > 0].join(" ")
                    """));
            assertThat(exposed).isEqualTo("web-js 80 8080 true");
            shown(js.eval("""
                    ["victim-1", "victim-2"].forEach(n => cluster.apply({apiVersion: "v1", kind: "Pod",
                      metadata: {name: n, labels: {role: "victim"}}, spec: {containers: [{name: "main", image: "busybox"}]}}))
                    """));
            assertThat(shown(js.eval("pods('role=victim').kill().length"))).isEqualTo("2");
            await().atMost(15, TimeUnit.SECONDS).untilAsserted(() ->
                    assertThat(shown(js.eval("pods({role: 'victim'}).filter(p => !p.metadata.deletionTimestamp).length"))).isEqualTo("0"));
            js.eval("cluster.delete('deployment', 'web-js'); cluster.delete('service', 'web-js')");
        }
    }

    private static String shown(JsSession.Outcome o) {
        assertThat(o).as(o.toString()).isInstanceOf(JsSession.Outcome.Shown.class);
        return ((JsSession.Outcome.Shown) o).text();
    }
}
