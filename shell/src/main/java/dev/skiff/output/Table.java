package dev.skiff.output;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * A plain-text table as kubectl prints it (Go's tabwriter with kubectl's settings): upper-case
 * headers, every column but the last padded to its widest cell plus three spaces and at least six.
 * Widths count visible characters, so coloured cells line up with plain ones.
 */
public final class Table {
    private static final int PADDING = 3;
    private static final int MIN_WIDTH = 6;

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final BitSet statusColumns = new BitSet();

    public Table(List<String> headers) {
        this.headers = List.copyOf(headers);
    }

    public Table row(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, table has " + headers.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    /** Marks a column whose cells are statuses, coloured by the palette. */
    public Table statusColumn(int index) {
        statusColumns.set(index);
        return this;
    }

    public int size() {
        return rows.size();
    }

    public String render(boolean withHeaders) {
        return render(withHeaders, Palette.PLAIN);
    }

    public String render(boolean withHeaders, Palette palette) {
        List<List<String>> all = new ArrayList<>();
        if (withHeaders) all.add(headers);
        for (List<String> r : rows) all.add(paint(r, palette));
        int[] widths = new int[headers.size()];
        for (List<String> r : all) {
            for (int i = 0; i < r.size(); i++) widths[i] = Math.max(widths[i], Palette.visibleLength(r.get(i)));
        }
        StringBuilder sb = new StringBuilder();
        for (List<String> r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                String cell = r.get(i);
                line.append(cell);
                if (i < r.size() - 1) {
                    int width = Math.max(widths[i] + PADDING, MIN_WIDTH);
                    line.append(" ".repeat(width - Palette.visibleLength(cell)));
                }
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private List<String> paint(List<String> row, Palette palette) {
        if (palette == Palette.PLAIN || statusColumns.isEmpty()) return row;
        List<String> out = new ArrayList<>(row);
        statusColumns.stream().forEach(i -> out.set(i, palette.paint(out.get(i))));
        return out;
    }
}
