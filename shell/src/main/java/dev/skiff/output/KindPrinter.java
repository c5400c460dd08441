package dev.skiff.output;

import dev.skiff.api.Resource;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * How one kind prints as a table: its columns (wide ones included, in kubectl's order) and the
 * cells of one object, one per column. Pure: the clock's reading comes in as {@code now}; a few
 * cells print shorter outside {@code -o wide}, hence {@code wide}. Register one for a new kind
 * with {@link Printers#register}.
 */
public interface KindPrinter<T extends Resource> {

    List<Column> columns();

    List<String> cells(T object, Instant now, boolean wide);

    /** A printer whose cells do not depend on -o wide. */
    static <T extends Resource> KindPrinter<T> of(List<Column> columns, BiFunction<T, Instant, List<String>> cells) {
        return of(columns, (CellFunction<T>) (object, now, wide) -> cells.apply(object, now));
    }

    static <T extends Resource> KindPrinter<T> of(List<Column> columns, CellFunction<T> cells) {
        List<Column> cols = List.copyOf(columns);
        return new KindPrinter<>() {
            @Override
            public List<Column> columns() {
                return cols;
            }

            @Override
            public List<String> cells(T object, Instant now, boolean wide) {
                return cells.cells(object, now, wide);
            }
        };
    }

    @FunctionalInterface
    interface CellFunction<T> {
        List<String> cells(T object, Instant now, boolean wide);
    }
}
