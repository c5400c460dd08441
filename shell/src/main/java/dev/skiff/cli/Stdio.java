package dev.skiff.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Standard output and error as picocli's writers for them, for a command that {@link DirectBinding} bound
 * (so no picocli {@code CommandLine} holds them): the same encoding ({@code sun.stdout.encoding}, else the
 * default charset), buffered, flushed on println.
 */
final class Stdio {
    private Stdio() {}

    private static final Stream OUT = new Stream(false);
    private static final Stream ERR = new Stream(true);

    static PrintWriter out() {
        return OUT.writer();
    }

    static PrintWriter err() {
        return ERR.writer();
    }

    /** Flushes what was written through either writer. */
    static void flush() {
        OUT.flush();
        ERR.flush();
    }

    /** One of the two: a new System.out or System.err (a test capturing it) gets a new writer. */
    private static final class Stream {
        private final boolean err;
        private PrintStream wrapped;
        private PrintWriter writer;

        Stream(boolean err) {
            this.err = err;
        }

        synchronized PrintWriter writer() {
            PrintStream now = err ? System.err : System.out;
            if (writer == null || wrapped != now) {
                if (writer != null) writer.flush();
                wrapped = now;
                writer = new PrintWriter(new BufferedWriter(new OutputStreamWriter(now, charset())), true);
            }
            return writer;
        }

        synchronized void flush() {
            if (writer != null) writer.flush();
        }

        private Charset charset() {
            String name = System.getProperty(err ? "sun.stderr.encoding" : "sun.stdout.encoding");
            try {
                return name == null ? Charset.defaultCharset()
                        : Charset.forName(name.equalsIgnoreCase("cp65001") ? "UTF-8" : name);
            } catch (IllegalArgumentException e) {
                return Charset.defaultCharset();
            }
        }
    }
}
