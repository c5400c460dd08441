package dev.skiff.wire;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * Unary gRPC calls over one cleartext HTTP/2 connection (prior knowledge, as gRPC clients connect),
 * on a plain socket: what a one-shot command needs to read from etcd, without the ~1,300 classes of
 * gRPC, Netty and Vert.x that jetcd loads (most of a one-shot command's start-up). Calls run one
 * at a time. It advertises windows so large that it never has to send flow-control updates.
 */
public final class GrpcConnection implements AutoCloseable {

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int DATA = 0, HEADERS = 1, RST_STREAM = 3, SETTINGS = 4, PUSH_PROMISE = 5, PING = 6, GOAWAY = 7,
            CONTINUATION = 9;
    private static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4, PADDED = 0x8, PRIORITY = 0x20;
    private static final int MAX_WINDOW = Integer.MAX_VALUE;
    private static final int MAX_FRAME = 1 << 20; // what this client accepts (SETTINGS_MAX_FRAME_SIZE)

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final String authority;
    private final Hpack hpack = new Hpack();
    private int nextStream = 1;

    private GrpcConnection(Socket socket, String authority) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 1 << 16));
        this.out = socket.getOutputStream();
        this.authority = authority;
    }

    /** Connects and sends the preface; the server's settings are read with the first answer. */
    public static GrpcConnection open(String host, int port, Duration connectTimeout, Duration requestTimeout) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis()));
            GrpcConnection c = new GrpcConnection(socket, host + ":" + port);
            ByteArrayOutputStream hello = new ByteArrayOutputStream();
            hello.writeBytes(PREFACE);
            frame(hello, SETTINGS, 0, 0, settings());
            frame(hello, 8, 0, 0, int32(MAX_WINDOW - 65_535)); // WINDOW_UPDATE: the connection's window to the maximum
            c.out.write(hello.toByteArray());
            return c;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new WireException("cannot connect to " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** Calls {@code path} (e.g. {@code /etcdserverpb.KV/Range}) with one message; returns the answer's bytes. */
    public byte[] unary(String path, byte[] request) {
        int stream = nextStream;
        nextStream += 2;
        try {
            ByteArrayOutputStream call = new ByteArrayOutputStream(request.length + 128);
            frame(call, HEADERS, END_HEADERS, stream, requestHeaders(path));
            ByteArrayOutputStream message = new ByteArrayOutputStream(request.length + 5);
            message.write(0); // not compressed
            message.writeBytes(int32(request.length));
            message.writeBytes(request);
            frame(call, DATA, END_STREAM, stream, message.toByteArray());
            out.write(call.toByteArray());
            out.flush();
            return answer(stream);
        } catch (SocketTimeoutException e) {
            throw new WireTimeout("no answer from " + authority, e);
        } catch (IOException e) {
            throw new WireException("the call to " + authority + path + " failed: " + e.getMessage(), e);
        }
    }

    /** Reads frames until {@code stream} ends: answers pings and settings, collects the message and the status. */
    private byte[] answer(int stream) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ByteArrayOutputStream block = null; // a header block still awaiting CONTINUATION frames
        String status = null, grpcStatus = null, grpcMessage = "";
        boolean ending = false;
        while (!ending || block != null) {
            int length = (in.readUnsignedByte() << 16) | in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int flags = in.readUnsignedByte();
            int id = in.readInt() & 0x7fff_ffff;
            if (length > MAX_FRAME) throw new WireException("frame of " + length + " bytes, above the " + MAX_FRAME + " advertised");
            byte[] payload = new byte[length];
            in.readFully(payload);
            switch (type) {
                case SETTINGS -> { if ((flags & ACK) == 0) send(SETTINGS, ACK, 0, new byte[0]); }
                case PING -> { if ((flags & ACK) == 0) send(PING, ACK, 0, payload); }
                case GOAWAY -> {
                    int last = readInt(payload, 0) & 0x7fff_ffff;
                    if (last < stream) throw new WireException("the server closed the connection (GOAWAY, error " + readInt(payload, 4) + ")");
                }
                case RST_STREAM -> { if (id == stream) throw new WireException("the server reset the call (error " + readInt(payload, 0) + ")"); }
                case PUSH_PROMISE -> throw new WireException("the server pushed, though push is disabled");
                case DATA -> {
                    int skip = (flags & PADDED) != 0 ? 1 : 0;
                    if (id == stream) body.write(payload, skip, length - skip - padding(flags, payload));
                }
                case HEADERS, CONTINUATION -> {
                    if (id != stream) break; // only one call runs at a time; nothing else has headers
                    if (type == HEADERS) block = new ByteArrayOutputStream();
                    else if (block == null) throw new WireException("CONTINUATION without HEADERS");
                    int skip = type == HEADERS ? headerSkip(flags, payload) : 0;
                    block.write(payload, skip, length - skip - (type == HEADERS ? padding(flags, payload) : 0));
                    if ((flags & END_HEADERS) == 0) break;
                    for (Hpack.Header h : hpack.decode(block.toByteArray())) {
                        switch (h.name()) {
                            case ":status" -> status = h.value();
                            case "grpc-status" -> grpcStatus = h.value();
                            case "grpc-message" -> grpcMessage = java.net.URLDecoder.decode(h.value(), java.nio.charset.StandardCharsets.UTF_8);
                            default -> { }
                        }
                    }
                    block = null;
                }
                default -> { } // WINDOW_UPDATE, PRIORITY, unknown types: nothing to do for a reader
            }
            // END_STREAM on a HEADERS frame continued by CONTINUATION frames: the stream ends after them
            if (id == stream && (flags & END_STREAM) != 0 && (type == DATA || type == HEADERS)) ending = true;
        }
        if (!"200".equals(status)) throw new WireException("HTTP status " + status + " from " + authority);
        if (!"0".equals(grpcStatus)) throw new WireException.Status(parseCode(grpcStatus), grpcMessage);
        return message(body.toByteArray());
    }

    static int parseCode(String grpcStatus) {
        try {
            return grpcStatus == null ? 2 : Integer.parseInt(grpcStatus); // no status at all: UNKNOWN
        } catch (NumberFormatException e) {
            return 2;
        }
    }

    /** The one gRPC message a unary answer carries (5-byte prefix: compressed flag, length). */
    private static byte[] message(byte[] body) {
        if (body.length < 5) throw new WireException("the answer has no message");
        if (body[0] != 0) throw new WireException("the answer is compressed, though no compression was offered");
        int length = readInt(body, 1);
        if (length != body.length - 5) throw new WireException("the answer holds " + (body.length - 5) + " bytes, its prefix says " + length);
        return java.util.Arrays.copyOfRange(body, 5, body.length);
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

    private static byte[] settings() {
        ByteArrayOutputStream s = new ByteArrayOutputStream(18);
        setting(s, 2, 0); // ENABLE_PUSH off
        setting(s, 4, MAX_WINDOW); // INITIAL_WINDOW_SIZE: a stream never waits for us
        setting(s, 5, MAX_FRAME); // MAX_FRAME_SIZE: fewer, larger DATA frames
        return s.toByteArray();
    }

    private static void setting(ByteArrayOutputStream s, int id, int value) {
        s.write(id >>> 8);
        s.write(id);
        s.writeBytes(int32(value));
    }

    private void send(int type, int flags, int stream, byte[] payload) throws IOException {
        ByteArrayOutputStream f = new ByteArrayOutputStream(9 + payload.length);
        frame(f, type, flags, stream, payload);
        out.write(f.toByteArray());
        out.flush();
    }

    private static void frame(ByteArrayOutputStream out, int type, int flags, int stream, byte[] payload) {
        out.write(payload.length >>> 16);
        out.write(payload.length >>> 8);
        out.write(payload.length);
        out.write(type);
        out.write(flags);
        out.writeBytes(int32(stream));
        out.writeBytes(payload);
    }

    private static int padding(int flags, byte[] payload) {
        return (flags & PADDED) != 0 ? (payload[0] & 0xff) : 0;
    }

    private static int headerSkip(int flags, byte[] payload) {
        return ((flags & PADDED) != 0 ? 1 : 0) + ((flags & PRIORITY) != 0 ? 5 : 0);
    }

    private static byte[] int32(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    private static int readInt(byte[] b, int at) {
        if (b.length < at + 4) throw new WireException("frame too short");
        return ((b[at] & 0xff) << 24) | ((b[at + 1] & 0xff) << 16) | ((b[at + 2] & 0xff) << 8) | (b[at + 3] & 0xff);
    }

    /** Closes without goodbyes: the server sees the connection end, as when any client exits. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing left to do with a socket that will not close
        }
    }

    /** The server did not answer in time: no other transport would do better. */
    public static final class WireTimeout extends RuntimeException {
        WireTimeout(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
