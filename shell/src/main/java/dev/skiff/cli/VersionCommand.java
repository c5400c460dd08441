package dev.skiff.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the Skiff version and the Java runtime.")
public final class VersionCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    /** The version baked into the jar at build time. */
    public static String version() {
        try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void run() {
        spec.commandLine().getOut().printf("skiff %s (Java %s, %s %s)%n",
                version(), Runtime.version(), System.getProperty("os.name"), System.getProperty("os.arch"));
    }

    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            // concat, not +: picocli asks on every command and this class is outside the AOT cache (it
            // implements a picocli interface), so a string-concat call site would be linked at run time
            return new String[] {"skiff ".concat(version())};
        }
    }
}
