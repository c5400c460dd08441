package dev.skiff.output;

import java.util.Map;
import java.util.Set;
import org.fusesource.jansi.Ansi;

/**
 * Colours for status cells on a terminal: good states green, passing states yellow, broken ones
 * red. {@link #PLAIN} leaves text alone, for pipes, files and {@code NO_COLOR}.
 */
public enum Palette {
    PLAIN,
    COLOUR;

    private static final Map<String, String> PAINTED = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Set<String> GREEN = Set.of("Running", "Ready", "Completed", "Succeeded", "Active", "Normal");
    private static final Set<String> YELLOW = Set.of("Pending", "ContainerCreating", "PodInitializing",
            "Terminating", "SchedulingDisabled", "Warning", "Unknown");
    private static final Set<String> RED = Set.of("CrashLoopBackOff", "Error", "Failed", "OOMKilled",
            "ImagePullBackOff", "ErrImagePull", "InvalidImageName", "CreateContainerError",
            "CreateContainerConfigError", "RunContainerError", "ContainerCannotRun", "DeadlineExceeded",
            "Evicted", "NodeLost", "StartError", "NotReady");

    /**
     * Colour unless {@code NO_COLOR} is set (no-color.org: any non-empty value) or stdout is not a
     * terminal.
     */
    public static Palette choose(Map<String, String> env, boolean stdoutIsTerminal) {
        String noColour = env.get("NO_COLOR");
        if (noColour != null && !noColour.isEmpty()) return PLAIN;
        return stdoutIsTerminal ? COLOUR : PLAIN;
    }

    /** The palette for this process's stdout. */
    public static Palette forStdout() {
        return choose(System.getenv(), Tty.stdoutIsTerminal());
    }

    /** A status cell, coloured by its worst part ({@code Ready,SchedulingDisabled} is yellow). */
    public String paint(String status) {
        if (this == PLAIN || status.isEmpty()) return status;
        // a table repeats a handful of statuses thousands of times
        String painted = PAINTED.get(status);
        if (painted != null) return painted;
        Ansi.Color colour = colour(status);
        painted = colour == null ? status : new Ansi().fg(colour).a(status).reset().toString();
        if (PAINTED.size() < 1024) PAINTED.put(status, painted);
        return painted;
    }

    static Ansi.Color colour(String status) {
        Ansi.Color worst = null;
        for (String part : status.split(",")) {
            Ansi.Color c = partColour(part);
            if (c != null && (worst == null || rank(c) > rank(worst))) worst = c;
        }
        return worst;
    }

    private static int rank(Ansi.Color c) {
        return c == Ansi.Color.RED ? 2 : c == Ansi.Color.YELLOW ? 1 : 0;
    }

    private static Ansi.Color partColour(String part) {
        if (RED.contains(part) || part.startsWith("ExitCode:") || part.startsWith("Signal:")
                || part.startsWith("Init:") && !part.matches("Init:\\d+/\\d+")) return Ansi.Color.RED;
        if (YELLOW.contains(part) || part.startsWith("Init:")) return Ansi.Color.YELLOW;
        if (GREEN.contains(part)) return Ansi.Color.GREEN;
        return null;
    }

    /** The width a cell takes on screen: escape sequences take none. */
    public static int visibleLength(String s) {
        if (s.indexOf('\u001B') < 0) return s.length();
        int visible = 0;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\u001B' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
                i += 2;
                while (i < s.length() && !Character.isLetter(s.charAt(i))) i++;
            } else {
                visible++;
            }
        }
        return visible;
    }
}
