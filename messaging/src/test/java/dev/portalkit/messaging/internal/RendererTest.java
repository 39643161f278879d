package dev.portalkit.messaging.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.portalkit.messaging.EmailTemplate;
import dev.portalkit.messaging.RenderedEmail;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A model of text, boolean and int values is copied as it is; any other model goes through Jackson. Both
 * must render alike: the same model with one more (unused) long value takes the Jackson path.
 */
class RendererTest {

    private final Renderer renderer = new Renderer(new ObjectMapper());

    private static EmailTemplate template(String subject, String html, String text) {
        return new EmailTemplate(UUID.randomUUID(), "k", "en", 1, subject, html, text, List.of("name"), null, null, null,
                null, null, null, null);
    }

    private static Map<String, Object> withLong(Map<String, Object> model) {
        Map<String, Object> m = new LinkedHashMap<>(model);
        m.put("unusedLong", 7L);
        return m;
    }

    @Test
    void flatModelsRenderAsTheJacksonConvertedModelDoes() {
        EmailTemplate t = template("Hi {{name}}\r\n\tagain {{#vip}}VIP{{/vip}}{{^vip}}member{{/vip}} #{{count}}",
                "<p>{{name}} {{#vip}}<b>vip</b>{{/vip}} {{count}} [{{missing}}]</p>",
                "{{name}}: {{count}} {{#none}}never{{/none}}");
        Map<String, Object> model = new HashMap<>();
        model.put("name", "Ann <&> \"O'Neil\" \uD83D\uDE00");
        model.put("vip", true);
        model.put("count", 42);
        model.put("none", null);
        model.put("missing", null);
        RenderedEmail flat = renderer.render(t, model);
        RenderedEmail jackson = renderer.render(t, withLong(model));
        assertThat(flat).isEqualTo(jackson);
        assertThat(flat.subject()).isEqualTo("Hi {{name}}".replace("{{name}}", "Ann <&> \"O'Neil\" \uD83D\uDE00")
                + " again VIP #42");
        model.put("vip", false);
        assertThat(renderer.render(t, model)).isEqualTo(renderer.render(t, withLong(model)));
    }
}
