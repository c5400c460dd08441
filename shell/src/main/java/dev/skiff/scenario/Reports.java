package dev.skiff.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A journal as Markdown (for a terminal or a PR) and as one self-contained HTML page with an SVG timeline. */
public final class Reports {

    private Reports() {
    }

    public static String markdown(Journal j) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(j.title()).append("\n\n");
        if (j.description() != null) b.append(j.description()).append("\n\n");
        b.append("| | |\n|---|---|\n");
        b.append("| status | **").append(j.status()).append("**").append(j.deviated() ? " (deviated)" : "").append(" |\n");
        if (j.reason() != null) b.append("| reason | ").append(cell(j.reason())).append(" |\n");
        b.append("| started | ").append(j.start()).append(" |\n");
        b.append("| duration | ").append(num(j.duration())).append(" s |\n");
        b.append("| resilience score | ").append(num(j.score().value())).append(" % |\n\n");
        steady(b, "Steady state before", j.steadyStateBefore());
        steady(b, "Steady state after", j.steadyStateAfter());
        steps(b, "Method", j.run());
        steps(b, "Rollbacks", j.rollbacks());
        if (!j.faults().isEmpty()) {
            b.append("## Faults\n\n| fault | action | phase | injected | ended | reason | targets |\n|---|---|---|---|---|---|---|\n");
            for (Journal.FaultRecord f : j.faults()) {
                b.append("| ").append(f.kind()).append('/').append(f.name()).append(" | ").append(f.action()).append(" | ")
                        .append(f.phase()).append(" | ").append(opt(f.injected())).append(" | ").append(opt(f.ended()))
                        .append(" | ").append(opt(f.endReason())).append(" | ")
                        .append(String.join(", ", f.targets().stream().map(t -> t.ref()).toList())).append(" |\n");
            }
            b.append('\n');
        }
        b.append("## Probes during the method\n\n");
        Map<String, List<Journal.Sample>> byProbe = byProbe(j.timeline());
        if (byProbe.isEmpty()) b.append("No continuous probes.\n\n");
        else {
            b.append("| probe | samples | ok | min | max |\n|---|---|---|---|---|\n");
            byProbe.forEach((name, ss) -> {
                double[] v = ss.stream().map(s -> value(s.value())).filter(x -> x != null).mapToDouble(Double::doubleValue).toArray();
                b.append("| ").append(name).append(" | ").append(ss.size()).append(" | ")
                        .append(ss.stream().filter(Journal.Sample::ok).count()).append(" | ")
                        .append(v.length == 0 ? "-" : num(java.util.Arrays.stream(v).min().orElse(0))).append(" | ")
                        .append(v.length == 0 ? "-" : num(java.util.Arrays.stream(v).max().orElse(0))).append(" |\n");
            });
            b.append('\n');
        }
        b.append("## Resilience score\n\nΣ(weight × probe success %) / Σ weight (LitmusChaos)\n\n")
                .append("| probe | weight | passed | total | success % |\n|---|---|---|---|---|\n");
        for (ResilienceScore.Item i : j.score().probes()) {
            b.append("| ").append(i.probe()).append(" | ").append(i.weight()).append(" | ").append(i.passed()).append(" | ")
                    .append(i.total()).append(" | ").append(num(i.percent())).append(" |\n");
        }
        return b.toString();
    }

    private static void steady(StringBuilder b, String title, Journal.SteadyState s) {
        b.append("## ").append(title).append("\n\n");
        if (s == null) {
            b.append("Not checked.\n\n");
            return;
        }
        b.append(s.met() ? "Met.\n\n" : "**Not met.**\n\n");
        b.append("| probe | value | tolerance | ok |\n|---|---|---|---|\n");
        for (Journal.ProbeOutcome p : s.probes()) {
            b.append("| ").append(p.name()).append(" | ").append(cell(ScenarioRunner.show(p.value())))
                    .append(p.error() == null ? "" : " (" + cell(p.error()) + ")").append(" | ").append(opt(p.tolerance()))
                    .append(" | ").append(p.ok() ? "yes" : "**no**").append(" |\n");
        }
        b.append('\n');
    }

    private static void steps(StringBuilder b, String title, List<Journal.StepRun> steps) {
        if (steps == null || steps.isEmpty()) return;
        b.append("## ").append(title).append("\n\n| step | type | status | start | took | revisions | detail |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (Journal.StepRun s : steps) {
            String detail = s.fault() != null ? s.fault() : s.output() != null ? ScenarioRunner.show(s.output().value()) : "";
            if (s.error() != null) detail += " " + s.error();
            b.append("| ").append(s.name()).append(" | ").append(s.type()).append(" | ").append(s.status()).append(" | ")
                    .append(s.start()).append(" | ").append(num(Duration.between(s.start(), s.end()).toMillis() / 1000.0))
                    .append(" s | ").append(s.startRevision()).append("→").append(s.endRevision()).append(" | ")
                    .append(cell(detail.trim())).append(" |\n");
        }
        b.append('\n');
    }

    // ---- HTML

    public static String html(Journal j) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(j.title()))
                .append("</title>\n<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:1100px}")
                .append("table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;text-align:left}")
                .append(".completed{color:#070}.failed,.aborted,.interrupted{color:#b00}</style></head><body>\n");
        b.append("<h1>").append(esc(j.title())).append("</h1>\n<p class=\"").append(esc(j.status())).append("\"><b>")
                .append(esc(j.status())).append("</b>").append(j.deviated() ? " (deviated)" : "")
                .append(j.reason() == null ? "" : " — " + esc(j.reason())).append("</p>\n<p>Resilience score <b>")
                .append(num(j.score().value())).append(" %</b>, ").append(num(j.duration())).append(" s from ")
                .append(j.start()).append("</p>\n");
        b.append("<h2>Timeline</h2>\n").append(svg(j));
        b.append(markdownTablesAsHtml(markdown(j)));
        return b.append("</body></html>\n").toString();
    }

    /** The Markdown's sections and tables, as HTML: one renderer for both formats' content. */
    private static String markdownTablesAsHtml(String md) {
        StringBuilder b = new StringBuilder();
        boolean table = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                if (line.startsWith("|---")) continue;
                if (!table) b.append("<table>\n");
                table = true;
                String[] cells = line.substring(1, line.length() - 1).split(" \\| ", -1);
                b.append("<tr>");
                for (String c : cells) b.append("<td>").append(esc(c.trim()).replaceAll("\\*\\*(.*?)\\*\\*", "<b>$1</b>")).append("</td>");
                b.append("</tr>\n");
                continue;
            }
            if (table) b.append("</table>\n");
            table = false;
            if (line.startsWith("# ")) continue; // the page has its own title
            if (line.startsWith("## ")) b.append("<h2>").append(esc(line.substring(3))).append("</h2>\n");
            else if (!line.isBlank()) b.append("<p>").append(esc(line).replaceAll("\\*\\*(.*?)\\*\\*", "<b>$1</b>")).append("</p>\n");
        }
        if (table) b.append("</table>\n");
        return b.toString();
    }

    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

    /** Probe values over time (one line per probe, failed samples marked red), fault intervals shaded. */
    static String svg(Journal j) {
        int w = 1000, h = 300, left = 50, right = 20, top = 20, bottom = 40;
        Instant t0 = j.start();
        double span = Math.max(1, Duration.between(t0, j.end()).toMillis() / 1000.0);
        Map<String, List<Journal.Sample>> byProbe = byProbe(j.timeline());
        double max = 1;
        for (Journal.Sample s : j.timeline()) {
            Double v = value(s.value());
            if (v != null) max = Math.max(max, v);
        }
        double ymax = max;
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(w).append("\" height=\"").append(h)
                .append("\" viewBox=\"0 0 ").append(w).append(' ').append(h).append("\" role=\"img\">\n");
        java.util.function.DoubleUnaryOperator x = sec -> left + (w - left - right) * sec / span;
        java.util.function.DoubleUnaryOperator y = v -> top + (h - top - bottom) * (1 - v / ymax);
        for (Journal.FaultRecord f : j.faults()) {
            Instant from = f.injected() != null ? f.injected() : t0;
            Instant to = f.ended() != null ? f.ended() : j.end();
            double x1 = x.applyAsDouble(Math.max(0, Duration.between(t0, from).toMillis() / 1000.0));
            double x2 = x.applyAsDouble(Math.min(span, Duration.between(t0, to).toMillis() / 1000.0));
            b.append(String.format(Locale.ROOT, "<rect class=\"fault\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"#fdd\" opacity=\"0.7\"><title>%s %s</title></rect>\n",
                    x1, top, Math.max(2, x2 - x1), h - top - bottom, esc(f.action()), esc(f.name())));
        }
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>\n", left, h - bottom, w - right, h - bottom));
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>\n", left, top, left, h - bottom));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s</text>\n", 5, top + 4, num(ymax)));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">0</text>\n", 5, h - bottom + 4));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">%s s</text>\n", w - right - 40, h - bottom + 16, num(span)));
        int i = 0;
        for (var e : byProbe.entrySet()) {
            String colour = COLOURS[i % COLOURS.length];
            List<String> points = new ArrayList<>();
            StringBuilder dots = new StringBuilder();
            for (Journal.Sample s : e.getValue()) {
                Double v = value(s.value());
                if (v == null) v = 0.0;
                double px = x.applyAsDouble(Duration.between(t0, s.time()).toMillis() / 1000.0);
                double py = y.applyAsDouble(v);
                points.add(String.format(Locale.ROOT, "%.1f,%.1f", px, py));
                dots.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"><title>%s %s</title></circle>\n",
                        px, py, s.ok() ? colour : "#d00", esc(e.getKey()), num(v)));
            }
            b.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"1.5\" points=\"")
                    .append(String.join(" ", points)).append("\"/>\n").append(dots);
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" fill=\"%s\">%s</text>\n",
                    left + 10 + 200 * i, h - 8, colour, esc(e.getKey())));
            i++;
        }
        return b.append("</svg>\n").toString();
    }

    private static Map<String, List<Journal.Sample>> byProbe(List<Journal.Sample> timeline) {
        Map<String, List<Journal.Sample>> out = new LinkedHashMap<>();
        for (Journal.Sample s : timeline) out.computeIfAbsent(s.probe(), k -> new ArrayList<>()).add(s);
        return out;
    }

    private static Double value(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof Boolean bo) return bo ? 1.0 : 0.0;
        if (v instanceof Map<?, ?> m && m.get("status") instanceof Number n) return n.doubleValue();
        return null;
    }

    private static String num(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : String.format(Locale.ROOT, "%.2f", d);
    }

    private static String opt(Object o) {
        return o == null ? "-" : o.toString();
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String esc(String s) {
        if (s == null) return "";
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
