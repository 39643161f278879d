package dev.portalkit.auth.internal;

import java.util.UUID;

/** The user (and e-mail, for verification) a consumed token belonged to. Not API. */
public record TokenRow(UUID userId, String email) {
}
