package dev.portalkit.messaging.internal;

import dev.portalkit.core.CallContext;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.StaleVersionException;
import dev.portalkit.core.spi.Cursors;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.messaging.EmailTemplate;
import dev.portalkit.messaging.EmailTemplateService;
import dev.portalkit.messaging.RenderedEmail;
import dev.portalkit.messaging.TemplateContent;
import dev.portalkit.messaging.TemplateExistsException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Not API: create through the Portal. */
public final class DefaultEmailTemplateService extends MessagingServiceBase implements EmailTemplateService {

    static final Pattern KEY = Pattern.compile("[a-z0-9]+([._-][a-z0-9]+)*");
    /** A category key, as V9's CHECKs: safe in a signed token and a URL. */
    public static final Pattern CATEGORY = Pattern.compile("[a-z][a-z0-9_-]{0,39}");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final int MAX_BODY = 1_000_000;
    private static final int MAX_VARIABLES = 100;

    DefaultEmailTemplateService(MessagingContext m) {
        super(m);
    }

    @Override
    public EmailTemplate create(String key, String locale, TemplateContent content, CallContext context) {
        Validation v = new Validation();
        String tag = checkKeyAndLocale(v, key, locale);
        checkContent(v, content);
        v.throwIfInvalid();
        return m.tx.call(() -> {
            if (m.templates().findLive(key, tag) != null) {
                throw new TemplateExistsException();
            }
            int version = m.templates().maxVersion(key, tag) + 1;
            String category = content.category() == null ? TemplateContent.TRANSACTIONAL : content.category();
            EmailTemplate created = insert(key, tag, version, content, category, context);
            m.audit("email_template.created", "email_template", created.id(), null,
                    Map.of("key", key, "locale", tag, "version", version, "category", category), null, context);
            return created;
        });
    }

    @Override
    public EmailTemplate update(String key, String locale, TemplateContent content, int expectedVersion,
                                CallContext context) {
        Validation v = new Validation();
        String tag = checkKeyAndLocale(v, key, locale);
        checkContent(v, content);
        v.throwIfInvalid();
        return m.tx.call(() -> {
            EmailTemplate current = lockLive(key, tag);
            if (current == null) {
                throw Missing.template(key, tag);
            }
            if (current.version() != expectedVersion) {
                throw new StaleVersionException("EmailTemplate", key + "/" + tag, expectedVersion, current.version());
            }
            m.templates().supersede(current.id(), m.now());
            String category = content.category() == null ? current.category() : content.category();
            EmailTemplate next = insert(key, tag, current.version() + 1, content, category, context);
            m.audit("email_template.updated", "email_template", next.id(),
                    Map.of("version", current.version(), "id", current.id().toString(), "category", current.category()),
                    Map.of("version", next.version(), "id", next.id().toString(), "category", category),
                    Map.of("key", key, "locale", tag), context);
            return next;
        });
    }

    private EmailTemplate insert(String key, String locale, int version, TemplateContent c, String category,
                                 CallContext context) {
        return m.templates().insert(key, locale, version, c.subject(), c.htmlBody(), c.textBody(),
                List.copyOf(new LinkedHashSet<>(c.variables())), c.description(), category,
                context == null ? null : context.actorId());
    }

    @Override
    public Optional<EmailTemplate> find(String key, String locale) {
        String tag = Locales.normalize(locale);
        if (key == null || tag == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(m.tx.read(() -> m.templates().findLive(key, tag)));
    }

    @Override
    public EmailTemplate resolve(String key, String locale) {
        Validation v = new Validation();
        String tag = checkKeyAndTag(v, "key", key, m.tagOrDefault(locale));
        v.throwIfInvalid();
        return m.tx.read(() -> resolveIn(key, tag));
    }

    private EmailTemplate resolveIn(String key, String tag) {
        EmailTemplate t = m.templates().resolve(key, Locales.chain(tag, m.options.defaultLocale()));
        if (t == null) {
            throw Missing.template(key, tag);
        }
        return t;
    }

    @Override
    public List<EmailTemplate> versions(String key, String locale) {
        String tag = Locales.normalize(locale);
        if (key == null || tag == null) {
            return List.of();
        }
        return m.tx.read(() -> m.templates().versions(key, tag));
    }

    @Override
    public Page<EmailTemplate> list(PageRequest page) {
        List<String> after = Cursors.decode(page.cursor(), 2);
        String afterKey = after == null ? null : after.get(0);
        String afterLocale = after == null ? null : after.get(1);
        return Cursors.page(m.tx.read(() -> m.templates().list(afterKey, afterLocale, page.limit() + 1)), page.limit(),
                last -> Cursors.encode(last.key(), last.locale()));
    }

    @Override
    public RenderedEmail preview(String key, String locale, Map<String, ?> model) {
        EmailTemplate t = resolve(key, locale);
        return m.renderer.render(t, model == null ? Map.of() : model);
    }

    @Override
    public void delete(String key, String locale, CallContext context) {
        Validation v = new Validation();
        String tag = checkKeyAndLocale(v, key, locale);
        v.throwIfInvalid();
        m.tx.run(() -> {
            EmailTemplate current = lockLive(key, tag);
            if (current == null) {
                throw Missing.template(key, tag);
            }
            m.templates().softDelete(current.id(), m.now());
            m.audit("email_template.deleted", "email_template", current.id(), null, null,
                    Map.of("key", key, "locale", tag, "version", current.version()), context);
        });
    }

    @Override
    public EmailTemplate restore(String key, String locale, CallContext context) {
        Validation v = new Validation();
        String tag = checkKeyAndLocale(v, key, locale);
        v.throwIfInvalid();
        return m.tx.call(() -> {
            EmailTemplate deleted = m.templates().lastDeletedForUpdate(key, tag);
            if (deleted == null) {
                throw Missing.template(key, tag);
            }
            EmailTemplate restored = m.templates().restore(deleted.id()); // email_templates_live_key: TemplateExistsException
            m.audit("email_template.restored", "email_template", restored.id(), null, null,
                    Map.of("key", key, "locale", tag, "version", restored.version()), context);
            return restored;
        });
    }

    /**
     * The live version, locked. A lock that waited for a concurrent edit finds the row it waited for
     * superseded and returns nothing, although a newer version now exists: the statement's snapshot
     * predates it. Asking again (a new snapshot) finds it; a few times, in case edits keep coming.
     */
    private EmailTemplate lockLive(String key, String tag) {
        for (int i = 0; i < 5; i++) {
            EmailTemplate t = m.templates().findLiveForUpdate(key, tag);
            if (t != null || m.templates().findLive(key, tag) == null) {
                return t;
            }
        }
        return m.templates().findLiveForUpdate(key, tag);
    }

    private static String checkKeyAndLocale(Validation v, String key, String locale) {
        return checkKeyAndTag(v, "key", key, Locales.normalize(locale));
    }

    /** Checks a template key (as field {@code keyField}) and a normalised locale tag ({@code null}: none); returns the tag. */
    static String checkKeyAndTag(Validation v, String keyField, String key, String tag) {
        v.text(keyField, key, 1, 100, KEY, "must be a lowercase key such as password-reset")
                .check("locale", tag != null, "must be a language tag such as en or de-AT");
        return tag;
    }

    private void checkContent(Validation v, TemplateContent c) {
        if (c == null) {
            v.fail("content", "is required");
            return;
        }
        v.text("subject", c.subject(), 1, 998)
                .optionalText("htmlBody", c.htmlBody(), MAX_BODY)
                .optionalText("textBody", c.textBody(), MAX_BODY)
                .check("htmlBody", c.htmlBody() == null || !c.htmlBody().isBlank(), "must not be empty")
                .check("textBody", c.textBody() == null || !c.textBody().isBlank(), "must not be empty")
                .check("textBody", c.htmlBody() != null || c.textBody() != null, "a text or an HTML body is required")
                .optionalText("description", c.description(), 500)
                .check("category", c.category() == null || CATEGORY.matcher(c.category()).matches(),
                        "must be transactional or a lowercase key such as newsletter (a-z, 0-9, _ and -, at most 40)")
                .check("variables", c.variables().size() <= MAX_VARIABLES, "at most " + MAX_VARIABLES + " variables");
        for (String name : c.variables()) {
            if (name == null || !VARIABLE.matcher(name).matches()) {
                v.fail("variables", "'" + name + "' is not a variable name such as firstName");
            }
        }
        // Compiling text that failed a check above would only repeat the complaint.
        if (v.valid()) {
            m.renderer.checkCompiles(v, c);
        }
    }
}
