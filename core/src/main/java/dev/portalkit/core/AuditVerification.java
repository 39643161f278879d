package dev.portalkit.core;

/**
 * The result of {@link ActivityLog#verify()}.
 *
 * @param rowsChecked   how many rows were read
 * @param firstBrokenSequence the first row whose hash or link does not match, or {@code null} when intact
 * @param problem       what is wrong with that row, or {@code null}
 */
public record AuditVerification(long rowsChecked, Long firstBrokenSequence, String problem) {

    public boolean intact() {
        return firstBrokenSequence == null && problem == null;
    }
}
