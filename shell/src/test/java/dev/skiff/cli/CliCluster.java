package dev.skiff.cli;

import dev.skiff.api.Namespace;
import dev.skiff.api.ObjectMeta;
import dev.skiff.client.Client;
import dev.skiff.store.EtcdProcess;
import dev.skiff.store.EtcdStore;
import dev.skiff.store.Store;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shared etcd as the CLI tests use it: a client to set things up and check them, fresh namespaces, and
 * command lines run in process against it.
 */
final class CliCluster implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    final String server = EtcdProcess.shared().endpoint().getAuthority();
    final Store store = EtcdStore.connect(EtcdProcess.shared().config());
    final Client client = new Client(store, Clock.systemUTC());

    /** A name no other test uses, starting with {@code prefix}. */
    static String uniqueName(String prefix) {
        return prefix + "-" + System.nanoTime() % 1_000_000 + "-" + COUNTER.incrementAndGet();
    }

    /** Creates a namespace of its own for one test. */
    String namespace(String prefix) {
        String ns = uniqueName(prefix);
        client.create(new Namespace(null, null, ObjectMeta.named(ns), null, null));
        return ns;
    }

    /** Runs {@code skiff ARGS} against this cluster: {@code --server} goes before any "--" (what follows is a command's). */
    CliRun run(String... args) {
        List<String> line = new ArrayList<>(List.of(args));
        int dashes = line.indexOf("--");
        line.addAll(dashes < 0 ? line.size() : dashes, List.of("--server", server));
        return CliRun.of(line.toArray(String[]::new));
    }

    @Override
    public void close() {
        store.close();
    }
}
