package dev.skiff.agent.runtime.process;

import dev.skiff.agent.runtime.LogLine;
import dev.skiff.agent.runtime.LogOptions;
import dev.skiff.agent.runtime.LogReader;
import dev.skiff.agent.runtime.RuntimeFailure;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A container's logs on disk. The process appends its raw output to {@code output.raw} (so it
 * keeps logging while the agent is down); the agent pumps complete lines from there into
 * {@code current.log}, each stamped with the time it saw them, rotates that file at a size cap
 * and truncates the raw file once it is consumed. Readers only read the stamped files.
 */
final class FileLogs {
    static final String RAW = "output.raw";
    private static final String CURRENT = "current.log";
    private static final String OFFSET = "raw.offset";

    private final Path dir;
    private final long maxBytes;
    private final int files;
    private final Clock clock;
    private long offset = -1;

    FileLogs(Path dir, long maxBytes, int files, Clock clock) {
        this.dir = dir;
        this.maxBytes = maxBytes;
        this.files = files;
        this.clock = clock;
    }

    Path raw() {
        return dir.resolve(RAW);
    }

    /** Moves newly written raw output into the stamped log; {@code last} also takes a final unterminated line. */
    synchronized void pump(boolean last) {
        try {
            if (!Files.exists(raw())) return;
            loadOffset();
            try (var ch = FileChannel.open(raw(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = ch.size();
                if (size < offset) offset = 0; // truncated under us
                if (size > offset) append(ch, size, last);
                if (offset >= maxBytes && ch.size() == offset) {
                    // a write landing between the size check and here is lost: the price of copy-truncate
                    ch.truncate(0);
                    offset = 0;
                }
            }
            var tmp = dir.resolve(OFFSET + ".tmp");
            Files.writeString(tmp, Long.toString(offset));
            Files.move(tmp, dir.resolve(OFFSET), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            if (Files.exists(current()) && Files.size(current()) > maxBytes) rotate();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move logs of " + dir + ": " + e.getMessage(), e);
        }
    }

    private void append(FileChannel ch, long size, boolean last) throws IOException {
        var buf = ByteBuffer.allocate((int) Math.min(size - offset, 8L * 1024 * 1024));
        ch.read(buf, offset);
        byte[] bytes = new byte[buf.position()];
        buf.flip().get(bytes);
        int end = last ? bytes.length : lastNewline(bytes) + 1;
        if (end <= 0) return;
        String stamp = clock.instant().toString();
        var out = new StringBuilder();
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n", -1)) {
            out.append(stamp).append(' ').append(line).append('\n');
        }
        if (bytes[end - 1] == '\n') out.setLength(out.length() - stamp.length() - 2); // the empty tail after the last \n
        Files.writeString(current(), out, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        offset += end;
    }

    private static int lastNewline(byte[] bytes) {
        for (int i = bytes.length - 1; i >= 0; i--) {
            if (bytes[i] == '\n') return i;
        }
        return -1;
    }

    private void loadOffset() throws IOException {
        if (offset >= 0) return;
        var file = dir.resolve(OFFSET);
        offset = Files.exists(file) ? Long.parseLong(Files.readString(file).trim()) : 0;
    }

    private void rotate() throws IOException {
        if (files <= 0) {
            Files.delete(current());
            return;
        }
        for (int i = files - 1; i >= 1; i--) {
            var from = rotated(i);
            if (Files.exists(from)) Files.move(from, rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.move(current(), rotated(1), StandardCopyOption.REPLACE_EXISTING);
    }

    private Path current() {
        return dir.resolve(CURRENT);
    }

    private Path rotated(int n) {
        return dir.resolve(CURRENT + "." + n);
    }

    /** A reader over these files; {@code exited} says whether the writer is gone for good. */
    LogReader reader(BooleanSupplier exists, BooleanSupplier exited) {
        return new LogReader() {
            @Override
            public List<LogLine> read(LogOptions options) {
                check(exists);
                pump(exited.getAsBoolean());
                return filter(readAll(), options);
            }

            @Override
            public void follow(LogOptions options, LogSink sink) {
                check(exists);
                followLines(options, sink, exited);
            }
        };
    }

    private void check(BooleanSupplier exists) {
        if (!exists.getAsBoolean()) throw new RuntimeFailure.NoSuchContainer(dir.getFileName().toString());
    }

    private synchronized List<LogLine> readAll() {
        var lines = new ArrayList<LogLine>();
        for (int i = files; i >= 1; i--) parseInto(rotated(i), lines);
        parseInto(current(), lines);
        return lines;
    }

    private static void parseInto(Path file, List<LogLine> into) {
        try {
            if (!Files.exists(file)) return;
            for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) into.add(parse(l));
        } catch (IOException e) {
            // rotated away while we read it: the reader sees the lines from its new name next time
        }
    }

    static LogLine parse(String stamped) {
        int sp = stamped.indexOf(' ');
        return new LogLine(Instant.parse(stamped.substring(0, sp)), stamped.substring(sp + 1));
    }

    static List<LogLine> filter(List<LogLine> lines, LogOptions options) {
        var out = lines;
        if (options.since() != null) out = out.stream().filter(l -> !l.time().isBefore(options.since())).toList();
        if (options.tailLines() != null) out = out.subList(Math.max(0, out.size() - options.tailLines()), out.size());
        return out;
    }

    private void followLines(LogOptions options, LogReader.LogSink sink, BooleanSupplier exited) {
        var cursor = new Cursor();
        List<LogLine> first;
        synchronized (this) {
            pump(exited.getAsBoolean());
            first = filter(readAll(), options);
            cursor.mark(current());
        }
        for (var line : first) if (!sink.accept(line)) return;
        while (!Thread.currentThread().isInterrupted()) {
            boolean done = exited.getAsBoolean();
            List<String> fresh;
            synchronized (this) {
                pump(done);
                fresh = cursor.advance(current(), rotated(1));
            }
            for (var l : fresh) {
                var line = parse(l);
                if (options.since() != null && line.time().isBefore(options.since())) continue;
                if (!sink.accept(line)) return;
            }
            if (done && fresh.isEmpty()) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Where a follower is in the stamped log: the file's identity and a byte position in it. */
    private static final class Cursor {
        private Object fileKey;
        private long position;

        void mark(Path current) {
            try {
                fileKey = Files.exists(current) ? Files.readAttributes(current, java.nio.file.attribute.BasicFileAttributes.class).fileKey() : null;
                position = Files.exists(current) ? Files.size(current) : 0;
            } catch (IOException e) {
                fileKey = null;
                position = 0;
            }
        }

        List<String> advance(Path current, Path rotated) {
            var out = new ArrayList<String>();
            try {
                Object key = Files.exists(current) ? Files.readAttributes(current, java.nio.file.attribute.BasicFileAttributes.class).fileKey() : null;
                if (fileKey != null && !fileKey.equals(key)) {
                    // rotated: finish the old file under its new name, then start the new one
                    if (Files.exists(rotated)) out.addAll(readFrom(rotated, position));
                    position = 0;
                }
                fileKey = key;
                if (key != null) {
                    out.addAll(readFrom(current, position));
                    position = Files.size(current);
                }
            } catch (IOException e) {
                // a rotation raced us; the next round catches up
            }
            return out;
        }

        private static List<String> readFrom(Path file, long position) throws IOException {
            try (var ch = FileChannel.open(file, StandardOpenOption.READ)) {
                long size = ch.size();
                if (size <= position) return List.of();
                var buf = ByteBuffer.allocate((int) (size - position));
                ch.read(buf, position);
                var text = new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
                return text.isEmpty() ? List.of() : List.of(text.split("\n"));
            }
        }
    }
}
