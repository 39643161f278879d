package dev.portalkit.core;

import java.util.UUID;

/**
 * Data-subject requests (GDPR articles 15, 17 and 20) across every installed module:
 * {@code portal.privacy()} or {@code portal.service(PrivacyService.class)}.
 */
public interface PrivacyService {

    /**
     * Everything PortalKit holds about {@code userId}, from every installed module, as one JSON
     * document: {@code {"userId": ..., "exportedAt": ..., "<module>": {...}, ...}}, read in one
     * repeatable-read transaction so the parts agree. Never holds a secret (password, token or
     * recovery-code hashes, the TOTP secret).
     *
     * @throws NotFoundException no such user (deleted users are exported too)
     */
    String export(UUID userId);

    /**
     * Removes or anonymises the personal data of {@code userId} in every installed module, in one
     * transaction: the dependent modules first, then the account (kept as an anonymous row, so the
     * payments the law keeps still point at it), then the audit trail's personal fields
     * ({@link ActivityLog#erasePersonalData}), which keeps verifying. Audited as
     * one row ({@code audit.personal_data_erased}) holding each module's count of rows, no personal data. A second call finds nothing left:
     * {@link ErasureReport#rows()} is 0.
     *
     * @param context who asks; when it is the user themselves, their ip and user agent are not
     *                written to the audit row of the erasure
     * @throws NotFoundException no such user
     */
    ErasureReport erase(UUID userId, CallContext context);
}
