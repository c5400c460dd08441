package dev.skiff.output.jsonpath;

import java.util.List;

/** A piece of a template: literal text, a {@code {expression}}, or a {@code {range}…{end}} block. */
sealed interface Segment {

    record Text(String text) implements Segment {}

    record Expression(List<Step> steps) implements Segment {}

    record Range(List<Step> over, List<Segment> body) implements Segment {}
}
