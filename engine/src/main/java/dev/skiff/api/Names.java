package dev.skiff.api;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kubernetes' name rules, each returning why a name breaks it. Messages state the rule so the
 * operator can fix the name without looking anything up.
 */
public final class Names {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern IANA = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern CONFIG_KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern ENV_VAR = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private Names() {
    }

    /** DNS-1123 label: namespaces, container, volume and most other names. */
    public static Optional<String> dnsLabel(String what, String name) {
        if (name.length() <= 63 && LABEL.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(quote(name) + " is not a valid " + what + ": lowercase letters, digits and '-',"
                + " starting and ending with a letter or digit, at most 63 characters");
    }

    /** DNS-1123 subdomain: pods, deployments, config maps, nodes... */
    public static Optional<String> dnsSubdomain(String what, String name) {
        if (name.length() <= 253 && SUBDOMAIN.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(quote(name) + " is not a valid " + what + ": lowercase letters, digits, '-' and '.',"
                + " starting and ending with a letter or digit, at most 253 characters");
    }

    /** DNS-1035 label: services, whose names become DNS names and env var prefixes. */
    public static Optional<String> dns1035Label(String what, String name) {
        if (name.length() <= 63 && LABEL_1035.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(quote(name) + " is not a valid " + what + ": lowercase letters, digits and '-',"
                + " starting with a letter and ending with a letter or digit, at most 63 characters");
    }

    /** IANA service name: container and service port names (targetPort by name). */
    public static Optional<String> portName(String name) {
        boolean ok = name.length() <= 15 && IANA.matcher(name).matches() && !name.contains("--")
                && name.chars().anyMatch(Character::isLetter);
        if (ok) {
            return Optional.empty();
        }
        return Optional.of(quote(name) + " is not a valid port name: at most 15 lowercase letters, digits and '-',"
                + " with at least one letter, no '--', starting and ending with a letter or digit");
    }

    /** ConfigMap and Secret keys (they become file names in volumes). */
    public static Optional<String> configKey(String key) {
        if (key.length() <= 253 && CONFIG_KEY.matcher(key).matches() && !key.equals(".") && !key.equals("..")) {
            return Optional.empty();
        }
        return Optional.of(quote(key) + " is not a valid key: letters, digits, '-', '_' and '.',"
                + " not '.' or '..', at most 253 characters");
    }

    /** Environment variable names. */
    public static Optional<String> envVarName(String name) {
        if (ENV_VAR.matcher(name).matches()) {
            return Optional.empty();
        }
        return Optional.of(quote(name) + " is not a valid environment variable name: letters, digits, '_', '-'"
                + " and '.', not starting with a digit (e.g. MY_VAR)");
    }

    static String quote(String s) {
        return "\"" + s + "\"";
    }
}
