package dev.portalkit.messaging.internal;

import dev.portalkit.messaging.EmailTemplate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For each (template key, requested locale), the template version a queue call of this Portal last
 * resolved it to. A hint, never trusted: the statement that queues with it writes only if the hint
 * is still the live version its own snapshot resolves to (see {@code EmailLogMapper.queue}), so a
 * version published, deleted or restored by any Portal instance counts from the moment it commits.
 * A wrong hint costs one statement more, never a wrong e-mail. Not API.
 */
final class TemplateHints {

    /** Enough for every template of a portal; past it the map starts over rather than grow. */
    static final int MAX_ENTRIES = 256;
    /** Larger templates are resolved on every call rather than held in memory. */
    static final int MAX_CHARS = 64 * 1024;

    private record Key(String templateKey, String locale) {
    }

    private final Map<Key, EmailTemplate> hints = new ConcurrentHashMap<>();

    /** The hint, or {@code null}. */
    EmailTemplate get(String templateKey, String locale) {
        return hints.get(new Key(templateKey, locale));
    }

    void put(String templateKey, String locale, EmailTemplate template) {
        if (length(template.htmlBody()) + length(template.textBody()) + template.subject().length() > MAX_CHARS) {
            hints.remove(new Key(templateKey, locale));
            return;
        }
        if (hints.size() >= MAX_ENTRIES) {
            hints.clear();
        }
        hints.put(new Key(templateKey, locale), template);
    }

    private static int length(String s) {
        return s == null ? 0 : s.length();
    }
}
