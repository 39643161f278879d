package dev.portalkit.messaging.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.samskivert.mustache.BasicCollector;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import dev.portalkit.core.ValidationException.FieldError;
import dev.portalkit.core.spi.Validation;
import dev.portalkit.messaging.EmailTemplate;
import dev.portalkit.messaging.RenderedEmail;
import dev.portalkit.messaging.TemplateContent;
import dev.portalkit.messaging.TemplateRenderException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Mustache rendering (jmustache). The HTML body escapes every {@code {{value}}}; subject and text do
 * not. Models are turned into plain maps and lists first and looked up with jmustache's
 * {@link BasicCollector}, so a template reaches map keys and list items only, never a method or a
 * field of a host object. Not API.
 */
final class Renderer {

    private static final int CACHE_SIZE = 256;
    /** Line breaks and tabs in a rendered subject become one space (a header is one line). */
    private static final Pattern SUBJECT_BREAKS = Pattern.compile("[\\r\\n\\t]+");

    private final Mustache.Compiler html = Mustache.compiler().escapeHTML(true).nullValue("")
            .withCollector(new MapsAndLists());
    private final Mustache.Compiler plain = Mustache.compiler().escapeHTML(false).nullValue("")
            .withCollector(new MapsAndLists());
    private final ObjectMapper json;
    /** Template versions never change, so their compiled form is cached by id. */
    private final Map<UUID, Compiled> cache = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Compiled> eldest) {
            return size() > CACHE_SIZE;
        }
    });

    /** jmustache's collector without reflection: map keys and list items only. */
    private static final class MapsAndLists extends BasicCollector {
        @Override
        public <K, V> Map<K, V> createFetcherCache() {
            return new ConcurrentHashMap<>();
        }
    }

    private record Compiled(Template subject, Template html, Template text) {
    }

    Renderer(ObjectMapper json) {
        this.json = json;
    }

    /** Adds a failure for each part of {@code content} that does not compile. */
    void checkCompiles(Validation v, TemplateContent content) {
        compile(v, "subject", content.subject(), plain);
        compile(v, "htmlBody", content.htmlBody(), html);
        compile(v, "textBody", content.textBody(), plain);
    }

    private static void compile(Validation v, String field, String source, Mustache.Compiler compiler) {
        if (source == null) {
            return;
        }
        try {
            compiler.compile(source);
        } catch (MustacheException e) {
            v.fail(field, "is not a valid Mustache template: " + e.getMessage());
        }
    }

    RenderedEmail render(EmailTemplate t, Map<String, ?> model) {
        Map<String, Object> values = plainModel(model);
        List<FieldError> missing = new ArrayList<>();
        for (String name : t.variables()) {
            if (values.get(name) == null) {
                missing.add(new FieldError("model." + name, "is required by template " + t.key()));
            }
        }
        if (!missing.isEmpty()) {
            throw new TemplateRenderException(missing);
        }
        Compiled c = cache.computeIfAbsent(t.id(), id -> new Compiled(plain.compile(t.subject()),
                t.htmlBody() == null ? null : html.compile(t.htmlBody()),
                t.textBody() == null ? null : plain.compile(t.textBody())));
        try {
            String subject = SUBJECT_BREAKS.matcher(c.subject().execute(values)).replaceAll(" ").strip();
            if (subject.length() > 998) {
                subject = subject.substring(0, 998);
            }
            String htmlBody = c.html() == null ? null : c.html().execute(values);
            String textBody = c.text() == null ? null : c.text().execute(values);
            List<FieldError> empty = new ArrayList<>();
            if (subject.isEmpty()) {
                empty.add(new FieldError("subject", "renders empty with this model"));
            }
            if ((htmlBody == null || htmlBody.isBlank()) && (textBody == null || textBody.isBlank())) {
                empty.add(new FieldError("body", "renders empty with this model"));
            }
            if (!empty.isEmpty()) {
                throw new TemplateRenderException(empty);
            }
            return new RenderedEmail(t.id(), t.key(), t.version(), t.locale(), subject, htmlBody, textBody);
        } catch (MustacheException.Context e) {
            throw new TemplateRenderException(List.of(new FieldError("model." + e.key,
                    "is used by template " + t.key() + " (line " + e.lineNo + ") but missing from the model")));
        } catch (MustacheException e) {
            throw new TemplateRenderException(List.of(new FieldError("template", e.getMessage())));
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> plainModel(Map<String, ?> model) {
        if (model == null || model.isEmpty()) {
            return Map.of();
        }
        Map<String, Object> flat = flatCopy(model);
        if (flat != null) {
            return flat;
        }
        try {
            return json.convertValue(model, Map.class);
        } catch (IllegalArgumentException e) {
            throw new TemplateRenderException(List.of(new FieldError("model",
                    "must hold JSON-like values (text, numbers, booleans, lists, maps)")));
        }
    }

    /**
     * The model as {@code convertValue} would give it when it is what most models are, text keys with text,
     * boolean or int values (or none): the same values in a new map, without a round trip through Jackson's
     * tokens (half of the cost of queueing an e-mail's rendering). {@code null} for any other model.
     */
    private static Map<String, Object> flatCopy(Map<String, ?> model) {
        Map<String, Object> copy = new LinkedHashMap<>(Math.max(4, model.size() * 2));
        for (Map.Entry<String, ?> e : model.entrySet()) {
            Object key = e.getKey();
            Object value = e.getValue();
            if (!(key instanceof String k) || !(value == null || value instanceof String || value instanceof Boolean
                    || value instanceof Integer)) {
                return null;
            }
            copy.put(k, value);
        }
        return copy;
    }
}
