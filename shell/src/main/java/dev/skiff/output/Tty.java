package dev.skiff.output;

import org.fusesource.jansi.internal.CLibrary;

/** Whether stdout is a terminal, asked of the C library through Jansi. */
final class Tty {
    private Tty() {}

    static boolean stdoutIsTerminal() {
        try {
            return CLibrary.LOADED && CLibrary.isatty(CLibrary.STDOUT_FILENO) == 1;
        } catch (Throwable e) {
            // Jansi's native library could not load (an unusual platform): colour is not worth failing for
            return false;
        }
    }
}
