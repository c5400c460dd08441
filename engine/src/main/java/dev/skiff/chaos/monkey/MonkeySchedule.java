package dev.skiff.chaos.monkey;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.skiff.api.FieldError;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the monkey may act: a daily {@code window} ("10:00-16:00", end up to "24:00"), on
 * {@code days} (Mon … Sun), in {@code timeZone} (an IANA zone such as Europe/Paris). Absent parts
 * take kube-monkey's defaults: weekdays, 10:00-16:00, UTC.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MonkeySchedule(String window, List<String> days, String timeZone) {

    public static final List<String> WEEKDAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri");
    public static final MonkeySchedule DEFAULT = new MonkeySchedule("10:00-16:00", WEEKDAYS, "UTC");
    private static final Pattern WINDOW = Pattern.compile("(\\d{1,2}):(\\d{2})-(\\d{1,2}):(\\d{2})");
    private static final List<String> DAY_NAMES = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");

    public MonkeySchedule {
        days = days == null ? null : List.copyOf(days);
    }

    /** The parsed schedule. @throws IllegalArgumentException with the problems (validation catches them first) */
    @JsonIgnore
    public Window parsed() {
        List<FieldError> p = problems("schedule");
        if (!p.isEmpty()) throw new IllegalArgumentException(p.getFirst().toString());
        Matcher m = WINDOW.matcher(windowOrDefault());
        m.matches();
        int start = minutes(m.group(1), m.group(2));
        int end = minutes(m.group(3), m.group(4));
        Set<DayOfWeek> set = EnumSet.noneOf(DayOfWeek.class);
        for (String d : daysOrDefault()) set.add(day(d));
        return new Window(start, end, set, ZoneId.of(zoneOrDefault()));
    }

    /** What a plan was drawn under: a plan drawn under another schedule is drawn again. */
    @JsonIgnore
    public String basis() {
        return windowOrDefault() + " " + String.join(",", daysOrDefault()) + " " + zoneOrDefault();
    }

    /** "10:00-16:00 Mon,Tue,Wed,Thu,Fri UTC", for people. */
    @Override
    public String toString() {
        return basis();
    }

    private String windowOrDefault() {
        return window == null ? DEFAULT.window : window;
    }

    private List<String> daysOrDefault() {
        return days == null ? DEFAULT.days : days;
    }

    private String zoneOrDefault() {
        return timeZone == null ? DEFAULT.timeZone : timeZone;
    }

    List<FieldError> problems(String path) {
        List<FieldError> p = new ArrayList<>();
        Matcher m = WINDOW.matcher(windowOrDefault().trim());
        if (!m.matches()) {
            p.add(new FieldError(path + ".window", "\"" + window + "\" is not a window: use HH:MM-HH:MM, e.g. 09:00-17:00"));
        } else {
            int start = minutes(m.group(1), m.group(2));
            int end = minutes(m.group(3), m.group(4));
            if (start < 0 || end < 0 || start > 24 * 60 || end > 24 * 60) {
                p.add(new FieldError(path + ".window", "\"" + window + "\" has a time out of range: hours 00-24, minutes 00-59"));
            } else if (start >= end) {
                p.add(new FieldError(path + ".window", "\"" + window + "\" ends before it starts: a window lies within one"
                        + " day, e.g. 09:00-17:00 (use 00:00-24:00 for all day)"));
            }
        }
        List<String> d = daysOrDefault();
        if (d.isEmpty()) p.add(new FieldError(path + ".days", "required: at least one day, e.g. [Mon, Tue, Wed, Thu, Fri]"));
        for (int i = 0; i < d.size(); i++) {
            if (day(d.get(i)) == null) {
                p.add(new FieldError(path + ".days[" + i + "]", "\"" + d.get(i) + "\" is not a day: use one of " + DAY_NAMES));
            }
        }
        try {
            ZoneId.of(zoneOrDefault());
        } catch (DateTimeException e) {
            p.add(new FieldError(path + ".timeZone", "\"" + timeZone + "\" is not a time zone: use an IANA name such as"
                    + " Europe/Paris, America/New_York or UTC"));
        }
        return p;
    }

    /** Mon, monday, MON → MONDAY; null when it is no day. */
    public static DayOfWeek day(String text) {
        if (text == null || text.length() < 3) return null;
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (DayOfWeek d : DayOfWeek.values()) {
            String full = d.name().toLowerCase(Locale.ROOT);
            if (full.equals(t) || full.substring(0, 3).equals(t)) return d;
        }
        return null;
    }

    /** The short spelling used in specs: MONDAY → Mon. */
    public static String shortName(DayOfWeek d) {
        return DAY_NAMES.get(d.ordinal());
    }

    private static int minutes(String h, String m) {
        int hours = Integer.parseInt(h);
        int mins = Integer.parseInt(m);
        if (mins > 59 || hours > 24 || (hours == 24 && mins != 0)) return -1;
        return hours * 60 + mins;
    }
}
