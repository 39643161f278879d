package dev.portalkit.billing.booking;

import java.nio.charset.StandardCharsets;

/**
 * An iCalendar (RFC 5545) object, ready to attach to an e-mail or serve as a feed.
 *
 * @param filename    e.g. {@code booking-<id>.ics}: ASCII, no path
 * @param contentType {@code text/calendar; charset=UTF-8; method=PUBLISH}, matching the object's METHOD
 * @param text        the object: CRLF line ends, lines folded at 75 octets, text escaped
 */
public record CalendarFile(String filename, String contentType, String text) {

    /** The text as UTF-8, what the content type's charset says. */
    public byte[] bytes() {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
