package dev.portalkit.spring;

import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalHealth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * The {@code portalkit} health component: DOWN when the database does not answer or the schema is not as
 * PortalKit's migrations make it (details: {@code problems}); {@link #DEGRADED} when the oldest due
 * e-mail in the outbox waits longer than {@code portalkit.health.outbox-max-age} (messaging installed;
 * details: {@code outboxWaiting}, {@code outboxOldestAge}); UP otherwise. Portal.health() takes a
 * connection and checks the schema, so an answer is reused for {@code portalkit.health.cache-for}.
 *
 * <p>DEGRADED is a status of PortalKit's own: Spring Boot's aggregate ranks it only when listed in
 * {@code management.endpoint.health.status.order}, e.g. {@code DOWN,OUT_OF_SERVICE,DEGRADED,UP,UNKNOWN}.
 */
public final class PortalKitHealthIndicator implements HealthIndicator {

    /** The outbox delivers, but late. */
    public static final Status DEGRADED = new Status("DEGRADED", "e-mail waits in the outbox longer than allowed");

    /** What the outbox holds: due e-mails waiting, and the age of the oldest (null when none). */
    public record Outbox(long waiting, Duration oldestAge) {
    }

    private final Portal portal;
    private final Supplier<Outbox> outbox;
    private final Duration outboxMaxAge;
    private final long cacheNanos;
    private volatile Health cached;
    private volatile long cachedAt;

    /**
     * @param outbox the outbox's state, or null without messaging
     */
    public PortalKitHealthIndicator(Portal portal, Supplier<Outbox> outbox, Duration outboxMaxAge, Duration cacheFor) {
        this.portal = portal;
        this.outbox = outbox;
        this.outboxMaxAge = outboxMaxAge;
        this.cacheNanos = cacheFor == null || cacheFor.isNegative() ? 0 : cacheFor.toNanos();
    }

    @Override
    public Health health() {
        Health h = cached;
        long now = System.nanoTime();
        if (h != null && now - cachedAt < cacheNanos) {
            return h;
        }
        h = check();
        cached = h;
        cachedAt = now;
        return h;
    }

    private Health check() {
        PortalHealth health;
        try {
            health = portal.health();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.toString()).build();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("schema", portal.schema());
        details.put("databaseReachable", health.databaseReachable());
        if (!health.problems().isEmpty()) {
            details.put("problems", health.problems());
        }
        if (!health.healthy()) {
            return Health.down().withDetails(details).build();
        }
        Status status = Status.UP;
        if (outbox != null) {
            try {
                Outbox o = outbox.get();
                details.put("outboxWaiting", o.waiting());
                details.put("outboxOldestAge", o.oldestAge() == null ? null : o.oldestAge().toString());
                if (o.oldestAge() != null && outboxMaxAge != null && o.oldestAge().compareTo(outboxMaxAge) > 0) {
                    status = DEGRADED;
                    details.put("outboxMaxAge", outboxMaxAge.toString());
                }
            } catch (RuntimeException e) {
                return Health.down().withDetails(details).withDetail("error", e.toString()).build();
            }
        }
        return Health.status(status).withDetails(details).build();
    }
}
