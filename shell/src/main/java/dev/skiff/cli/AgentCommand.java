package dev.skiff.cli;

import dev.skiff.agent.Agent;
import dev.skiff.agent.AgentConfig;
import dev.skiff.agent.Backoff;
import dev.skiff.agent.Capacity;
import dev.skiff.store.Store;
import dev.skiff.store.wire.WireStore;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "agent", description = {
        "Run a node agent: register this machine as a Node and run the pods bound to it.",
        "One per machine (a Pi), or several on one machine with different --name, --address and --data-dir."})
public final class AgentCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin ClusterOptions cluster;

    @Option(names = "--name", paramLabel = "NAME", description = "The node's name (default: the host name).")
    String name;

    @Option(names = "--runtime", paramLabel = "process|docker", defaultValue = "process",
            description = "How pods run: host processes, or containers (default: ${DEFAULT-VALUE}).")
    String runtime;

    @Option(names = "--docker-host", paramLabel = "URI", description = "Docker Engine API for --runtime docker (default: $DOCKER_HOST).")
    String dockerHost;

    @Option(names = "--capacity", paramLabel = "cpu=4,memory=4Gi", description = "Override the detected capacity.")
    String capacity;

    @Option(names = "--reserve", paramLabel = "cpu=500m,memory=256Mi", description = "Kept for the system: allocatable = capacity - reserve.")
    String reserve;

    @Option(names = "--labels", paramLabel = "k=v,…", description = "Extra node labels.")
    String labels;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the agent keeps its state and pod dirs (default: $SKIFF_HOME/agent-NAME).")
    Path dataDir;

    @Option(names = "--address", paramLabel = "IP", description = "The node's address: host ports and probes use it (default: the machine's primary address).")
    String address;

    @Option(names = "--backoff-base", paramLabel = "DURATION", description = "First crash-loop back-off step, e.g. 10s or 500ms (default: 10s, doubling to 30×).")
    String backoffBase;

    @Option(names = "--heartbeat-ttl", paramLabel = "DURATION", description = "How long the node stays Ready without a keep-alive (default: 10s).")
    String heartbeatTtl;

    @Option(names = "--api-port", paramLabel = "PORT", defaultValue = "10250",
            description = "Port of the agent's logs/exec API on --address; 0 = any free port (default: ${DEFAULT-VALUE}; "
                    + "a taken port falls back to a free one, published in the Node's status).")
    int apiPort;
    @Option(names = "--dns-port", paramLabel = "PORT", defaultValue = "10053",
            description = "Cluster DNS port on the node address (53 needs root; 0 turns DNS off; default: ${DEFAULT-VALUE}).")
    int dnsPort;

    @Option(names = "--cluster-domain", paramLabel = "DOMAIN", defaultValue = "cluster.local",
            description = "DNS domain of services (default: ${DEFAULT-VALUE}).")
    String clusterDomain;

    @Option(names = "--no-proxy", description = "Run no service proxy on this node (cluster IPs and node ports are not served here).")
    boolean noProxy;

    @Option(names = "--node-port-address", paramLabel = "IP",
            description = "Where node ports listen (default: every address, as kube-proxy).")
    String nodePortAddress;

    @Option(names = "--stop-pods-on-exit", description = "Stop this node's pod processes when the agent stops (a local cluster going down).")
    boolean stopPodsOnExit;

    @Option(names = "--exit-with-parent", description = "Stop, as on SIGTERM, when the process that started this agent ends,"
            + " even killed (a local cluster's agents end with the shell or 'skiff up' that hosts them).")
    boolean exitWithParent;

    @Override
    public Integer call() throws InterruptedException {
        // taken first: a parent that dies while this agent starts must still be the one watched, not init
        java.util.Optional<ProcessHandle> parent = exitWithParent ? ProcessHandle.current().parent() : java.util.Optional.empty();
        if (!"process".equals(runtime) && !"docker".equals(runtime)) {
            throw new UserError("--runtime " + runtime + " is not a runtime: use --runtime process or --runtime docker");
        }
        if (dockerHost != null && !"docker".equals(runtime)) {
            throw new UserError("--docker-host is for --runtime docker; add --runtime docker or drop --docker-host");
        }
        var config = config();
        PrintWriter out = out();
        Store store = connectPatiently(out);
        Agent agent;
        try {
            agent = Agent.start(store, config);
        } catch (IllegalArgumentException | dev.skiff.agent.runtime.RuntimeFailure e) {
            store.close();
            throw new UserError(e.getMessage());
        }
        out.println("skiff agent: node " + config.nodeName() + " (" + config.runtime() + " runtime, address "
                + config.address() + ", API port " + agent.apiPort() + ", data in " + config.dataDir() + ") connected to "
                + cluster.endpoints());
        out.flush();
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopPodsOnExit) agent.shutDownWithContainers(Duration.ofSeconds(5));
            else agent.close();
            store.close();
            stopped.countDown();
        }, "skiff-agent-shutdown"));
        // registered once the hook is, so ending stops the pods; a parent already gone ends this at once
        parent.ifPresent(p -> p.onExit().thenRun(() -> System.exit(0)));
        stopped.await();
        return 0;
    }

    /** picocli's writer when picocli parsed the command line, else (AgentMain bound it) standard output as picocli's. */
    private PrintWriter out() {
        return spec != null ? spec.commandLine().getOut() : Stdio.out();
    }

    /**
     * A node that boots before its server (or a server busy starting) should wait, not give up:
     * retry every 2 s, saying so once.
     */
    private Store connectPatiently(PrintWriter out) throws InterruptedException {
        boolean said = false;
        while (true) {
            try {
                return WireStore.connect(cluster.storeConfig());
            } catch (dev.skiff.store.StoreException.Unavailable e) {
                if (!said) {
                    out.println("skiff agent: " + e.getMessage() + " — retrying every 2 s");
                    out.flush();
                    said = true;
                }
                Thread.sleep(2000);
            }
        }
    }

    private AgentConfig config() {
        String node = name != null ? name : hostName();
        String addr = address != null ? address : primaryAddress();
        Path dir = dataDir != null ? dataDir : SkiffHome.dir().resolve("agent-" + node);
        var extraPath = new ArrayList<Path>();
        String launcher = System.getenv("SKIFF_LAUNCHER");
        if (launcher != null && !launcher.isBlank()) extraPath.add(Path.of(launcher).toAbsolutePath().getParent());
        var base = new AgentConfig(node, addr, runtime, dir, quantities("--capacity", capacity),
                quantities("--reserve", reserve), keyValues(labels), null, null, extraPath, VersionCommand.version(),
                dockerHost, apiPort);
        if (backoffBase != null) base = base.withBackoff(Backoff.withBase(duration("--backoff-base", backoffBase)));
        if (heartbeatTtl != null) base = base.withHeartbeatTtl(duration("--heartbeat-ttl", heartbeatTtl));
        return base.withNetwork(new dev.skiff.agent.AgentNetworking(!noProxy, nodePortAddress, dnsPort, clusterDomain));
    }

    private static Map<String, dev.skiff.api.Quantity> quantities(String option, String text) {
        try {
            return Capacity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(option + ": " + e.getMessage());
        }
    }

    static Map<String, String> keyValues(String text) {
        var out = new LinkedHashMap<String, String>();
        if (text == null || text.isBlank()) return out;
        for (String kv : text.split(",")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new UserError("--labels: \"" + kv + "\" is not KEY=VALUE (e.g. --labels zone=shelf,disk=ssd)");
            out.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
        }
        return out;
    }

    static Duration duration(String option, String text) {
        var t = text.trim().toLowerCase();
        try {
            if (t.endsWith("ms")) return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            if (t.endsWith("s")) return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            if (t.endsWith("m")) return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            return Duration.ofSeconds(Long.parseLong(t));
        } catch (NumberFormatException e) {
            throw new UserError(option + ": \"" + text + "\" is not a duration (e.g. 500ms, 10s, 5m)");
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().toLowerCase();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** The address a UDP socket would leave from towards the outside: the primary one, without sending anything. */
    private static String primaryAddress() {
        try (var socket = new java.net.DatagramSocket()) {
            socket.connect(InetAddress.getByName("192.0.2.1"), 9);
            var a = socket.getLocalAddress();
            return a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }

}
