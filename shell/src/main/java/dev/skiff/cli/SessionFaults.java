package dev.skiff.cli;

import dev.skiff.chaos.HeldFaults;

/**
 * At the prompt, the faults chaos commands start on the prompt's cluster are the session's ({@link HeldFaults}):
 * a command returns once its fault is in full effect, and the fault runs on beside the prompt, its end announced
 * by a notice, until its duration, a {@code chaos halt}, or the prompt's end. Elsewhere (a one-shot command, or
 * {@code --server} another cluster) the command holds its fault's lease itself and follows the fault to its end.
 */
final class SessionFaults {
    private SessionFaults() {}

    private static volatile HeldFaults held;

    /** A prompt opens: its faults are held from now on. */
    static void open() {
        held = new HeldFaults("skiff prompt, pid " + ProcessHandle.current().pid());
    }

    /** The prompt's faults when {@code options} reach the prompt's cluster; null outside a prompt or for another one. */
    static HeldFaults of(ClusterOptions options) {
        return options.usesSession() ? held : null;
    }

    /** The prompt ends: so do its faults. */
    static void close() {
        HeldFaults h = held;
        held = null;
        if (h != null) h.close();
    }
}
