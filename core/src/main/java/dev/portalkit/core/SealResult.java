package dev.portalkit.core;

/**
 * What one {@link ActivityLog#seal()} did.
 *
 * @param rowsSealed how many audit rows it sealed (0 when every committed row was sealed already)
 * @param checkpoint the newest checkpoint it wrote, or {@code null} when it sealed nothing
 */
public record SealResult(long rowsSealed, AuditCheckpoint checkpoint) {
}
