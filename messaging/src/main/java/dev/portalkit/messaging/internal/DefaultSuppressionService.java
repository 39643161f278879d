package dev.portalkit.messaging.internal;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.messaging.OptOut;
import dev.portalkit.messaging.SuppressionService;
import dev.portalkit.messaging.TemplateContent;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Opt-outs and suppression resets. Audit rows name the category, never the address (the row's id
 * leads to it while it exists; erasure removes it). Not API: create through the Portal.
 */
public final class DefaultSuppressionService extends MessagingServiceBase implements SuppressionService {

    private final UnsubscribeTokens tokens;

    DefaultSuppressionService(MessagingContext m, UnsubscribeTokens tokens) {
        super(m);
        this.tokens = tokens;
    }

    @Override
    public OptOut unsubscribe(String token, CallContext context) {
        UnsubscribeTokens.Subject s = tokens.verify(token);
        // A token is only ever signed for a valid address and category; checked again all the same.
        return record(s.address(), s.category(), "link", "email.unsubscribed", context);
    }

    @Override
    public String unsubscribeUrl(String address, String category) {
        String a = checked(address, category);
        return tokens.url(a, category);
    }

    @Override
    public OptOut optOut(String address, String category, CallContext context) {
        String a = checked(address, category);
        return record(a, category, "support", "email.opt_out_added", context);
    }

    private OptOut record(String address, String category, String source, String action, CallContext context) {
        String a = checked(address, category);
        return m.tx.call(() -> {
            OptOut created = suppressions().insertOptOut(a, category, source);
            if (created == null) {
                return suppressions().findOptOut(a, category);
            }
            m.audit(action, "email_opt_out", created.id(), null, Map.of("category", category, "source", source),
                    null, context);
            return created;
        });
    }

    @Override
    public boolean optedOut(String address, String category) {
        String a = lowerOrNull(address);
        if (a == null || category == null || !validCategory(category)) {
            return false;
        }
        return m.tx.read(() -> suppressions().findOptOut(a, category)) != null;
    }

    @Override
    public List<OptOut> optOuts(String address) {
        String a = lowerOrNull(address);
        return a == null ? List.of() : m.tx.read(() -> suppressions().optOuts(a));
    }

    @Override
    public boolean removeOptOut(String address, String category, CallContext context) {
        String a = checked(address, category);
        return m.tx.call(() -> {
            UUID id = suppressions().deleteOptOut(a, category);
            if (id != null) {
                m.audit("email.opt_out_removed", "email_opt_out", id, Map.of("category", category), null, null, context);
            }
            return id != null;
        });
    }

    @Override
    public boolean unsuppress(String address, CallContext context) {
        String a = lowerOrNull(address);
        new Validation().check("address", a != null, "must be an e-mail address such as ann@example.com").throwIfInvalid();
        return m.tx.call(() -> {
            if (!m.logs().suppressed(a)) {
                return false;
            }
            UUID id = suppressions().resetSuppression(a, m.now());
            m.audit("email.unsuppressed", "email_suppression_reset", id, null, null, null, context);
            return true;
        });
    }

    private SuppressionMapper suppressions() {
        return m.mapper(SuppressionMapper.class);
    }

    /** The lowercased address; throws one ValidationException naming every bad field. */
    private static String checked(String address, String category) {
        String a = lowerOrNull(address);
        new Validation()
                .check("address", a != null, "must be an e-mail address such as ann@example.com")
                .check("category", category != null && validCategory(category),
                        "must be a non-transactional category such as newsletter")
                .throwIfInvalid();
        return a;
    }

    static boolean validCategory(String category) {
        return DefaultEmailTemplateService.CATEGORY.matcher(category).matches()
                && !TemplateContent.TRANSACTIONAL.equals(category);
    }

    private static String lowerOrNull(String address) {
        if (address == null) {
            return null;
        }
        String t = address.strip();
        return Addresses.valid(t) ? t.toLowerCase(Locale.ROOT) : null;
    }
}
