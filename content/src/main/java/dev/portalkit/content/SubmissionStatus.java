package dev.portalkit.content;

public enum SubmissionStatus {
    NEW, READ, REPLIED, SPAM, ARCHIVED
}
