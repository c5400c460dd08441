package dev.skiff.wire;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * gRPC calls multiplexed over one cleartext HTTP/2 connection (prior knowledge) on a plain socket:
 * unary calls and long-lived streams (watches, lease keep-alives) side by side. One reader thread
 * reads every frame and dispatches it by stream id; senders write whole frames under one lock.
 * Flow control both ways: DATA is sent only within the server's connection and stream windows
 * (its SETTINGS and WINDOW_UPDATEs), and the windows this side advertises are topped up as DATA is
 * consumed. Once the connection fails or the server says GOAWAY, {@link #isUsable} turns false and
 * the owner opens a new channel; calls still running on a lost connection end with a WireException.
 */
public final class GrpcChannel implements AutoCloseable {

    /** Receives one call's messages, then exactly one close; runs on the reader thread, so must not block. */
    public interface Listener {
        void onMessage(byte[] message);

        /** {@code failure} is null when the call ended with gRPC status 0. */
        void onClose(WireException failure);
    }

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PUSH_PROMISE = 5, PING = 6, GOAWAY = 7,
            WINDOW_UPDATE = 8, CONTINUATION = 9;
    private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY = 0x20;
    private static final int RECEIVE_WINDOW = 1 << 20; // per stream and per connection, topped up at half
    private static final int MAX_FRAME_IN = 1 << 20;
    private static final int CANCEL = 8;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String authority;
    private final Hpack hpack = new Hpack();
    private final Map<Integer, Call> calls = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private final Object flow = new Object(); // guards the send windows and maxFrameOut
    private int nextStream = 1;                // guarded by writeLock
    private long connectionSendWindow = 65_535;
    private int initialSendWindow = 65_535;
    private int maxFrameOut = 16_384;
    private int connectionUnacked;             // reader thread only
    private volatile long pingSentNanos = -1;  // -1: no ping awaiting its ACK
    private volatile boolean usable = true;
    private volatile WireException failure;

    private GrpcChannel(Socket socket, String authority) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 14));
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 14);
        this.authority = authority;
    }

    /** Connects, sends the preface and starts the reader thread. */
    public static GrpcChannel open(String host, int port, Duration connectTimeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setKeepAlive(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            GrpcChannel c = new GrpcChannel(socket, host + ":" + port);
            c.hello();
            Thread.ofPlatform().name("skiff-wire-" + port).daemon(true).start(c::readLoop);
            return c;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new WireException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    private void hello() throws IOException {
        ByteArrayOutputStream s = new ByteArrayOutputStream(18);
        setting(s, 2, 0); // ENABLE_PUSH off
        setting(s, 4, RECEIVE_WINDOW); // INITIAL_WINDOW_SIZE
        setting(s, 5, MAX_FRAME_IN); // MAX_FRAME_SIZE
        synchronized (writeLock) {
            out.write(PREFACE);
            writeFrame(SETTINGS, 0, 0, s.toByteArray(), 0, s.size());
            writeFrame(WINDOW_UPDATE, 0, 0, int32(RECEIVE_WINDOW - 65_535), 0, 4);
            out.flush();
        }
    }

    public String authority() {
        return authority;
    }

    /** False once the connection failed, was closed, or the server asked to go away: open a new one. */
    public boolean isUsable() {
        return usable;
    }

    /**
     * Checks the server still answers: sends a PING, and fails the connection (every call on it) when
     * the previous one went unanswered for {@code timeout}. A peer that vanished without closing the
     * socket (a node unplugged) otherwise leaves a watch waiting forever. Call it periodically.
     */
    public void checkAlive(Duration timeout) {
        if (!usable) return;
        long sent = pingSentNanos;
        if (sent >= 0) {
            if (System.nanoTime() - sent > timeout.toNanos()) {
                fail(new WireException("the server at " + authority + " did not answer a ping within " + timeout.toMillis() + " ms"));
            }
            return;
        }
        pingSentNanos = System.nanoTime();
        try {
            send(PING, 0, 0, new byte[8]);
        } catch (IOException e) {
            fail(new WireException("the connection to " + authority + " failed: " + e.getMessage(), e));
        }
    }

    /** True while a PING sent by {@link #checkAlive} awaits its ACK. */
    public boolean awaitingPing() {
        return pingSentNanos >= 0;
    }

    /** Starts a call of {@code path} (e.g. {@code /etcdserverpb.Watch/Watch}); send its messages with {@link Call#send}. */
    public Call start(String path, Listener listener) {
        byte[] headers = requestHeaders(path);
        synchronized (writeLock) {
            if (!usable) throw failure != null ? failure : new WireException("the connection to " + authority + " is closed");
            Call call = new Call(nextStream, path, listener);
            nextStream += 2;
            calls.put(call.id, call);
            try {
                writeFrame(HEADERS, END_HEADERS, call.id, headers, 0, headers.length);
                out.flush();
            } catch (IOException e) {
                calls.remove(call.id);
                throw fail(new WireException("the connection to " + authority + " failed: " + e.getMessage(), e));
            }
            return call;
        }
    }

    /** One request, one answer: completes with the answer's bytes or a WireException. */
    public CompletableFuture<byte[]> unary(String path, byte[] request) {
        CompletableFuture<byte[]> answer = new CompletableFuture<>();
        Call call = start(path, new Listener() {
            @Override
            public void onMessage(byte[] message) {
                answer.complete(message);
            }

            @Override
            public void onClose(WireException f) {
                if (f != null) answer.completeExceptionally(f);
                else answer.completeExceptionally(new WireException("the answer to " + path + " has no message"));
            }
        });
        answer.whenComplete((r, t) -> {
            if (t instanceof java.util.concurrent.CancellationException) call.cancel();
        });
        call.send(request, true);
        return answer;
    }

    /** One call (an HTTP/2 stream). */
    public final class Call {
        private final int id;
        private final String path;
        private final Listener listener;
        private long sendWindow;                 // guarded by flow
        private int unacked;                     // reader thread only
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream(); // reader thread only
        private String status, grpcStatus, grpcMessage = "";
        private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

        private Call(int id, String path, Listener listener) {
            this.id = id;
            this.path = path;
            this.listener = listener;
            synchronized (flow) {
                this.sendWindow = initialSendWindow;
            }
        }

        /** Sends one message; {@code last} half-closes the call (the server may still answer). */
        public void send(byte[] message, boolean last) {
            byte[] framed = new byte[message.length + 5];
            System.arraycopy(int32(message.length), 0, framed, 1, 4);
            System.arraycopy(message, 0, framed, 5, message.length);
            try {
                sendData(this, framed, last);
            } catch (IOException e) {
                throw fail(new WireException("the call to " + authority + path + " failed: " + e.getMessage(), e));
            }
        }

        /** Ends the call from this side (RST_STREAM CANCEL); its listener is not called again. */
        public void cancel() {
            if (!closed.compareAndSet(false, true)) return;
            calls.remove(id);
            synchronized (writeLock) {
                try {
                    writeFrame(RST_STREAM, 0, id, int32(CANCEL), 0, 4);
                    out.flush();
                } catch (IOException e) {
                    fail(new WireException("the connection to " + authority + " failed: " + e.getMessage(), e));
                }
            }
        }

        private void finish(WireException f) {
            if (!closed.compareAndSet(false, true)) return;
            calls.remove(id);
            listener.onClose(f);
            if (!usable && calls.isEmpty()) closeQuietly(socket); // drained after GOAWAY
        }
    }

    // ---- sending

    /** Splits {@code payload} into DATA frames that fit the server's frame size and both its windows. */
    private void sendData(Call call, byte[] payload, boolean last) throws IOException {
        int offset = 0;
        do {
            int n;
            synchronized (flow) {
                while (true) {
                    if (call.closed.get()) return; // ended already: its listener has heard why
                    if (!usable && failure != null) throw new IOException(failure.getMessage());
                    n = (int) Math.min(payload.length - offset, Math.min(maxFrameOut, Math.min(connectionSendWindow, call.sendWindow)));
                    if (n > 0 || payload.length == offset) break;
                    try {
                        flow.wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IOException("interrupted while waiting for the server's flow-control window");
                    }
                }
                connectionSendWindow -= n;
                call.sendWindow -= n;
            }
            boolean end = last && offset + n == payload.length;
            synchronized (writeLock) {
                writeFrame(DATA, end ? END_STREAM : 0, call.id, payload, offset, n);
                out.flush();
            }
            offset += n;
        } while (offset < payload.length);
    }

    // guarded by writeLock
    private void writeFrame(int type, int flags, int stream, byte[] payload, int offset, int length) throws IOException {
        out.write(length >>> 16);
        out.write(length >>> 8);
        out.write(length);
        out.write(type);
        out.write(flags);
        out.write(int32(stream));
        out.write(payload, offset, length);
    }

    private void send(int type, int flags, int stream, byte[] payload) throws IOException {
        synchronized (writeLock) {
            writeFrame(type, flags, stream, payload, 0, payload.length);
            out.flush();
        }
    }

    // ---- reading

    private void readLoop() {
        try {
            ByteArrayOutputStream block = null; // a header block awaiting CONTINUATION
            int blockStream = 0, blockFlags = 0;
            while (true) {
                int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
                int type = in.readUnsignedByte();
                int flags = in.readUnsignedByte();
                int id = in.readInt() & 0x7fff_ffff;
                if (length > MAX_FRAME_IN) throw new WireException("frame of " + length + " bytes, above the " + MAX_FRAME_IN + " advertised");
                byte[] payload = new byte[length];
                in.readFully(payload);
                if (block != null && type != CONTINUATION) throw new WireException("header block interrupted by a frame of type " + type);
                switch (type) {
                    case DATA -> onData(id, flags, payload);
                    case HEADERS -> {
                        int skip = ((flags & PADDED) != 0 ? 1 : 0) + ((flags & PRIORITY) != 0 ? 5 : 0);
                        block = new ByteArrayOutputStream();
                        block.write(payload, skip, length - skip - padding(flags, payload));
                        blockStream = id;
                        blockFlags = flags;
                    }
                    case CONTINUATION -> {
                        if (block == null || id != blockStream) throw new WireException("CONTINUATION without HEADERS");
                        block.write(payload, 0, length);
                        blockFlags |= flags & END_HEADERS;
                    }
                    case RST_STREAM -> {
                        Call call = calls.get(id);
                        if (call != null) call.finish(new WireException("the server reset the call to " + call.path + " (error " + readInt(payload, 0) + ")"));
                    }
                    case SETTINGS -> onSettings(flags, payload);
                    case PING -> {
                        if ((flags & ACK) == 0) send(PING, ACK, 0, payload);
                        else pingSentNanos = -1;
                    }
                    case GOAWAY -> onGoAway(payload);
                    case WINDOW_UPDATE -> onWindowUpdate(id, payload);
                    case PUSH_PROMISE -> throw new WireException("the server pushed, though push is disabled");
                    default -> { } // PRIORITY, unknown types
                }
                if (block != null && (blockFlags & END_HEADERS) != 0) {
                    onHeaders(blockStream, blockFlags, block.toByteArray());
                    block = null;
                }
            }
        } catch (EOFException e) {
            fail(new WireException("the server at " + authority + " closed the connection"));
        } catch (IOException e) {
            fail(new WireException("the connection to " + authority + " failed: " + e.getMessage(), e));
        } catch (WireException e) {
            fail(e);
        } catch (RuntimeException e) {
            fail(new WireException("the connection to " + authority + " failed: " + e, e));
        }
    }

    private void onData(int id, int flags, byte[] payload) throws IOException {
        int skip = (flags & PADDED) != 0 ? 1 : 0;
        connectionUnacked += payload.length;
        if (connectionUnacked >= RECEIVE_WINDOW / 2) {
            send(WINDOW_UPDATE, 0, 0, int32(connectionUnacked));
            connectionUnacked = 0;
        }
        Call call = calls.get(id);
        if (call == null) return; // cancelled here: its DATA still counted for the connection's window
        call.pending.write(payload, skip, payload.length - skip - padding(flags, payload));
        deliverMessages(call);
        if ((flags & END_STREAM) != 0) {
            end(call);
            return;
        }
        call.unacked += payload.length;
        if (call.unacked >= RECEIVE_WINDOW / 2) {
            send(WINDOW_UPDATE, 0, id, int32(call.unacked));
            call.unacked = 0;
        }
    }

    /** Hands over every complete gRPC message (5-byte prefix: compressed flag, length) received so far. */
    private void deliverMessages(Call call) {
        byte[] b = call.pending.toByteArray();
        int at = 0;
        while (b.length - at >= 5) {
            if (b[at] != 0) throw new WireException("a compressed message, though no compression was offered");
            int length = readInt(b, at + 1);
            if (b.length - at - 5 < length) break;
            byte[] message = java.util.Arrays.copyOfRange(b, at + 5, at + 5 + length);
            at += 5 + length;
            if (!call.closed.get()) call.listener.onMessage(message);
        }
        if (at > 0) {
            call.pending.reset();
            call.pending.write(b, at, b.length - at);
        }
    }

    private void onHeaders(int id, int flags, byte[] block) {
        List<Hpack.Header> headers = hpack.decode(block); // always: the dynamic table must follow every block
        Call call = calls.get(id);
        if (call == null) return;
        for (Hpack.Header h : headers) {
            switch (h.name()) {
                case ":status" -> call.status = h.value();
                case "grpc-status" -> call.grpcStatus = h.value();
                case "grpc-message" -> call.grpcMessage = URLDecoder.decode(h.value(), StandardCharsets.UTF_8);
                default -> { }
            }
        }
        if ((flags & END_STREAM) != 0) end(call);
    }

    private void end(Call call) {
        if (call.status != null && !"200".equals(call.status)) {
            call.finish(new WireException("HTTP status " + call.status + " from " + authority + call.path));
        } else if (!"0".equals(call.grpcStatus)) {
            call.finish(new WireException.Status(parseCode(call.grpcStatus), call.grpcMessage));
        } else {
            call.finish(null);
        }
    }

    private void onSettings(int flags, byte[] payload) throws IOException {
        if ((flags & ACK) != 0) return;
        synchronized (flow) {
            for (int at = 0; at + 6 <= payload.length; at += 6) {
                int id = ((payload[at] & 0xff) << 8) | (payload[at + 1] & 0xff);
                int value = readInt(payload, at + 2);
                if (id == 4) { // INITIAL_WINDOW_SIZE: applies to open streams too (RFC 9113 6.9.2)
                    int delta = value - initialSendWindow;
                    initialSendWindow = value;
                    for (Call c : calls.values()) c.sendWindow += delta;
                } else if (id == 5) {
                    maxFrameOut = value;
                }
            }
            flow.notifyAll();
        }
        send(SETTINGS, ACK, 0, new byte[0]);
    }

    private void onWindowUpdate(int id, byte[] payload) {
        int increment = readInt(payload, 0) & 0x7fff_ffff;
        synchronized (flow) {
            if (id == 0) {
                connectionSendWindow += increment;
            } else {
                Call call = calls.get(id);
                if (call != null) call.sendWindow += increment;
            }
            flow.notifyAll();
        }
    }

    /** The server will take no new calls; those it will not answer fail now, the others may finish. */
    private void onGoAway(byte[] payload) {
        int last = readInt(payload, 0) & 0x7fff_ffff;
        usable = false;
        WireException gone = new WireException("the server at " + authority + " is going away (GOAWAY, error " + readInt(payload, 4) + ")");
        for (Call call : new ArrayList<>(calls.values())) {
            if (call.id > last) call.finish(gone);
        }
        if (calls.isEmpty()) closeQuietly(socket);
    }

    /**
     * The connection is lost: every call ends with the first cause recorded (closing the socket
     * makes the reader fail too, with a vaguer "socket closed" that must not win the race).
     */
    private WireException fail(WireException f) {
        WireException first;
        synchronized (flow) {
            if (failure == null) failure = f;
            first = failure;
            usable = false;
            flow.notifyAll();
        }
        closeQuietly(socket);
        for (Call call : new ArrayList<>(calls.values())) call.finish(first);
        return first;
    }

    private byte[] requestHeaders(String path) {
        ByteArrayOutputStream h = new ByteArrayOutputStream(128);
        Hpack.indexed(h, 3); // :method POST
        Hpack.indexed(h, 6); // :scheme http
        Hpack.literal(h, 4, path); // :path
        Hpack.literal(h, 1, authority); // :authority
        Hpack.literal(h, 31, "application/grpc"); // content-type
        Hpack.literal(h, "te", "trailers");
        return h.toByteArray();
    }

    private static void setting(ByteArrayOutputStream s, int id, int value) {
        s.write(id >>> 8);
        s.write(id);
        s.writeBytes(int32(value));
    }

    private static int padding(int flags, byte[] payload) {
        return (flags & PADDED) != 0 ? (payload[0] & 0xff) : 0;
    }

    private static int parseCode(String grpcStatus) {
        try {
            return grpcStatus == null ? 2 : Integer.parseInt(grpcStatus); // no status at all: UNKNOWN
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static int readInt(byte[] b, int at) {
        if (b.length < at + 4) throw new WireException("frame too short");
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /** Closes without goodbyes; running calls end with a WireException. */
    @Override
    public void close() {
        fail(new WireException("the connection to " + authority + " was closed"));
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do with a socket that will not close
        }
    }
}
