package dev.skiff.agent.runtime.process;

import dev.skiff.agent.runtime.Mount;
import java.nio.file.Path;
import java.util.List;

/**
 * The little shell program each container runs in: it joins the container's cgroups, bind-mounts
 * its volumes (inside its own mount namespace), enters the working dir, runs the command in the
 * foreground and records its exit code in a file — so the code survives an agent that was down
 * when the container ended. It traps SIGTERM itself only to outlive the command and record it;
 * the command gets the signal with its default action (a trapped signal resets on exec).
 */
final class Wrapper {
    static final int SETUP_FAILED = 125;
    static final String EXIT_FILE = "exit";
    /** Written once set-up is done, just before the command runs. */
    static final String STARTED_FILE = "started";

    private Wrapper() {}

    static String script(List<Path> cgroups, List<Mount> mounts, String workingDir, Path stateDir) {
        var s = new StringBuilder();
        for (var cg : cgroups) {
            s.append("echo $$ > ").append(q(cg.resolve("cgroup.procs").toString())).append(" || ")
                    .append(fail("cannot join cgroup " + cg));
        }
        for (var m : mounts) mount(s, m);
        s.append("cd ").append(q(workingDir)).append(" || ").append(fail("cannot enter working dir " + workingDir));
        s.append(": > ").append(q(stateDir.resolve(STARTED_FILE).toString())).append('\n');
        s.append("trap : TERM INT HUP\n");
        s.append("\"$@\"\n");
        s.append("code=$?\n");
        var exit = stateDir.resolve(EXIT_FILE).toString();
        s.append("echo $code > ").append(q(exit + ".tmp")).append(" && mv ").append(q(exit + ".tmp")).append(' ')
                .append(q(exit)).append('\n');
        s.append("exit $code\n");
        return s.toString();
    }

    private static void mount(StringBuilder s, Mount m) {
        String src = q(m.hostPath());
        String dst = q(m.containerPath());
        s.append("if [ -d ").append(src).append(" ]; then mkdir -p ").append(dst)
                .append("; else mkdir -p \"$(dirname ").append(dst).append(")\" && touch ").append(dst).append("; fi\n");
        s.append("mount --bind ").append(src).append(' ').append(dst).append(" || ")
                .append(fail("cannot mount " + m.hostPath() + " at " + m.containerPath()));
        if (m.readOnly()) {
            s.append("mount -o remount,bind,ro ").append(dst).append(" || ")
                    .append(fail("cannot make " + m.containerPath() + " read-only"));
        }
    }

    private static String fail(String message) {
        return "{ echo " + q("skiff: " + message) + " >&2; exit " + SETUP_FAILED + "; }\n";
    }

    /** Single-quotes a word for sh. */
    static String q(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
