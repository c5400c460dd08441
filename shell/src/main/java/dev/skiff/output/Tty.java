package dev.skiff.output;

import java.io.Console;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether stdout is a terminal. On Linux (every Pi) the answer is where /proc/self/fd/1 points,
 * which costs nothing; elsewhere the JDK's Console is asked. Jansi's isatty would load a native
 * library first: 100+ ms and a restricted-method warning on JDK 24+, too much for a one-shot get.
 */
public final class Tty {
    private static final Path STDOUT = Path.of("/proc/self/fd/1");

    private Tty() {}

    public static boolean stdoutIsTerminal() {
        if (Files.exists(STDOUT, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                return isTerminalDevice(Files.readSymbolicLink(STDOUT).toString());
            } catch (IOException | UnsupportedOperationException e) {
                return false;
            }
        }
        return consoleIsTerminal();
    }

    static boolean isTerminalDevice(String path) {
        return path.startsWith("/dev/pts/") || path.startsWith("/dev/tty") || path.equals("/dev/console");
    }

    /** JDK 22+ always has a Console and says isTerminal(); JDK 21 has one only on a terminal. */
    private static boolean consoleIsTerminal() {
        Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
