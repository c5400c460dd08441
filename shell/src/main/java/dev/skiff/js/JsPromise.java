package dev.skiff.js;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.Value;

/**
 * Java's async work as something JS can {@code await}: a thenable whose callbacks run on the
 * session's loop thread (a context is used by one thread at a time). A result that arrives after
 * Ctrl-C abandoned the awaiting code is dropped, so that code does not resume later by surprise.
 */
public final class JsPromise {
    private final EventLoop loop;
    private final long generation;
    private final List<Value[]> waiting = new ArrayList<>();
    private Object value;
    private Throwable error;
    private boolean settled;

    private JsPromise(EventLoop loop) {
        this.loop = loop;
        this.generation = loop.generation();
    }

    /** Settles with {@code future}'s outcome, converted for JS by {@code convert} on the loop thread. */
    static <T> JsPromise of(EventLoop loop, CompletableFuture<T> future, Function<T, Object> convert) {
        JsPromise p = new JsPromise(loop);
        future.whenComplete((v, e) -> {
            if (e != null) p.settle(null, e instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : e);
            else p.settle(convert.apply(v), null);
        });
        return p;
    }

    private void settle(Object v, Throwable e) {
        List<Value[]> callbacks;
        synchronized (this) {
            if (settled) return;
            settled = true;
            value = v;
            error = e;
            callbacks = List.copyOf(waiting);
            waiting.clear();
        }
        for (Value[] cb : callbacks) deliver(cb[0], cb[1]);
    }

    private void deliver(Value onResolve, Value onReject) {
        loop.post(generation, () -> {
            if (error == null) {
                if (onResolve != null && onResolve.canExecute()) onResolve.execute(value);
            } else if (onReject != null && onReject.canExecute()) {
                onReject.execute(HostErrors.message(error));
            }
        });
    }

    @HostAccess.Export
    public void then(Value onResolve, Value onReject) {
        boolean now;
        synchronized (this) {
            now = settled;
            if (!now) waiting.add(new Value[] {onResolve, onReject});
        }
        if (now) deliver(onResolve, onReject);
    }
}
