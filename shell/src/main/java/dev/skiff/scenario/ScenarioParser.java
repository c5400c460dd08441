package dev.skiff.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.api.FieldError;
import dev.skiff.api.LabelSelector;
import dev.skiff.api.ManifestError;
import dev.skiff.api.ManifestException;
import dev.skiff.api.ManifestReader;
import dev.skiff.api.ParsedDocument;
import dev.skiff.chaos.GoDuration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Reads a scenario in Chaos Toolkit's shape (YAML or JSON) and reports EVERY problem as
 * {@code file:line:col path: message}, using the manifest reader's locations. The JS front end
 * sends the same shape as JSON, with {@code js} providers naming its predicates by index.
 */
public final class ScenarioParser {

    private static final Set<String> TOP = Set.of("title", "description", "tags", "contributions", "steady-state-hypothesis",
            "method", "rollbacks");
    private static final Set<String> PROBE = Set.of("type", "name", "tolerance", "provider", "within", "continuous",
            "weight", "pauses");

    private final ParsedDocument doc;
    private final String namespace;
    private final IntFunction<Provider.JsCall> js;
    private final List<ManifestError> errors = new ArrayList<>();

    private ScenarioParser(ParsedDocument doc, String namespace, IntFunction<Provider.JsCall> js) {
        this.doc = doc;
        this.namespace = namespace;
        this.js = js;
    }

    /**
     * @param namespace where faults and probes look when they name no namespace
     * @param js        the script's predicates by index, or null (YAML: js providers are refused)
     * @throws ManifestException listing every problem with its file:line
     */
    public static Scenario parse(String text, String source, String namespace, IntFunction<Provider.JsCall> js) {
        List<ParsedDocument> docs = ManifestReader.read(text, source);
        if (docs.size() != 1) {
            throw new ManifestException(List.of(new ManifestError(dev.skiff.api.SourceLocation.unknown(source), "",
                    "a scenario file holds exactly one document, found " + docs.size())));
        }
        ScenarioParser p = new ScenarioParser(docs.getFirst(), namespace, js);
        Scenario s = p.scenario(docs.getFirst().tree());
        if (!p.errors.isEmpty()) throw new ManifestException(p.errors);
        return s;
    }

    private void error(String path, String message) {
        errors.add(new ManifestError(doc.locations().locate(path), path, message));
    }

    private Scenario scenario(JsonNode root) {
        if (!root.isObject()) {
            error("", "a scenario is a mapping with title, steady-state-hypothesis, method and rollbacks");
            return null;
        }
        unknown(root, "", TOP);
        String title = text(root, "title", "title", true);
        String description = text(root, "description", "description", false);
        JsonNode ssh = root.path("steady-state-hypothesis");
        List<Probe> hypothesis = new ArrayList<>();
        String hypothesisTitle = null;
        if (!ssh.isMissingNode()) {
            if (!ssh.isObject()) {
                error("steady-state-hypothesis", "must be a mapping with title and probes");
            } else {
                unknown(ssh, "steady-state-hypothesis", Set.of("title", "probes"));
                hypothesisTitle = text(ssh, "title", "steady-state-hypothesis.title", false);
                JsonNode probes = ssh.path("probes");
                for (int i = 0; i < probes.size(); i++) {
                    String path = "steady-state-hypothesis.probes[" + i + "]";
                    Probe pr = probe(probes.get(i), path, true);
                    if (pr != null) hypothesis.add(pr);
                }
                if (!probes.isMissingNode() && !probes.isArray()) error("steady-state-hypothesis.probes", "must be a list of probes");
            }
        }
        if (root.path("method").isMissingNode()) error("method", "required: the list of actions, probes and waits to run");
        List<Step> method = steps(root.path("method"), "method");
        List<Step> rollbacks = steps(root.path("rollbacks"), "rollbacks");
        return new Scenario(title, description, hypothesisTitle, hypothesis, method, rollbacks);
    }

    private List<Step> steps(JsonNode list, String path) {
        List<Step> out = new ArrayList<>();
        if (list.isMissingNode() || list.isNull()) return out;
        if (!list.isArray()) {
            error(path, "must be a list of steps ({type: action|probe|wait, name, provider, …})");
            return out;
        }
        for (int i = 0; i < list.size(); i++) {
            Step s = step(list.get(i), path + "[" + i + "]");
            if (s != null) out.add(s);
        }
        return out;
    }

    private Step step(JsonNode n, String path) {
        if (!n.isObject()) {
            error(path, "a step is a mapping: {type: action|probe|wait, name, …}");
            return null;
        }
        String type = text(n, "type", path + ".type", true);
        String name = text(n, "name", path + ".name", true);
        Step.Pauses pauses = pauses(n.path("pauses"), path + ".pauses");
        if (type == null) return null;
        switch (type) {
            case "wait" -> {
                unknown(n, path, Set.of("type", "name", "duration", "pauses"));
                Duration d = duration(n.path("duration"), path + ".duration", true);
                return d == null ? null : new Step.Wait(name, d, pauses);
            }
            case "probe" -> {
                Probe p = probe(n, path, false);
                return p == null ? null : new Step.Activity(p.name(), true, p.provider(), p.tolerance(), pauses);
            }
            case "action" -> {
                unknown(n, path, Set.of("type", "name", "provider", "pauses"));
                JsonNode prov = n.path("provider");
                String ptype = prov.isObject() ? prov.path("type").asText(null) : null;
                if (ptype != null && FaultProviders.isFault(ptype)) {
                    List<FieldError> found = new ArrayList<>();
                    String ns = prov.hasNonNull("namespace") ? prov.get("namespace").asText() : namespace;
                    var fault = FaultProviders.build(ptype, (ObjectNode) prov, ns, name == null ? ptype : name, found);
                    found.forEach(e -> error(path + ".provider" + (e.path().isEmpty() ? "" : "." + e.path()), e.message()));
                    return fault.map(f -> (Step) new Step.FaultAction(name, f, pauses)).orElse(null);
                }
                Provider p = provider(prov, path + ".provider", false);
                return p == null ? null : new Step.Activity(name, false, p, null, pauses);
            }
            default -> {
                error(path + ".type", "\"" + type + "\" is not a step type: use action, probe or wait");
                return null;
            }
        }
    }

    private Probe probe(JsonNode n, String path, boolean inHypothesis) {
        if (!n.isObject()) {
            error(path, "a probe is a mapping: {type: probe, name, tolerance, provider}");
            return null;
        }
        unknown(n, path, PROBE);
        String type = text(n, "type", path + ".type", false);
        if (type != null && !type.equals("probe")) error(path + ".type", "must be probe here, not \"" + type + "\"");
        String name = text(n, "name", path + ".name", true);
        Tolerance tol = tolerance(n.path("tolerance"), path + ".tolerance", inHypothesis);
        Provider provider = provider(n.path("provider"), path + ".provider", true);
        Duration within = duration(n.path("within"), path + ".within", false);
        Probe.Continuous cont = null;
        JsonNode c = n.path("continuous");
        if (!c.isMissingNode()) {
            if (!inHypothesis) error(path + ".continuous", "only hypothesis probes can run continuously during the method");
            unknown(c, path + ".continuous", Set.of("period", "failAfter"));
            Duration period = duration(c.path("period"), path + ".continuous.period", false);
            int failAfter = c.path("failAfter").asInt(3);
            if (failAfter < 1) error(path + ".continuous.failAfter", "must be 1 or more (failures in a row that abort the run)");
            cont = new Probe.Continuous(period == null ? Duration.ofSeconds(1) : period, failAfter);
        }
        int weight = n.path("weight").asInt(Probe.DEFAULT_WEIGHT);
        if (weight < 0) error(path + ".weight", "must be 0 or more");
        return name == null || provider == null ? null : new Probe(name, provider, tol, within, cont, weight);
    }

    private Tolerance tolerance(JsonNode t, String path, boolean required) {
        if (t.isMissingNode() || t.isNull()) {
            if (required) error(path, "required: the value the probe must return, e.g. [0.99, 1.0], 3 or true");
            return null;
        }
        if (t.isArray()) {
            if (t.size() != 2 || !t.get(0).isNumber() || !t.get(1).isNumber()) {
                error(path, "a range is two numbers [low, high], e.g. [0.95, 1.0]");
                return null;
            }
            if (t.get(0).asDouble() > t.get(1).asDouble()) error(path, "the low end is above the high end");
            return new Tolerance.Range(t.get(0).asDouble(), t.get(1).asDouble());
        }
        if (t.isObject()) {
            String type = t.path("type").asText("");
            if (type.equals("regex") && t.path("pattern").isTextual()) {
                try {
                    java.util.regex.Pattern.compile(t.get("pattern").asText());
                } catch (java.util.regex.PatternSyntaxException e) {
                    error(path + ".pattern", "not a regular expression: " + e.getDescription());
                    return null;
                }
                return new Tolerance.Regex(t.get("pattern").asText());
            }
            if (type.equals("range") && t.path("range").isArray()) return tolerance(t.get("range"), path + ".range", true);
            error(path, "use a value, [low, high], {type: range, range: [low, high]} or {type: regex, pattern: …}");
            return null;
        }
        if (t.isNumber()) return new Tolerance.Equals(t.numberValue());
        if (t.isBoolean()) return new Tolerance.Equals(t.booleanValue());
        return new Tolerance.Equals(t.asText());
    }

    private Provider provider(JsonNode p, String path, boolean probe) {
        if (!p.isObject()) {
            error(path, "required: a provider mapping with a type (http, pods, process, js"
                    + (probe ? "" : ", or a fault: " + String.join(", ", FaultProviders.types())) + ")");
            return null;
        }
        String type = text(p, "type", path + ".type", true);
        if (type == null) return null;
        switch (type) {
            case "http" -> {
                unknown(p, path, Set.of("type", "url", "namespace", "rate", "duration", "timeout", "expect"));
                String url = text(p, "url", path + ".url", true);
                Double rate = p.has("rate") ? positive(p.get("rate"), path + ".rate") : null;
                Duration d = duration(p.path("duration"), path + ".duration", false);
                if ((rate == null) != (d == null)) error(path, "rate and duration go together: rate: 50 (per second), duration: 1s");
                Duration timeout = duration(p.path("timeout"), path + ".timeout", false);
                Integer expect = p.has("expect") ? p.get("expect").asInt() : null;
                if (url != null && !url.startsWith("http://") && !url.startsWith("https://") && !url.startsWith("svc/")) {
                    error(path + ".url", "\"" + url + "\" is not a URL or svc/NAME[:PORT]/PATH");
                }
                return url == null ? null : new Provider.Http(url, nsOf(p), rate, d,
                        timeout == null ? Duration.ofSeconds(2) : timeout, expect);
            }
            case "pods" -> {
                unknown(p, path, Set.of("type", "selector", "namespace", "ready"));
                String sel = text(p, "selector", path + ".selector", true);
                if (sel != null) {
                    try {
                        LabelSelector.parse(sel);
                    } catch (RuntimeException e) {
                        error(path + ".selector", e.getMessage());
                    }
                }
                return sel == null ? null : new Provider.Pods(sel, nsOf(p), p.path("ready").asBoolean(false));
            }
            case "process" -> {
                unknown(p, path, Set.of("type", "command", "timeout"));
                JsonNode c = p.path("command");
                List<String> cmd = new ArrayList<>();
                if (c.isTextual()) cmd.addAll(List.of("sh", "-c", c.asText()));
                else if (c.isArray() && !c.isEmpty()) c.forEach(x -> cmd.add(x.asText()));
                else error(path + ".command", "required: a shell line or a list [program, arg, …]");
                Duration timeout = duration(p.path("timeout"), path + ".timeout", false);
                return cmd.isEmpty() ? null : new Provider.Process(cmd, timeout == null ? Duration.ofSeconds(30) : timeout);
            }
            case "js" -> {
                if (js == null) {
                    error(path + ".type", "js providers exist only in JS scenarios (skiff/chaos); use process or http here");
                    return null;
                }
                return new Provider.Js(p.path("name").asText("js"), js.apply(p.path("ref").asInt()));
            }
            default -> {
                error(path + ".type", "\"" + type + "\" is not a provider: use http, pods, process"
                        + (js == null ? "" : ", js") + (probe ? "" : " or a fault (" + String.join(", ", FaultProviders.types()) + ")"));
                return null;
            }
        }
    }

    private String nsOf(JsonNode p) {
        return p.hasNonNull("namespace") ? p.get("namespace").asText() : namespace;
    }

    private Double positive(JsonNode n, String path) {
        if (!n.isNumber() || n.asDouble() <= 0) {
            error(path, "must be a number above 0");
            return null;
        }
        return n.asDouble();
    }

    private Step.Pauses pauses(JsonNode n, String path) {
        if (n.isMissingNode()) return Step.Pauses.NONE;
        unknown(n, path, Set.of("before", "after"));
        Duration before = duration(n.path("before"), path + ".before", false);
        Duration after = duration(n.path("after"), path + ".after", false);
        return new Step.Pauses(before == null ? Duration.ZERO : before, after == null ? Duration.ZERO : after);
    }

    /** A Go duration ({@code 10s}) or, as Chaos Toolkit's pauses, a number of seconds. */
    private Duration duration(JsonNode n, String path, boolean required) {
        if (n.isMissingNode() || n.isNull()) {
            if (required) error(path, "required: a duration such as 10s or 500ms");
            return null;
        }
        if (n.isNumber()) {
            if (n.asDouble() < 0) error(path, "must not be negative");
            return Duration.ofMillis(Math.round(n.asDouble() * 1000));
        }
        try {
            return GoDuration.parse(n.asText());
        } catch (IllegalArgumentException e) {
            error(path, e.getMessage());
            return null;
        }
    }

    private String text(JsonNode n, String field, String path, boolean required) {
        JsonNode v = n.path(field);
        if (v.isMissingNode() || v.isNull()) {
            if (required) error(path, "required");
            return null;
        }
        if (!v.isValueNode()) {
            error(path, "must be text");
            return null;
        }
        return v.asText();
    }

    private void unknown(JsonNode n, String path, Set<String> known) {
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!known.contains(f)) {
                error((path.isEmpty() ? "" : path + ".") + f, "unknown field; expected one of " + known.stream().sorted().toList());
            }
        }
    }
}
