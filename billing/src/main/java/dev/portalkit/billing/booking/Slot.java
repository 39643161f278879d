package dev.portalkit.billing.booking;

import java.time.Instant;

/** A free time a customer may book, {@code [start, end)}. */
public record Slot(Instant start, Instant end) {
}
