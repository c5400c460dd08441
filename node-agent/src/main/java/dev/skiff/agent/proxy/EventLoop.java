package dev.skiff.agent.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Accepts, connects and copies the bytes of many connections ({@link TcpListener}s,
 * {@link TcpConnection}s while they connect, {@link Splice}s once established) on one platform
 * thread around a {@link Selector}. Why not a virtual thread per direction: a virtual thread blocked in
 * read is woken by the JDK's poller and then mounted on a carrier, two thread hand-offs per chunk
 * that cost more than the copy on a 2-core board; here epoll wakes the copying thread itself, and
 * under load one wake-up serves many ready sockets. Idle connections hold no buffer: every read
 * goes to the loop's one buffer, and a connection keeps a buffer only while the far side cannot
 * take the bytes yet.
 */
final class EventLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EventLoop.class.getName());
    /** Buffers kept for the next stalled writer rather than allocated again. */
    private static final int SPARE_BUFFERS = 4;

    /** What a selection key of the loop's is attached to: told when its channel is ready. */
    sealed interface Ready permits TcpListener, TcpConnection, Splice.Half {
        void ready(SelectionKey key);
    }

    private record Timer(long deadline, Runnable action) {
    }

    private final Selector selector;
    private final Thread thread;
    private final int bufferSize;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ArrayDeque<ByteBuffer> spares = new ArrayDeque<>();
    /** Connect timeouts, earliest first (loop thread only). */
    private final PriorityQueue<Timer> timers = new PriorityQueue<>(Comparator.comparingLong(Timer::deadline));
    /** Run once the keys they cancelled are deregistered, i.e. after the next select. */
    private List<Runnable> afterDeregistration = new ArrayList<>();
    private ByteBuffer buffer;
    private volatile boolean closed;

    EventLoop(String name, int bufferSize) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the service proxy", e);
        }
        this.bufferSize = bufferSize;
        this.buffer = ByteBuffer.allocateDirect(bufferSize);
        this.thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }

    /** Runs {@code task} on the loop's thread, soon. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** Runs {@code task} on the loop's thread once keys cancelled so far are off the selector. */
    void afterDeregistration(Runnable task) {
        afterDeregistration.add(task);
    }

    /** Runs {@code action} on the loop's thread after {@code delay}; from the loop's thread. */
    void schedule(Duration delay, Runnable action) {
        timers.add(new Timer(System.nanoTime() + delay.toNanos(), action));
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    Selector selector() {
        return selector;
    }

    /** The buffer reads go to; a stalled writer {@link #keep}s it. */
    ByteBuffer buffer() {
        return buffer;
    }

    /** Hands the current buffer to a stalled writer, who returns it with {@link #recycle}. */
    ByteBuffer keep() {
        ByteBuffer kept = buffer;
        ByteBuffer next = spares.poll();
        buffer = next != null ? next : ByteBuffer.allocateDirect(bufferSize);
        return kept;
    }

    void recycle(ByteBuffer b) {
        if (spares.size() < SPARE_BUFFERS) spares.push(b.clear());
    }

    private void run() {
        while (!closed) {
            try {
                if (afterDeregistration.isEmpty()) {
                    selector.select(EventLoop::ready, untilNextTimer());
                } else {
                    List<Runnable> cancelled = afterDeregistration;
                    afterDeregistration = new ArrayList<>();
                    selector.selectNow(EventLoop::ready); // drops the cancelled keys
                    cancelled.forEach(Runnable::run);
                }
                for (Runnable t; (t = tasks.poll()) != null; ) t.run();
                fireTimers();
            } catch (IOException | RuntimeException e) {
                if (!closed) LOG.log(Level.WARNING, "service proxy loop: " + e, e);
            }
        }
        try {
            selector.close();
        } catch (IOException e) {
            // stopping anyway
        }
    }

    /** Milliseconds select may wait: until the earliest timer, or 0 (no limit) without one. */
    private long untilNextTimer() {
        Timer first = timers.peek();
        if (first == null) return 0;
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(first.deadline() - System.nanoTime()) + 1);
    }

    private void fireTimers() {
        long now = System.nanoTime();
        for (Timer t; (t = timers.peek()) != null && t.deadline() - now <= 0; ) {
            timers.poll();
            t.action().run();
        }
    }

    private static void ready(SelectionKey key) {
        ((Ready) key.attachment()).ready(key);
    }

    @Override
    public void close() {
        closed = true;
        selector.wakeup();
    }
}
