package dev.portalkit.core;

import java.util.List;

/**
 * The result of {@link ActivityLog#verify()}: sealed rows are checked, newest unsealed ones only counted.
 *
 * @param rowsChecked         how many sealed rows were checked (from the starting checkpoint on)
 * @param firstBrokenSequence the {@code seq} of the first row that fails, when a row can be named
 *                            (a seal with no row names the row it sealed), or {@code null}
 * @param problem             what is wrong there, or {@code null} when intact
 * @param firstBrokenPosition the chain position where verification failed, or {@code null} when intact
 * @param unsealedRows        committed rows after the last seal (not yet sealed, so not checked);
 *                            counted up to 1,000,000
 * @param redactedRows        checked rows whose personal fields were erased ({@link ActivityLog#erasePersonalData})
 * @param redactedSequences   their {@code seq}, the first 1,000
 * @param end                 the chain's value at the last checked position (compare it with the host's
 *                            own copy, keep it as the next starting point), or {@code null} when nothing was checked
 * @param keyed               whether the seals were checked with the host's keys (else as an unkeyed SHA-256
 *                            chain, which shows accidental change but not an owner's rewrite)
 */
public record AuditVerification(long rowsChecked, Long firstBrokenSequence, String problem, Long firstBrokenPosition,
                                long unsealedRows, long redactedRows, List<Long> redactedSequences,
                                AuditCheckpoint end, boolean keyed) {

    public AuditVerification {
        redactedSequences = List.copyOf(redactedSequences);
    }

    public boolean intact() {
        return problem == null;
    }
}
