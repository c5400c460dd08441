package dev.skiff.agent.runtime.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.skiff.agent.runtime.LogLine;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Cuts the log stream's frames into lines. Frames need not end on a line boundary, so each
 * stream (stdout, stderr) keeps its own unfinished line. With timestamps on, the daemon starts
 * every line with an RFC 3339 time and a space: that time is the line's. A line the container
 * wrote in pieces arrives as several entries (Podman's partial lines), each with its own time:
 * the continuations' times are dropped, the first one stays.
 */
final class FrameLines {

    private final Map<StreamType, ByteArrayOutputStream> partial = new EnumMap<>(StreamType.class);
    private final Consumer<LogLine> out;

    FrameLines(Consumer<LogLine> out) {
        this.out = out;
    }

    void accept(Frame frame) {
        var buffer = partial.computeIfAbsent(frame.getStreamType(), t -> new ByteArrayOutputStream());
        var payload = frame.getPayload();
        int from = buffer.size() > 0 ? stampLength(payload) : 0;
        for (int i = from; i < payload.length; i++) {
            byte b = payload[i];
            if (b == '\n') {
                emit(buffer);
            } else {
                buffer.write(b);
            }
        }
    }

    /** A last line without a newline still counts once the stream has ended. */
    void finish() {
        partial.values().forEach(b -> {
            if (b.size() > 0) emit(b);
        });
    }

    private void emit(ByteArrayOutputStream buffer) {
        var text = buffer.toString(StandardCharsets.UTF_8);
        buffer.reset();
        if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
        out.accept(parse(text));
    }

    /** The length of a leading "time " stamp, or 0 when the bytes do not start with one. */
    static int stampLength(byte[] payload) {
        int limit = Math.min(payload.length, 48);
        for (int i = 0; i < limit; i++) {
            if (payload[i] == ' ') {
                try {
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(new String(payload, 0, i, StandardCharsets.US_ASCII));
                    return i + 1;
                } catch (DateTimeParseException notStamped) {
                    return 0;
                }
            }
        }
        return 0;
    }

    static LogLine parse(String stamped) {
        var space = stamped.indexOf(' ');
        if (space > 0) {
            try {
                var time = Instant.from(DateTimeFormatter.ISO_OFFSET_DATE_TIME.parse(stamped.substring(0, space)));
                return new LogLine(time, stamped.substring(space + 1));
            } catch (DateTimeParseException notStamped) {
                // fall through: a line without a timestamp keeps its whole text
            }
        }
        return new LogLine(Instant.now(), stamped);
    }
}
