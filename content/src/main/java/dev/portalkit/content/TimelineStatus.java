package dev.portalkit.content;

public enum TimelineStatus {
    PLANNED, IN_PROGRESS, DONE, BLOCKED
}
