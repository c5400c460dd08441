package dev.skiff.scenario;

import java.time.Duration;
import java.util.List;

/** Where a probe's (or an action's) value comes from. Faults are not providers: see {@link Step.FaultAction}. */
public sealed interface Provider {

    String type();

    /**
     * GETs {@code target} (a URL or {@code svc/NAME[:PORT]/path}, through the cluster IP as
     * {@code skiff http} does), {@code rate} per second for {@code duration} (absent: once). Value:
     * the success ratio; the journal keeps the latency p50/p99 too.
     */
    record Http(String target, String namespace, Double rate, Duration duration, Duration timeout, Integer expectStatus)
            implements Provider {
        @Override
        public String type() {
            return "http";
        }
    }

    /** Value: how many live (or, with {@code ready}, Ready) pods the label selector matches. */
    record Pods(String selector, String namespace, boolean ready) implements Provider {
        @Override
        public String type() {
            return "pods";
        }
    }

    /** Runs a command on this machine. Value: {@code {status, stdout}}. */
    record Process(List<String> command, Duration timeout) implements Provider {
        @Override
        public String type() {
            return "process";
        }
    }

    /** A JS predicate (JS scenarios only); value: what it returned. */
    record Js(String name, JsCall call) implements Provider {
        @Override
        public String type() {
            return "js";
        }
    }

    /** Calls into a script; may block until the script's promise settles. */
    @FunctionalInterface
    interface JsCall {
        Object call() throws Exception;
    }
}
