package dev.portalkit.messaging;

import dev.portalkit.core.CallContext;
import java.util.List;

/**
 * Who does not get which e-mail: per-category opt-outs (RFC 8058 one-click unsubscribe) and the hard
 * suppression of addresses that bounced or complained, with the calls support staff need to lift them.
 * Opt-outs apply to e-mails of non-transactional categories only ({@link TemplateContent#category()});
 * transactional e-mail is still sent. Addresses are compared case-insensitively.
 */
public interface SuppressionService {

    /**
     * What the host's unsubscribe endpoint calls with the {@code token} of the link on the one-click POST
     * ({@code List-Unsubscribe=One-Click}); a GET of the link should only show a page that POSTs, since mail
     * scanners fetch links (RFC 8058):
     * verifies the token's HMAC in constant time and records that its address opts out of its category.
     * Idempotent: a second call answers the same opt-out and writes nothing.
     *
     * @throws InvalidUnsubscribeTokenException the token is malformed, altered or signed under another key
     *         (PK-5007, nothing written)
     * @throws MessagingNotConfiguredException no {@link MessagingOptions.Builder#unsubscribe} key
     */
    OptOut unsubscribe(String token, CallContext context);

    /**
     * The one-click link for {@code address} and {@code category}, as delivery puts it in {@code List-Unsubscribe}
     * (e.g. for a visible "unsubscribe" link in the body).
     *
     * @throws dev.portalkit.core.ValidationException a bad address, or a transactional or malformed category
     * @throws MessagingNotConfiguredException no {@link MessagingOptions.Builder#unsubscribe} key
     */
    String unsubscribeUrl(String address, String category);

    /** Records an opt-out for support staff (source {@code support}); idempotent. */
    OptOut optOut(String address, String category, CallContext context);

    /** Whether {@code address} opted out of {@code category}; {@code false} for transactional mail and bad input. */
    boolean optedOut(String address, String category);

    /** The address's opt-outs, by category; empty for a bad address. */
    List<OptOut> optOuts(String address);

    /**
     * Removes an opt-out (support staff, audited as {@code email.opt_out_removed}).
     *
     * @return whether there was one
     */
    boolean removeOptOut(String address, String category, CallContext context);

    /**
     * Lifts the hard suppression of an address (its bounces and complaints so far no longer count; a later
     * one suppresses it again), audited as {@code email.unsuppressed}. E-mails already SUPPRESSED stay so.
     *
     * @return whether the address was suppressed
     */
    boolean unsuppress(String address, CallContext context);
}
