package dev.skiff.bench;

import java.util.ArrayList;
import java.util.List;

/** A table of figures measured against two peers in the same run, with their ratio. */
final class Comparison {
    private record Row(String figure, double left, double right) {}

    private final String leftName;
    private final String rightName;
    private final List<Row> rows = new ArrayList<>();

    Comparison(String leftName, String rightName) {
        this.leftName = leftName;
        this.rightName = rightName;
    }

    Comparison add(String figure, double left, double right) {
        rows.add(new Row(figure, left, right));
        return this;
    }

    void print() {
        String ratioHeader = rightName + "/" + leftName;
        System.out.printf("%-46s %14s %14s %14s%n", "figure", leftName, rightName, ratioHeader);
        for (Row r : rows) {
            String ratio = r.left() == 0 ? (r.right() == 0 ? "1.00" : "inf") : String.format("%.2f", r.right() / r.left());
            System.out.printf("%-46s %14s %14s %14s%n", r.figure(), format(r.left()), format(r.right()), ratio);
        }
    }

    private static String format(double v) {
        return Math.abs(v) >= 1000 || v == Math.rint(v) ? String.format("%,.0f", v) : String.format("%.2f", v);
    }
}
