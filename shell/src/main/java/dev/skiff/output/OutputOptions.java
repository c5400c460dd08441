package dev.skiff.output;

import java.util.List;

/**
 * How {@code get} should print: the format, and the table options kubectl has
 * ({@code -A}'s NAMESPACE column, {@code --no-headers}, {@code --show-labels}, {@code -L},
 * {@code --sort-by}), plus the palette for status cells.
 */
public record OutputOptions(OutputFormat format, boolean withNamespace, boolean noHeaders, boolean showLabels,
                            List<String> labelColumns, String sortBy, Palette palette) {

    /** The same options for objects already in row order. */
    public OutputOptions withoutSort() {
        return sortBy == null ? this : new OutputOptions(format, withNamespace, noHeaders, showLabels, labelColumns, null, palette);
    }

    public OutputOptions {
        format = format == null ? new OutputFormat.Tabular(false) : format;
        labelColumns = labelColumns == null ? List.of() : List.copyOf(labelColumns);
        sortBy = sortBy == null || sortBy.isEmpty() ? null : sortBy;
        palette = palette == null ? Palette.PLAIN : palette;
    }

    /** The default table, plain. */
    public static OutputOptions table() {
        return new OutputOptions(null, false, false, false, null, null, null);
    }

    public OutputOptions withFormat(OutputFormat v) {
        return new OutputOptions(v, withNamespace, noHeaders, showLabels, labelColumns, sortBy, palette);
    }

    public OutputOptions withNamespaceColumn(boolean v) {
        return new OutputOptions(format, v, noHeaders, showLabels, labelColumns, sortBy, palette);
    }

    public OutputOptions withNoHeaders(boolean v) {
        return new OutputOptions(format, withNamespace, v, showLabels, labelColumns, sortBy, palette);
    }

    public OutputOptions withShowLabels(boolean v) {
        return new OutputOptions(format, withNamespace, noHeaders, v, labelColumns, sortBy, palette);
    }

    public OutputOptions withLabelColumns(List<String> v) {
        return new OutputOptions(format, withNamespace, noHeaders, showLabels, v, sortBy, palette);
    }

    public OutputOptions withSortBy(String v) {
        return new OutputOptions(format, withNamespace, noHeaders, showLabels, labelColumns, v, palette);
    }

    public OutputOptions withPalette(Palette v) {
        return new OutputOptions(format, withNamespace, noHeaders, showLabels, labelColumns, sortBy, v);
    }

    /** Only kubectl's human-readable table says "No resources found" when the list is empty. */
    public boolean reportsNothingFound() {
        return format instanceof OutputFormat.Tabular;
    }
}
