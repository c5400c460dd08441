package dev.skiff.output;

import dev.skiff.output.jsonpath.JsonPath;
import java.util.List;
import java.util.function.Function;

/** What {@code -o} asked for. */
public sealed interface OutputFormat {

    String ALLOWED = "custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml";

    /** kubectl's human-readable table; {@code wide} adds the extra columns. */
    record Tabular(boolean wide) implements OutputFormat {}

    record AsJson() implements OutputFormat {}

    record AsYaml() implements OutputFormat {}

    /** {@code kind.group/name} per object. */
    record Names() implements OutputFormat {}

    /** {@code jsonpath=…} (or {@code jsonpath-as-json=…}): the template over the object or List. */
    record Template(JsonPath path, boolean asJson) implements OutputFormat {}

    record Columns(List<CustomColumns.Column> columns) implements OutputFormat {}

    /**
     * Parses an {@code -o} value; {@code readFile} reads the file named by the {@code -file} forms.
     * A null or empty value is the default table.
     */
    static OutputFormat parse(String value, Function<String, String> readFile) {
        if (value == null || value.isEmpty()) return new Tabular(false);
        int eq = value.indexOf('=');
        String name = eq < 0 ? value : value.substring(0, eq);
        String arg = eq < 0 ? null : value.substring(eq + 1);
        return switch (name) {
            case "wide" -> new Tabular(true);
            case "json" -> new AsJson();
            case "yaml" -> new AsYaml();
            case "name" -> new Names();
            case "jsonpath" -> new Template(JsonPath.compile(required(name, arg)), false);
            case "jsonpath-as-json" -> new Template(JsonPath.compile(required(name, arg)), true);
            case "jsonpath-file" -> new Template(JsonPath.compile(stripNewline(readFile.apply(required(name, arg)))), false);
            case "custom-columns" -> new Columns(CustomColumns.parse(required(name, arg)));
            case "custom-columns-file" -> new Columns(CustomColumns.parseFile(readFile.apply(required(name, arg))));
            default -> throw new OutputException("unable to match a printer suitable for the output format \""
                    + value + "\", allowed formats are: " + ALLOWED);
        };
    }

    private static String required(String format, String arg) {
        if (arg == null || arg.isEmpty()) {
            throw new OutputException(format + " format specified but no " + (format.endsWith("-file") ? "file" : "template")
                    + " given: use -o " + format + "=" + (format.startsWith("custom") && !format.endsWith("-file")
                    ? "NAME:.metadata.name" : format.endsWith("-file") ? "FILE" : "'{.items[*].metadata.name}'"));
        }
        return arg;
    }

    /** Editors end files with a newline, which kubectl drops too. */
    private static String stripNewline(String s) {
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }
}
