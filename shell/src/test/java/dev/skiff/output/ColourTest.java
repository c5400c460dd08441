package dev.skiff.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skiff.api.KindInfo;
import dev.skiff.api.Resource;
import java.util.List;
import java.util.Map;
import org.fusesource.jansi.Ansi;
import org.junit.jupiter.api.Test;

/** Status colours on a terminal, plain text elsewhere, and columns that still line up. */
class ColourTest {
    private static final String GREEN = "\u001B[32m";
    private static final String YELLOW = "\u001B[33m";
    private static final String RED = "\u001B[31m";
    private static final String RESET = "\u001B[m";

    @Test
    void colourOnlyOnATerminalWithoutNoColor() {
        assertThat(Palette.choose(Map.of(), true)).isEqualTo(Palette.COLOUR);
        assertThat(Palette.choose(Map.of(), false)).isEqualTo(Palette.PLAIN);
        assertThat(Palette.choose(Map.of("NO_COLOR", "1"), true)).isEqualTo(Palette.PLAIN);
        // no-color.org: an empty NO_COLOR does not count
        assertThat(Palette.choose(Map.of("NO_COLOR", ""), true)).isEqualTo(Palette.COLOUR);
    }

    @Test
    void terminalsAreTtyDevices() {
        assertThat(Tty.isTerminalDevice("/dev/pts/3")).isTrue();
        assertThat(Tty.isTerminalDevice("/dev/tty1")).isTrue();
        assertThat(Tty.isTerminalDevice("pipe:[12345]")).isFalse();
        assertThat(Tty.isTerminalDevice("/home/pi/out.txt")).isFalse();
        // surefire sends a test's stdout to a pipe or a file
        assertThat(Tty.stdoutIsTerminal()).isFalse();
    }

    @Test
    void statusesGetTheirColours() {
        assertThat(Palette.colour("Running")).isEqualTo(Ansi.Color.GREEN);
        assertThat(Palette.colour("Completed")).isEqualTo(Ansi.Color.GREEN);
        assertThat(Palette.colour("Ready")).isEqualTo(Ansi.Color.GREEN);
        assertThat(Palette.colour("Pending")).isEqualTo(Ansi.Color.YELLOW);
        assertThat(Palette.colour("ContainerCreating")).isEqualTo(Ansi.Color.YELLOW);
        assertThat(Palette.colour("Terminating")).isEqualTo(Ansi.Color.YELLOW);
        assertThat(Palette.colour("Init:0/1")).isEqualTo(Ansi.Color.YELLOW);
        assertThat(Palette.colour("Ready,SchedulingDisabled")).isEqualTo(Ansi.Color.YELLOW);
        for (String red : List.of("CrashLoopBackOff", "Error", "Failed", "NotReady", "OOMKilled",
                "ImagePullBackOff", "ExitCode:2", "Init:CrashLoopBackOff", "NotReady,SchedulingDisabled")) {
            assertThat(Palette.colour(red)).as(red).isEqualTo(Ansi.Color.RED);
        }
        assertThat(Palette.colour("Whatever")).isNull();
        assertThat(Palette.PLAIN.paint("Running")).isEqualTo("Running");
        assertThat(Palette.COLOUR.paint("Running")).isEqualTo(GREEN + "Running" + RESET);
    }

    @Test
    void colouredTablesAlignOnVisibleText() {
        KindInfo pods = Fixtures.kind("pods");
        List<Resource> items = Fixtures.load("pods").subList(0, 5);
        String plain = ResourcePrinter.print(pods, items, false, OutputOptions.table(), Fixtures.NOW);
        String coloured = ResourcePrinter.print(pods, items, false, OutputOptions.table().withPalette(Palette.COLOUR), Fixtures.NOW);
        assertThat(coloured).contains(GREEN + "Running" + RESET, RED + "CrashLoopBackOff" + RESET,
                YELLOW + "Pending" + RESET, YELLOW + "ContainerCreating" + RESET);
        assertThat(coloured.replaceAll("\u001B\\[[0-9;]*m", "")).isEqualTo(plain);
        assertThat(coloured.lines().findFirst().orElseThrow()).doesNotContain("\u001B");
    }

    @Test
    void onlyStatusColumnsArePainted() {
        KindInfo nodes = Fixtures.kind("nodes");
        String coloured = ResourcePrinter.print(nodes, Fixtures.load("nodes"), false,
                OutputOptions.table().withPalette(Palette.COLOUR).withNamespaceColumn(true), Fixtures.NOW);
        assertThat(coloured).contains("pi-1   " + GREEN + "Ready" + RESET + "                      control-plane",
                RED + "NotReady" + RESET, YELLOW + "Ready,SchedulingDisabled" + RESET);
        assertThat(coloured.lines().filter(l -> l.contains("\u001B")).count()).isEqualTo(3);
    }

    @Test
    void visibleLengthIgnoresEscapes() {
        assertThat(Palette.visibleLength(GREEN + "Running" + RESET)).isEqualTo(7);
        assertThat(Palette.visibleLength("plain")).isEqualTo(5);
    }
}
