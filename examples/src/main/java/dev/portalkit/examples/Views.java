package dev.portalkit.examples;

import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.Money;
import dev.portalkit.billing.PricingTier;
import dev.portalkit.billing.Subscription;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.ResourceStep;
import dev.portalkit.core.ActivityEntry;
import dev.portalkit.core.ValidationException;
import dev.portalkit.messaging.Message;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON views of PortalKit's records (never the whole record: a {@link User} carries its last login
 * IP, for instance) and the parsing of path and query values into PortalKit's types, each failure a
 * {@link ValidationException} on the parameter's name. Both example portals answer with these, so
 * their JSON is the same by construction.
 */
public final class Views {

    private Views() {
    }

    public static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("email", u.email());
        m.put("displayName", u.displayName());
        m.put("role", u.role());
        m.put("createdAt", u.createdAt());
        return m;
    }

    public static Map<String, Object> tier(PricingTier t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("code", t.code());
        m.put("name", t.name());
        m.put("description", t.description());
        m.put("amountMinor", t.amountMinor());
        m.put("currency", t.currency());
        m.put("price", new Money(t.amountMinor(), t.currency()).toString());
        m.put("interval", t.billingInterval());
        m.put("intervalCount", t.intervalCount());
        m.put("trialDays", t.trialDays());
        m.put("features", t.features());
        return m;
    }

    public static Map<String, Object> subscription(Subscription s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("tierId", s.tierId());
        m.put("status", s.status());
        m.put("price", new Money(s.amountMinor(), s.currency()).toString());
        m.put("currentPeriodStart", s.currentPeriodStart());
        m.put("currentPeriodEnd", s.currentPeriodEnd());
        m.put("trialEnd", s.trialEnd());
        m.put("cancelAtPeriodEnd", s.cancelAtPeriodEnd());
        m.put("endedAt", s.endedAt());
        m.put("periodIndex", s.periodIndex());
        return m;
    }

    /** A session without its token; the user agent and address so a person recognises their devices. */
    public static Map<String, Object> session(dev.portalkit.auth.Session s, java.util.UUID current) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", s.id());
        m.put("current", s.id().equals(current));
        m.put("createdAt", s.createdAt());
        m.put("lastSeenAt", s.lastSeenAt());
        m.put("ip", s.ip());
        m.put("userAgent", s.userAgent());
        return m;
    }

    public static Map<String, Object> booking(Booking b) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", b.id());
        m.put("providerId", b.providerId());
        m.put("start", b.startsAt());
        m.put("end", b.endsAt());
        m.put("timeZone", b.timeZone());
        m.put("title", b.title());
        m.put("status", b.status());
        return m;
    }

    public static Map<String, Object> card(ResourceCard c, List<ResourceStep> steps) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("slug", c.slug());
        m.put("title", c.title());
        m.put("summary", c.summary());
        m.put("category", c.category());
        m.put("tags", c.tags());
        m.put("publishedAt", c.publishedAt());
        if (steps != null) {
            m.put("body", c.body());
            m.put("steps", steps.stream().map(s -> {
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("position", s.position());
                sm.put("title", s.title());
                sm.put("body", s.body());
                sm.put("estimatedMinutes", s.estimatedMinutes());
                return sm;
            }).toList());
        }
        return m;
    }

    /** {@code names}: the sender names already looked up, shared across one list's messages. */
    public static Map<String, Object> message(Message msg, Map<UUID, String> names, UserService users) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", msg.id());
        m.put("threadId", msg.threadId());
        m.put("from", msg.senderId());
        m.put("fromName", msg.senderId() == null ? null : names.computeIfAbsent(msg.senderId(),
                sender -> users.find(sender).map(User::displayName).orElse("(deleted user)")));
        m.put("to", msg.recipientId());
        m.put("subject", msg.subject());
        m.put("body", msg.body());
        m.put("read", msg.read());
        m.put("sentAt", msg.createdAt());
        return m;
    }

    public static Map<String, Object> activity(ActivityEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("occurredAt", e.occurredAt());
        m.put("actorEmail", e.actorEmail());
        m.put("actorRole", e.actorRole());
        m.put("action", e.action());
        m.put("entityType", e.entityType());
        m.put("entityId", e.entityId());
        m.put("ip", e.ip());
        return m;
    }

    public static UUID uuid(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "is required");
        }
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new ValidationException(field, "is not an id");
        }
    }

    public static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new ValidationException(field, "is required");
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "must be an ISO-8601 instant such as 2026-03-02T09:00:00Z");
        }
    }

    public static int integer(String field, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ValidationException(field, "must be a whole number from " + min + " to " + max);
    }
}
