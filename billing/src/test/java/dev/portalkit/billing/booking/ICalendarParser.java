package dev.portalkit.billing.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict reader of the iCalendar objects billing writes, independent of the writer: it checks the octets
 * (CRLF only, no physical line over 75 octets, every line valid UTF-8 on its own so no fold splits a
 * character), unfolds, parses each content line into name, parameters and value, checks BEGIN/END nesting,
 * unescapes TEXT values, and resolves a TZID date-time through the object's own VTIMEZONE (not Java's zone
 * rules).
 */
public final class ICalendarParser {

    /** A content line: its name, parameters and raw (still escaped) value. */
    public record Property(String name, Map<String, String> params, String value) {
    }

    /** A component (VCALENDAR, VEVENT, VTIMEZONE, STANDARD, DAYLIGHT) with its properties and children. */
    public record Component(String name, List<Property> properties, List<Component> children) {

        public Property property(String name) {
            List<Property> found = properties.stream().filter(p -> p.name().equals(name)).toList();
            assertThat(found).as("%s in %s", name, this.name).hasSize(1);
            return found.get(0);
        }

        public boolean has(String name) {
            return properties.stream().anyMatch(p -> p.name().equals(name));
        }

        public String value(String name) {
            return property(name).value();
        }

        public List<Component> all(String name) {
            return children.stream().filter(c -> c.name().equals(name)).toList();
        }
    }

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss");

    private ICalendarParser() {
    }

    /** The VCALENDAR in {@code bytes}, after every octet-level check. */
    public static Component parse(byte[] bytes) {
        List<String> physical = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                assertThat(i > 0 && bytes[i - 1] == '\r').as("LF at %d not preceded by CR", i).isTrue();
                int end = i - 1;
                assertThat(end - start).as("octets of line %d", physical.size() + 1).isLessThanOrEqualTo(75);
                physical.add(decode(bytes, start, end));
                start = i + 1;
            } else if (bytes[i] == '\r') {
                assertThat(i + 1 < bytes.length && bytes[i + 1] == '\n').as("CR at %d not followed by LF", i).isTrue();
            }
        }
        assertThat(start).as("the object ends with CRLF").isEqualTo(bytes.length);
        List<String> lines = new ArrayList<>();
        for (String p : physical) {
            if (p.startsWith(" ") || p.startsWith("\t")) {
                assertThat(lines).as("a continuation line first").isNotEmpty();
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + p.substring(1));
            } else {
                lines.add(p);
            }
        }
        Deque<Component> open = new ArrayDeque<>();
        Component root = null;
        for (String line : lines) {
            for (char c : line.toCharArray()) {
                assertThat(c < 0x20 && c != '\t' || c == 0x7f).as("control character in %s", line).isFalse();
            }
            Property p = property(line);
            if (p.name().equals("BEGIN")) {
                Component c = new Component(p.value(), new ArrayList<>(), new ArrayList<>());
                if (open.isEmpty()) {
                    assertThat(root).as("one object").isNull();
                    root = c;
                } else {
                    open.peek().children().add(c);
                }
                open.push(c);
            } else if (p.name().equals("END")) {
                assertThat(open).as("END:%s without BEGIN", p.value()).isNotEmpty();
                assertThat(open.pop().name()).isEqualTo(p.value());
            } else {
                assertThat(open).as("property outside a component: %s", line).isNotEmpty();
                open.peek().properties().add(p);
            }
        }
        assertThat(open).as("unclosed components").isEmpty();
        assertThat(root).isNotNull();
        assertThat(root.name()).isEqualTo("VCALENDAR");
        return root;
    }

    private static String decode(byte[] bytes, int from, int to) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, from, to - from))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new AssertionError("a physical line is not UTF-8 on its own (a fold split a character): "
                    + new String(bytes, from, to - from, StandardCharsets.UTF_8), e);
        }
    }

    /** name *(";" param) ":" value, parameter values optionally quoted. */
    private static Property property(String line) {
        int i = 0;
        while (i < line.length() && (Character.isLetterOrDigit(line.charAt(i)) || line.charAt(i) == '-')) {
            i++;
        }
        assertThat(i).as("a name in %s", line).isPositive();
        String name = line.substring(0, i);
        Map<String, String> params = new LinkedHashMap<>();
        while (line.charAt(i) == ';') {
            int eq = line.indexOf('=', i);
            String key = line.substring(i + 1, eq);
            i = eq + 1;
            String value;
            if (line.charAt(i) == '"') {
                int close = line.indexOf('"', i + 1);
                value = line.substring(i + 1, close);
                i = close + 1;
            } else {
                int j = i;
                while (line.charAt(j) != ';' && line.charAt(j) != ':' && line.charAt(j) != ',') {
                    j++;
                }
                value = line.substring(i, j);
                i = j;
            }
            params.put(key, value);
        }
        assertThat(line.charAt(i)).as("':' after the name and parameters of %s", line).isEqualTo(':');
        return new Property(name, params, line.substring(i + 1));
    }

    /** A TEXT value unescaped; fails on a bare comma or semicolon or an unknown escape. */
    public static String text(String escaped) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c == '\\') {
                char n = escaped.charAt(++i);
                switch (n) {
                    case '\\', ';', ',' -> b.append(n);
                    case 'n', 'N' -> b.append('\n');
                    default -> throw new AssertionError("unknown escape \\" + n + " in " + escaped);
                }
            } else {
                assertThat(c == ',' || c == ';').as("unescaped %s in %s", c, escaped).isFalse();
                b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * The instant of a DATE-TIME property: UTC ({@code Z}), or local with a TZID resolved through the
     * calendar's VTIMEZONE of that TZID: the offset of the latest observance whose onset is not after it.
     */
    public static Instant instant(Component calendar, Property p) {
        if (p.value().endsWith("Z")) {
            return LocalDateTime.parse(p.value().substring(0, 15), LOCAL).toInstant(ZoneOffset.UTC);
        }
        String tzid = p.params().get("TZID");
        assertThat(tzid).as("TZID of %s", p).isNotNull();
        LocalDateTime local = LocalDateTime.parse(p.value(), LOCAL);
        List<Component> zones = calendar.all("VTIMEZONE").stream().filter(z -> z.value("TZID").equals(tzid)).toList();
        assertThat(zones).as("VTIMEZONE %s", tzid).hasSize(1);
        // Each observance starts at the instant of its DTSTART read in TZOFFSETFROM. The local time means the
        // earliest instant, among its readings in each offset, at which the observance in force has that offset
        // (RFC 5545 3.3.5: a local time that occurs twice is the first one).
        List<Map.Entry<Instant, ZoneOffset>> observances = new ArrayList<>();
        for (Component o : zones.get(0).children()) {
            observances.add(Map.entry(LocalDateTime.parse(o.value("DTSTART"), LOCAL)
                    .toInstant(offset(o.value("TZOFFSETFROM"))), offset(o.value("TZOFFSETTO"))));
        }
        Instant best = null;
        for (Map.Entry<Instant, ZoneOffset> candidate : observances) {
            Instant at = local.toInstant(candidate.getValue());
            Map.Entry<Instant, ZoneOffset> inForce = null;
            for (Map.Entry<Instant, ZoneOffset> o : observances) {
                if (!o.getKey().isAfter(at) && (inForce == null || o.getKey().isAfter(inForce.getKey()))) {
                    inForce = o;
                }
            }
            if (inForce != null && inForce.getValue().equals(candidate.getValue()) && (best == null || at.isBefore(best))) {
                best = at;
            }
        }
        assertThat(best).as("an observance of %s in force at %s", tzid, local).isNotNull();
        return best;
    }

    private static ZoneOffset offset(String v) {
        assertThat(v).matches("[+-]\\d{4}(\\d{2})?");
        int sign = v.charAt(0) == '-' ? -1 : 1;
        int h = Integer.parseInt(v.substring(1, 3));
        int m = Integer.parseInt(v.substring(3, 5));
        int s = v.length() > 5 ? Integer.parseInt(v.substring(5, 7)) : 0;
        return ZoneOffset.ofTotalSeconds(sign * (h * 3600 + m * 60 + s));
    }
}
