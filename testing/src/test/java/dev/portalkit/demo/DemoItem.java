package dev.portalkit.demo;

import java.time.Instant;
import java.util.UUID;

public record DemoItem(UUID id, String code, int quantity, Instant createdAt) {
}
