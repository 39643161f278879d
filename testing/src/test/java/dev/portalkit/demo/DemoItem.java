package dev.portalkit.demo;

import java.time.Instant;
import java.util.UUID;

public record DemoItem(UUID id, String code, Color color, java.util.List<String> tags, int quantity, Instant createdAt) {

    public enum Color { RED, GREEN, BLUE }
}
