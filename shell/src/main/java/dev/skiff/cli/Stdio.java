package dev.skiff.cli;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/**
 * Standard output and error as picocli's writers for them, for a command that {@link DirectBinding} bound
 * (so no picocli {@code CommandLine} holds them): the same encoding ({@code sun.stdout.encoding}, else the
 * default charset), buffered, flushed on println.
 */
final class Stdio {
    private Stdio() {}

    private static PrintWriter out;
    private static PrintWriter err;
    /** The streams the writers wrap: a new System.out (a test capturing it) gets a new writer. */
    private static OutputStream outStream;
    private static OutputStream errStream;

    static synchronized PrintWriter out() {
        if (out == null || outStream != System.out) {
            if (out != null) out.flush();
            outStream = System.out;
            out = writer(System.out, "sun.stdout.encoding");
        }
        return out;
    }

    static synchronized PrintWriter err() {
        if (err == null || errStream != System.err) {
            if (err != null) err.flush();
            errStream = System.err;
            err = writer(System.err, "sun.stderr.encoding");
        }
        return err;
    }

    /** Flushes what was written through either writer. */
    static synchronized void flush() {
        if (out != null) out.flush();
        if (err != null) err.flush();
    }

    private static PrintWriter writer(OutputStream stream, String encodingProperty) {
        String name = System.getProperty(encodingProperty);
        Charset charset;
        try {
            charset = name == null ? Charset.defaultCharset()
                    : Charset.forName(name.equalsIgnoreCase("cp65001") ? "UTF-8" : name);
        } catch (IllegalArgumentException e) {
            charset = Charset.defaultCharset();
        }
        return new PrintWriter(new BufferedWriter(new OutputStreamWriter(stream, charset)), true);
    }
}
