package dev.portalkit.content;

public enum TimelineKind {
    MILESTONE, TASK, EVENT
}
