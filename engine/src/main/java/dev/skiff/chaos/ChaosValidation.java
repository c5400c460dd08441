package dev.skiff.chaos;

import dev.skiff.api.FieldError;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.Quantity;
import dev.skiff.api.WireValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The semantic rules of the chaos kinds, with Kubernetes field paths and a fix in each message. */
final class ChaosValidation {

    private ChaosValidation() {
    }

    static List<FieldError> problems(Fault fault) {
        List<FieldError> p = new ArrayList<>();
        FaultSpec spec = fault.spec();
        if (spec == null) {
            p.add(new FieldError("spec", "required: a " + fault.kind() + " needs a spec with selector and mode"));
            return p;
        }
        common(spec, fault instanceof NodeChaos, p);
        switch (fault) {
            case PodChaos pc -> pod(pc.spec(), p);
            case NodeChaos nc -> required(p, "spec.action", nc.spec().action(), WireValue.supported(NodeChaosAction.class));
            case NetworkChaos nc -> network(nc.spec(), p);
            case StressChaos sc -> stress(sc.spec(), p);
        }
        lease(fault, p);
        return p;
    }

    private static void common(FaultSpec spec, boolean nodes, List<FieldError> p) {
        if (required(p, "spec.mode", spec.mode(), WireValue.supported(ChaosMode.class))) {
            modeValue(spec.mode(), spec.value(), "spec.value", p);
        }
        duration("spec.duration", spec.duration(), p);
        selector(spec.selector(), "spec.selector", nodes, p);
    }

    static void modeValue(ChaosMode mode, String value, String path, List<FieldError> p) {
        switch (mode) {
            case ONE, ALL -> { }
            case FIXED -> number(value, path, 1, Integer.MAX_VALUE, "the number of targets, e.g. \"2\"", p);
            case FIXED_PERCENT -> number(value, path, 1, 100, "a percentage from 1 to 100, e.g. \"50\"", p);
            case RANDOM_MAX_PERCENT -> number(value, path, 0, 100, "a percentage from 0 to 100, e.g. \"50\"", p);
        }
    }

    private static void number(String value, String path, int min, int max, String what, List<FieldError> p) {
        if (value == null || value.isBlank()) {
            p.add(new FieldError(path, "required for this mode: " + what));
            return;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n < min || n > max) p.add(new FieldError(path, value + " is out of range: " + what));
        } catch (NumberFormatException e) {
            p.add(new FieldError(path, "\"" + value + "\" is not a whole number: " + what));
        }
    }

    static void duration(String path, String text, List<FieldError> p) {
        if (text == null) return;
        try {
            Duration d = GoDuration.parse(text);
            if (!d.isPositive()) p.add(new FieldError(path, "must be longer than 0s (leave it out to run until halted)"));
        } catch (IllegalArgumentException e) {
            p.add(new FieldError(path, e.getMessage()));
        }
    }

    private static void selector(ChaosSelector s, String path, boolean nodes, List<FieldError> p) {
        if (s == null || (s.namespaces().isEmpty() && s.labelSelectors().isEmpty() && s.expressionSelectors().isEmpty()
                && s.pods().isEmpty() && s.nodes().isEmpty() && s.nodeSelectors().isEmpty())) {
            p.add(new FieldError(path, nodes ? "required: name nodes (nodes: [NAME]) or nodeSelectors"
                    : "required: select pods with labelSelectors, pods, namespaces or nodes"));
            return;
        }
        p.addAll(s.labelSelector().validate(path));
        p.addAll(LabelSelector.of(s.nodeSelectors()).validate(path + ".nodeSelectors"));
        if (nodes && s.nodes().isEmpty() && s.nodeSelectors().isEmpty()) {
            p.add(new FieldError(path, "a NodeChaos selects nodes: use nodes: [NAME] or nodeSelectors"));
        }
    }

    private static void pod(PodChaosSpec s, List<FieldError> p) {
        required(p, "spec.action", s.action(), WireValue.supported(PodChaosAction.class));
        if (s.gracePeriod() != null && s.gracePeriod() < 0) {
            p.add(new FieldError("spec.gracePeriod", s.gracePeriod() + " is invalid: use 0 (kill at once) or more seconds"));
        }
        if (s.action() == PodChaosAction.CONTAINER_KILL && (s.containerNames() == null || s.containerNames().isEmpty())) {
            p.add(new FieldError("spec.containerNames", "required for container-kill: the containers to kill"));
        }
    }

    private static void network(NetworkChaosSpec s, List<FieldError> p) {
        if (!required(p, "spec.action", s.action(), WireValue.supported(NetworkChaosAction.class))) return;
        switch (s.action()) {
            case DELAY -> delay(s.delay(), p);
            case LOSS -> {
                percent("spec.loss.loss", s.loss() == null ? null : s.loss().loss(), true, p);
                if (s.loss() != null) percent("spec.loss.correlation", s.loss().correlation(), false, p);
            }
            case RESET -> percent("spec.reset.reset", s.reset() == null ? null : s.reset().reset(), true, p);
            case BANDWIDTH -> bandwidth(s.bandwidth(), p);
            case PARTITION -> {
                if (s.target() == null || s.target().services() == null || s.target().services().isEmpty()) {
                    p.add(new FieldError("spec.target.services", "required for partition: the services whose traffic to"
                            + " the selected pods is black-holed, e.g. [web]"));
                }
            }
        }
        if (s.target() != null) source(s.target(), p);
    }

    /**
     * The sending side, Chaos Mesh's shape: {@code target.selector} with {@code target.mode} (and
     * {@code value} as for {@code spec.mode}). Mode and value without a selector would say nothing
     * about whom to hit, so they are refused rather than ignored.
     */
    private static void source(NetworkChaosSpec.Target t, List<FieldError> p) {
        if (t.selector() == null) {
            if (t.mode() != null || t.value() != null) {
                p.add(new FieldError("spec.target.selector", "required with target.mode/target.value: the sending pods,"
                        + " e.g. labelSelectors: {app: client}; or remove target.mode and target.value"));
            }
            return;
        }
        selector(t.selector(), "spec.target.selector", false, p);
        if (required(p, "spec.target.mode", t.mode(), WireValue.supported(ChaosMode.class))) {
            modeValue(t.mode(), t.value(), "spec.target.value", p);
        }
    }

    private static void delay(NetworkChaosSpec.Delay d, List<FieldError> p) {
        if (d == null || d.latency() == null) {
            p.add(new FieldError("spec.delay.latency", "required for delay, e.g. 200ms"));
            return;
        }
        duration("spec.delay.latency", d.latency(), p);
        if (d.jitter() != null) {
            try {
                GoDuration.parse(d.jitter()); // 0s is a valid jitter: none
            } catch (IllegalArgumentException e) {
                p.add(new FieldError("spec.delay.jitter", e.getMessage()));
            }
        }
        percent("spec.delay.correlation", d.correlation(), false, p);
    }

    private static void bandwidth(NetworkChaosSpec.Bandwidth b, List<FieldError> p) {
        if (b == null || b.rate() == null) {
            p.add(new FieldError("spec.bandwidth.rate", "required for bandwidth: a rate such as 1mbps (bytes/s) or 8mbit (bits/s)"));
            return;
        }
        try {
            NetworkUnits.bytesPerSecond(b.rate());
        } catch (IllegalArgumentException e) {
            p.add(new FieldError("spec.bandwidth.rate", e.getMessage()));
        }
        if (b.limit() != null && b.limit() < 1) {
            p.add(new FieldError("spec.bandwidth.limit", b.limit() + " is invalid: the queue size in bytes, at least 1 (or leave it out)"));
        }
        if (b.buffer() != null && b.buffer() < 1) {
            p.add(new FieldError("spec.bandwidth.buffer", b.buffer() + " is invalid: the burst size in bytes, at least 1 (or leave it out)"));
        }
    }

    private static void percent(String path, String value, boolean needed, List<FieldError> p) {
        if (value == null && !needed) return;
        try {
            NetworkUnits.share(value);
        } catch (IllegalArgumentException e) {
            p.add(new FieldError(path, e.getMessage()));
        }
    }

    private static void stress(StressChaosSpec s, List<FieldError> p) {
        var st = s.stressors();
        if (st == null || (st.cpu() == null && st.memory() == null)) {
            p.add(new FieldError("spec.stressors", "required: cpu (workers, load) and/or memory (size)"));
            return;
        }
        if (st.cpu() != null) {
            if (st.cpu().workers() == null || st.cpu().workers() < 1) {
                p.add(new FieldError("spec.stressors.cpu.workers", "required: at least 1 worker"));
            }
            if (st.cpu().load() != null && (st.cpu().load() < 0 || st.cpu().load() > 100)) {
                p.add(new FieldError("spec.stressors.cpu.load", st.cpu().load() + " is out of range: use 0 to 100 (% of a core per worker)"));
            }
        }
        if (st.memory() != null) memorySize(st.memory().size(), p);
    }

    private static void memorySize(String size, List<FieldError> p) {
        String path = "spec.stressors.memory.size";
        if (size == null) {
            p.add(new FieldError(path, "required: a size such as 256Mi or 50%"));
        } else if (size.endsWith("%")) {
            percent(path, size.substring(0, size.length() - 1), true, p);
        } else {
            try {
                Quantity.parse(size);
            } catch (RuntimeException e) {
                p.add(new FieldError(path, "\"" + size + "\" is not a size: use a quantity such as 256Mi or a percentage such as 50%"));
            }
        }
    }

    private static void lease(Fault fault, List<FieldError> p) {
        String lease = fault.metadata().annotationsOrEmpty().get(ChaosLease.ANNOTATION);
        if (lease == null) return;
        try {
            Long.parseLong(lease);
        } catch (NumberFormatException e) {
            p.add(new FieldError("metadata.annotations[" + ChaosLease.ANNOTATION + "]",
                    "\"" + lease + "\" is not a lease id: it is set by the creator (skiff chaos …); remove it"));
        }
    }

    private static boolean required(List<FieldError> p, String path, Object value, String choices) {
        if (value != null) return true;
        p.add(new FieldError(path, "required: one of " + choices));
        return false;
    }
}
