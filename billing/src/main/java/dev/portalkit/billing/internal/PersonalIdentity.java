package dev.portalkit.billing.internal;

/** The user's e-mail ({@code null}: unknown user) and name ({@code null}: not live). Not API. */
public record PersonalIdentity(String email, String name) {
}
