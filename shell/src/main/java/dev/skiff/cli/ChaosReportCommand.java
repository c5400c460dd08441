package dev.skiff.cli;

import dev.skiff.api.Json;
import dev.skiff.scenario.Journal;
import dev.skiff.scenario.Reports;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skiff chaos report JOURNAL}: Markdown to stdout, or files; HTML with an inline SVG timeline. */
@Command(name = "report", description = "Render a scenario journal: Markdown (stdout by default) and/or a self-contained HTML page.")
final class ChaosReportCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;
    @Parameters(paramLabel = "JOURNAL") Path journal;
    @Option(names = "--html", paramLabel = "FILE", description = "Write the HTML page here.") Path html;
    @Option(names = "--markdown", paramLabel = "FILE", description = "Write the Markdown here instead of stdout.") Path markdown;

    @Override
    public Integer call() throws IOException {
        Journal j;
        try {
            j = Json.fromJson(Files.readString(journal), Journal.class);
        } catch (NoSuchFileException e) {
            throw new UserError(journal + ": no such file");
        } catch (RuntimeException e) {
            throw new UserError(journal + " is not a scenario journal (" + e.getMessage() + "): write one with skiff chaos run FILE --journal " + journal);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (html != null) {
            Files.writeString(html, Reports.html(j));
            out.println("html: " + html);
        }
        if (markdown != null) {
            Files.writeString(markdown, Reports.markdown(j));
            out.println("markdown: " + markdown);
        }
        if (html == null && markdown == null) out.print(Reports.markdown(j));
        out.flush();
        return 0;
    }
}
