package dev.portalkit.billing.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes iCalendar objects (RFC 5545): CRLF line ends, content lines folded at 75 octets (never inside a
 * UTF-8 sequence), TEXT values escaped (3.3.11), and a VTIMEZONE per zone used, built from the zone's
 * transitions around the events, so a DTSTART with a TZID means the same instant in any client. Not API.
 */
final class ICalendar {

    static final String PRODID = "-//PortalKit//portalkit-billing//EN";
    private static final int MAX_OCTETS = 75;
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");
    /** How far around the events the VTIMEZONE's transitions reach: a client expanding them needs no more. */
    private static final Duration MARGIN = Duration.ofDays(366);

    /** One VEVENT. {@code status} is an iCalendar STATUS: TENTATIVE, CONFIRMED or CANCELLED. */
    record Event(String uid, int sequence, Instant start, Instant end, ZoneId zone, String summary,
                 String description, String location, String url, String status, Instant created,
                 Instant lastModified) {
    }

    private final StringBuilder out = new StringBuilder();

    private ICalendar() {
    }

    /** A VCALENDAR with {@code method} (PUBLISH) holding {@code events}, stamped {@code stamp}. */
    static String write(String method, List<Event> events, Instant stamp) {
        ICalendar c = new ICalendar();
        c.line("BEGIN:VCALENDAR");
        c.line("VERSION:2.0");
        c.line("PRODID:" + PRODID);
        c.line("CALSCALE:GREGORIAN");
        c.line("METHOD:" + method);
        // One VTIMEZONE per zone, covering every event in it (RFC 5545 3.6.5: it must cover the DATE-TIMEs).
        Map<String, Instant[]> ranges = new TreeMap<>();
        Map<String, ZoneId> zones = new TreeMap<>();
        for (Event e : events) {
            zones.put(e.zone().getId(), e.zone());
            ranges.merge(e.zone().getId(), new Instant[] {e.start(), e.end()}, (a, b) -> new Instant[] {
                    a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
        }
        zones.forEach((id, zone) -> c.timeZone(zone, ranges.get(id)[0], ranges.get(id)[1]));
        for (Event e : events) {
            c.event(e, stamp);
        }
        c.line("END:VCALENDAR");
        return c.out.toString();
    }

    private void event(Event e, Instant stamp) {
        line("BEGIN:VEVENT");
        line("UID:" + text(e.uid()));
        line("DTSTAMP:" + utc(stamp));
        line("DTSTART" + dateTime(e.start(), e.zone()));
        line("DTEND" + dateTime(e.end(), e.zone()));
        line("SEQUENCE:" + e.sequence());
        line("STATUS:" + e.status());
        line("SUMMARY:" + text(e.summary()));
        if (e.description() != null) {
            line("DESCRIPTION:" + text(e.description()));
        }
        if (e.location() != null) {
            line("LOCATION:" + text(e.location()));
        }
        if (e.url() != null) { // a URI value, not TEXT: not escaped (validated as http(s) without spaces)
            line("URL:" + e.url());
        }
        line("TRANSP:" + ("CANCELLED".equals(e.status()) ? "TRANSPARENT" : "OPAQUE"));
        if (e.created() != null) {
            line("CREATED:" + utc(e.created()));
        }
        if (e.lastModified() != null) {
            line("LAST-MODIFIED:" + utc(e.lastModified()));
        }
        line("END:VEVENT");
    }

    /**
     * {@code ;TZID=zone:local}, or {@code :utcZ} for a local time that occurs twice (fall back) at its second
     * occurrence: a TZID time that occurs twice means the first one (RFC 5545 3.3.5).
     */
    static String dateTime(Instant at, ZoneId zone) {
        LocalDateTime local = LocalDateTime.ofInstant(at, zone);
        List<ZoneOffset> valid = zone.getRules().getValidOffsets(local);
        if (valid.size() > 1 && !valid.get(0).equals(zone.getRules().getOffset(at))) {
            return ":" + utc(at);
        }
        return ";TZID=" + param(zone.getId()) + ":" + LOCAL.format(local);
    }

    /** The zone's offsets from the transition in force {@link #MARGIN} before {@code from} to MARGIN after {@code to}. */
    private void timeZone(ZoneId zone, Instant from, Instant to) {
        ZoneRules rules = zone.getRules();
        Instant start = from.minus(MARGIN);
        Instant end = to.plus(MARGIN);
        List<ZoneOffsetTransition> transitions = new ArrayList<>();
        ZoneOffsetTransition before = rules.previousTransition(start);
        if (before != null) {
            transitions.add(before);
        }
        for (ZoneOffsetTransition t = rules.nextTransition(start); t != null && !t.getInstant().isAfter(end);
             t = rules.nextTransition(t.getInstant())) {
            transitions.add(t);
        }
        line("BEGIN:VTIMEZONE");
        line("TZID:" + zone.getId());
        if (before == null) { // no change before the window (a fixed offset, UTC): its offset from the window's start
            ZoneOffset offset = rules.getOffset(start);
            observance("STANDARD", LocalDateTime.ofInstant(start, offset), offset, offset);
        }
        for (ZoneOffsetTransition t : transitions) {
            // DTSTART of an observance is the local time of its onset in the offset before it (3.6.5).
            observance(rules.isDaylightSavings(t.getInstant()) ? "DAYLIGHT" : "STANDARD", t.getDateTimeBefore(),
                    t.getOffsetBefore(), t.getOffsetAfter());
        }
        line("END:VTIMEZONE");
    }

    private void observance(String kind, LocalDateTime onset, ZoneOffset fromOffset, ZoneOffset toOffset) {
        line("BEGIN:" + kind);
        line("DTSTART:" + LOCAL.format(onset));
        line("TZOFFSETFROM:" + offset(fromOffset));
        line("TZOFFSETTO:" + offset(toOffset));
        line("END:" + kind);
    }

    /** UTC-OFFSET (3.3.14): +HHMM, or +HHMMSS when there are seconds; -0000 is not allowed. */
    static String offset(ZoneOffset o) {
        int total = o.getTotalSeconds();
        int abs = Math.abs(total);
        String s = String.format("%s%02d%02d", total < 0 ? "-" : "+", abs / 3600, abs / 60 % 60);
        return abs % 60 == 0 ? s : s + String.format("%02d", abs % 60);
    }

    static String utc(Instant at) {
        return LOCAL.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC)) + "Z";
    }

    /** A parameter value (3.2): quoted when it holds a character that would end it. */
    static String param(String value) {
        String v = value.replace("\"", "");
        return v.matches(".*[:;,].*") ? "\"" + v + "\"" : v;
    }

    /**
     * A TEXT value (3.3.11): backslash, semicolon and comma escaped, every line break (CRLF, LF, CR) as
     * {@code \n}; other control characters, which a content line may not hold, become spaces.
     */
    static String text(String value) {
        StringBuilder b = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case ';' -> b.append("\\;");
                case ',' -> b.append("\\,");
                case '\n' -> b.append("\\n");
                case '\r' -> {
                    b.append("\\n");
                    if (i + 1 < value.length() && value.charAt(i + 1) == '\n') {
                        i++;
                    }
                }
                default -> b.append(c < 0x20 && c != '\t' || c == 0x7f ? ' ' : c);
            }
        }
        return b.toString();
    }

    /** Appends one content line, folded so that no line is longer than 75 octets of UTF-8, and CRLF. */
    private void line(String content) {
        out.append(fold(content));
    }

    static String fold(String content) {
        StringBuilder b = new StringBuilder(content.length() + 8);
        int octets = 0;
        for (int i = 0; i < content.length(); ) {
            int cp = content.codePointAt(i);
            int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (octets + n > MAX_OCTETS) {
                b.append("\r\n ");
                octets = 1; // the continuation line's leading space counts
            }
            b.appendCodePoint(cp);
            octets += n;
            i += Character.charCount(cp);
        }
        return b.append("\r\n").toString();
    }
}
