package dev.skiff.store;

import static dev.skiff.store.Jetcd.bytes;

import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.SkiffOps;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** Translates {@link Txn} to jetcd and the response back. */
final class EtcdTxns {

    private EtcdTxns() {}

    static io.etcd.jetcd.Txn toJetcd(io.etcd.jetcd.Txn target, Txn txn) {
        return target
                .If(txn.compares().stream().map(EtcdTxns::cmp).toArray(Cmp[]::new))
                .Then(txn.success().stream().map(EtcdTxns::op).toArray(io.etcd.jetcd.op.Op[]::new))
                .Else(txn.failure().stream().map(EtcdTxns::op).toArray(io.etcd.jetcd.op.Op[]::new));
    }

    /** jetcd groups results by type; put them back in the order of the ops that ran. */
    static TxnResult result(Txn txn, TxnResponse r) {
        Iterator<io.etcd.jetcd.kv.PutResponse> puts = r.getPutResponses().iterator();
        Iterator<io.etcd.jetcd.kv.DeleteResponse> deletes = r.getDeleteResponses().iterator();
        Iterator<io.etcd.jetcd.kv.GetResponse> gets = r.getGetResponses().iterator();
        long revision = r.getHeader().getRevision();
        List<OpResult> results = new ArrayList<>();
        for (Op op : r.isSucceeded() ? txn.success() : txn.failure()) {
            results.add(switch (op) {
                case Op.Put p -> {
                    puts.next(); // a txn's writes all happen at the txn's revision
                    yield new OpResult.Put(revision);
                }
                case Op.Delete d -> new OpResult.Delete(deletes.next().getDeleted());
                case Op.DeletePrefix d -> new OpResult.Delete(deletes.next().getDeleted());
                case Op.Get g -> new OpResult.Get(gets.next().getKvs().stream().findFirst().map(Jetcd::kv));
            });
        }
        return new TxnResult(r.isSucceeded(), revision, results);
    }

    private static Cmp cmp(Compare c) {
        Cmp.Op op = switch (c.operator()) {
            case EQUAL -> Cmp.Op.EQUAL;
            case NOT_EQUAL -> Cmp.Op.NOT_EQUAL;
            case LESS -> Cmp.Op.LESS;
            case GREATER -> Cmp.Op.GREATER;
        };
        return switch (c) {
            case Compare.OnValue v -> new Cmp(bytes(v.key()), op, CmpTarget.value(bytes(v.operand())));
            case Compare.OnNumber n -> switch (n.field()) {
                case MOD_REVISION -> new Cmp(bytes(n.key()), op, CmpTarget.modRevision(n.operand()));
                case CREATE_REVISION -> new Cmp(bytes(n.key()), op, CmpTarget.createRevision(n.operand()));
                case VERSION -> new Cmp(bytes(n.key()), op, CmpTarget.version(n.operand()));
                case LEASE -> SkiffOps.leaseCmp(bytes(n.key()), op, n.operand());
            };
        };
    }

    private static io.etcd.jetcd.op.Op op(Op op) {
        return switch (op) {
            case Op.Put p -> io.etcd.jetcd.op.Op.put(bytes(p.key()), bytes(p.value()),
                    p.lease() == 0 ? PutOption.DEFAULT : PutOption.builder().withLeaseId(p.lease()).build());
            case Op.Delete d -> io.etcd.jetcd.op.Op.delete(bytes(d.key()), DeleteOption.DEFAULT);
            case Op.DeletePrefix d -> io.etcd.jetcd.op.Op.delete(
                    d.key().isEmpty() ? Jetcd.bytes(new byte[] {0}) : bytes(d.key()),
                    DeleteOption.builder().withRange(Jetcd.prefixEnd(d.key())).build());
            case Op.Get g -> io.etcd.jetcd.op.Op.get(bytes(g.key()), GetOption.DEFAULT);
        };
    }
}
