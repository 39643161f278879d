package dev.portalkit.messaging;

import dev.portalkit.core.Nullable;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Versioned e-mail templates, one per key and locale, rendered with Mustache (jmustache).
 * Locales are BCP 47 tags ({@code de}, {@code de-AT}); finding a template falls back from the most
 * specific tag to shorter ones, then to {@link MessagingOptions#defaultLocale()}:
 * {@code de-AT} tries {@code de-AT}, {@code de}, then {@code en}.
 */
public interface EmailTemplateService {

    /**
     * Creates version 1 of a template. Every subject and body must compile.
     *
     * @throws TemplateExistsException a live template has this key and locale
     * @throws dev.portalkit.core.ValidationException a bad key, locale, subject or body (nothing written)
     */
    EmailTemplate create(String key, String locale, TemplateContent content, CallContext context);

    /**
     * Writes a new version of the live template with this key and locale; the previous version is
     * kept, superseded.
     *
     * @param expectedVersion the version the caller edited
     * @throws dev.portalkit.core.StaleVersionException someone else wrote a newer version meanwhile
     * @throws dev.portalkit.core.NotFoundException no live template has exactly this key and locale
     *         (PK-1011, entity {@code "Email template"}, id {@code key/locale})
     */
    EmailTemplate update(String key, String locale, TemplateContent content, int expectedVersion, CallContext context);

    /** The live template with exactly this key and locale (no fallback). */
    Optional<EmailTemplate> find(String key, String locale);

    /**
     * The live template for {@code key} in {@code locale} or the nearest fallback locale.
     *
     * @param locale {@code null} for the default locale
     * @throws dev.portalkit.core.NotFoundException none in any of them (PK-1011, id {@code key/locale})
     */
    EmailTemplate resolve(String key, @Nullable String locale);

    /** Every version of this key and locale, newest first, deleted ones included. */
    List<EmailTemplate> versions(String key, String locale);

    /** Live templates (current versions), ordered by key then locale. */
    Page<EmailTemplate> list(PageRequest page);

    /**
     * Renders the template for {@code key} (with locale fallback) without sending or writing anything.
     *
     * @throws TemplateRenderException a declared variable is missing from the model, or the template
     *                                 refers to a value the model does not have
     */
    RenderedEmail preview(String key, @Nullable String locale, @Nullable Map<String, ?> model);

    /** {@link #preview(String, String, Map)} in the default locale. */
    default RenderedEmail preview(String key, @Nullable Map<String, ?> model) {
        return preview(key, null, model);
    }

    /** Soft-deletes the live template with this key and locale; e-mails already queued still send. */
    void delete(String key, String locale, CallContext context);

    /**
     * Makes the most recently deleted version of this key and locale live again.
     *
     * @throws TemplateExistsException a live template with this key and locale was created meanwhile
     */
    EmailTemplate restore(String key, String locale, CallContext context);
}
