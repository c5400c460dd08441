package dev.skiff.store.embedded;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import dev.skiff.wire.EtcdRange;
import io.etcd.jetcd.api.KeyValue;
import io.etcd.jetcd.api.RangeRequest;
import io.etcd.jetcd.api.RangeResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Range semantics: revision checks, filters, sort, limit and count as etcd applies them. */
final class Ranges {
    private Ranges() {}

    /**
     * Answers a range as of {@code current} (the caller's view of the newest revision); the
     * response header carries {@code current}, as etcd's does, whatever revision was asked for.
     */
    static RangeResponse.Builder range(Connection c, RangeRequest req, long current, long compacted) {
        KeyRange range = KeyRange.checked(req.getKey(), req.getRangeEnd());
        long rev = req.getRevision() <= 0 ? current : req.getRevision();
        if (rev > current) {
            throw EtcdError.futureRevision();
        }
        if (rev < compacted) {
            throw EtcdError.compacted();
        }
        RangeResponse.Builder out = RangeResponse.newBuilder();
        if (isPlain(req)) {
            return plain(c, req, range, rev, out);
        }
        List<Row> rows = filter(SqliteLog.liveAt(c, range, rev, 0, req.getKeysOnly(), valueContains(req)), req);
        out.setCount(rows.size());
        if (req.getCountOnly()) {
            return out;
        }
        rows = sort(rows, req);
        long limit = req.getLimit();
        if (limit > 0 && rows.size() > limit) {
            rows = rows.subList(0, (int) limit);
            out.setMore(true);
        }
        rows.forEach(r -> out.addKvs(r.toKeyValue(req.getKeysOnly())));
        return out;
    }

    /** Without filters or sorting the limit can go into SQL: paging a big prefix stays cheap. */
    private static boolean isPlain(RangeRequest req) {
        boolean sorted = req.getSortOrder() != RangeRequest.SortOrder.NONE
                && !(req.getSortTarget() == RangeRequest.SortTarget.KEY
                        && req.getSortOrder() == RangeRequest.SortOrder.ASCEND);
        return !sorted && req.getMinModRevision() == 0 && req.getMaxModRevision() == 0
                && req.getMinCreateRevision() == 0 && req.getMaxCreateRevision() == 0;
    }

    private static RangeResponse.Builder plain(
            Connection c, RangeRequest req, KeyRange range, long rev, RangeResponse.Builder out) {
        long limit = req.getLimit();
        List<byte[]> contains = valueContains(req);
        if (req.getCountOnly()) {
            return out.setCount(SqliteLog.countLiveAt(c, range, rev, contains));
        }
        List<Row> rows = SqliteLog.liveAt(c, range, rev, limit > 0 ? limit + 1 : 0, req.getKeysOnly(), contains);
        if (limit > 0 && rows.size() > limit) {
            rows = rows.subList(0, (int) limit);
            out.setMore(true);
            out.setCount(SqliteLog.countLiveAt(c, range, rev, contains));
        } else {
            out.setCount(rows.size());
        }
        for (Row r : rows) {
            out.addKvs(r.toKeyValue(req.getKeysOnly()));
        }
        return out;
    }

    /**
     * Skiff's extension ({@link EtcdRange#VALUE_CONTAINS}, which etcd's clients never send): the range then holds
     * only the keys whose values contain each of these, for the limit and the count as for the answer.
     */
    private static List<byte[]> valueContains(RangeRequest req) {
        UnknownFieldSet.Field field = req.getUnknownFields().getField(EtcdRange.VALUE_CONTAINS); // empty when absent
        List<byte[]> contains = new ArrayList<>();
        for (ByteString s : field.getLengthDelimitedList()) contains.add(s.toByteArray());
        return contains;
    }

    private static List<Row> filter(List<Row> rows, RangeRequest req) {
        List<Row> kept = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (req.getMinModRevision() > 0 && r.revision() < req.getMinModRevision()) {
                continue;
            }
            if (req.getMaxModRevision() > 0 && r.revision() > req.getMaxModRevision()) {
                continue;
            }
            if (req.getMinCreateRevision() > 0 && r.createRevision() < req.getMinCreateRevision()) {
                continue;
            }
            if (req.getMaxCreateRevision() > 0 && r.createRevision() > req.getMaxCreateRevision()) {
                continue;
            }
            kept.add(r);
        }
        return kept;
    }

    private static List<Row> sort(List<Row> rows, RangeRequest req) {
        if (req.getSortOrder() == RangeRequest.SortOrder.NONE) {
            return rows;
        }
        Comparator<Row> order = switch (req.getSortTarget()) {
            case VERSION -> Comparator.comparingLong(Row::version);
            case CREATE -> Comparator.comparingLong(Row::createRevision);
            case MOD -> Comparator.comparingLong(Row::revision);
            case VALUE -> Comparator.comparing(Row::value, KeyRange.ORDER);
            default -> Comparator.comparing(Row::name, KeyRange.ORDER);
        };
        if (req.getSortOrder() == RangeRequest.SortOrder.DESCEND) {
            order = order.reversed();
        }
        // stable sort on key-ordered input keeps ties in key order, as etcd does
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(order);
        return sorted;
    }

    static List<KeyValue> kvs(List<Row> rows) {
        return rows.stream().map(Row::toKeyValue).toList();
    }
}
