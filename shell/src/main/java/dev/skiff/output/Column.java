package dev.skiff.output;

/**
 * One column of a kind's table: its header as kubectl prints it, whether only {@code -o wide}
 * shows it (kubectl's priority 1), and whether its cells are statuses to colour on a terminal.
 */
public record Column(String header, boolean wide, boolean status) {

    public static Column of(String header) {
        return new Column(header, false, false);
    }

    public static Column wide(String header) {
        return new Column(header, true, false);
    }

    public static Column status(String header) {
        return new Column(header, false, true);
    }
}
