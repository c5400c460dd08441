package dev.skiff.output;

import dev.skiff.api.Event;
import dev.skiff.api.EventSource;
import dev.skiff.api.ObjectReference;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Events as kubectl's printEvent shows them; the wide columns sit between the normal ones. */
final class EventPrinter implements KindPrinter<Event> {
    private static final List<Column> COLUMNS = List.of(Column.of("LAST SEEN"), Column.status("TYPE"),
            Column.of("REASON"), Column.of("OBJECT"), Column.wide("SUBOBJECT"), Column.wide("SOURCE"),
            Column.of("MESSAGE"), Column.wide("FIRST SEEN"), Column.wide("COUNT"), Column.wide("NAME"));

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public List<String> cells(Event e, Instant now, boolean wide) {
        String first = Age.since(e.firstTimestamp() != null ? e.firstTimestamp() : e.metadata().creationTimestamp(), now);
        String last = e.lastTimestamp() == null ? first : Age.since(e.lastTimestamp(), now);
        int count = e.count() == null ? 0 : e.count();
        if (count > 1) last = last + " (x" + count + " over " + first + ")";
        ObjectReference o = e.involvedObject();
        String object = o == null ? "" : (o.kind() == null ? "" : o.kind().toLowerCase(Locale.ROOT)) + "/" + o.name();
        return List.of(last, nz(e.type()), nz(e.reason()), object, o == null ? "" : nz(o.fieldPath()),
                source(e), nz(e.message()), first, Integer.toString(count), e.name());
    }

    private static String source(Event e) {
        EventSource s = e.source();
        String component = s != null && s.component() != null && !s.component().isEmpty() ? s.component() : nz(e.reportingComponent());
        String host = s != null && s.host() != null && !s.host().isEmpty() ? s.host() : nz(e.reportingInstance());
        return host.isEmpty() ? component : component + ", " + host;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
