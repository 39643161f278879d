package dev.portalkit.examples.spring;

import dev.portalkit.content.Audience;
import dev.portalkit.content.CardQuery;
import dev.portalkit.content.FormService;
import dev.portalkit.content.NewSubmission;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.ResourceService;
import dev.portalkit.content.SubmissionRejectedException;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.PageRequest;
import dev.portalkit.examples.Views;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Published guides with their steps, and the contact form. */
@RestController
@RequestMapping("/api")
class ContentController {

    private final ResourceService resources;
    private final FormService forms;

    ContentController(ResourceService resources, FormService forms) {
        this.resources = resources;
        this.forms = forms;
    }

    @GetMapping("/resources")
    Map<String, Object> publishedResources() {
        return Map.of("resources", resources.list(CardQuery.readers(), PageRequest.first(50)).items().stream()
                .map(c -> Views.card(c, null)).toList());
    }

    @GetMapping("/resources/{slug}")
    Map<String, Object> resource(@PathVariable("slug") String slug) {
        ResourceCard c = resources.findBySlug(slug, Audience.READER)
                .orElseThrow(() -> new NotFoundException("Resource", slug));
        return Map.of("resource", Views.card(c, resources.steps(c.id(), Audience.READER)));
    }

    /**
     * The contact form; anyone may send it. The hidden {@code website} field is the honeypot: a bot that
     * fills it in gets the same answer as a person, and nothing is stored.
     */
    @PostMapping("/contact")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> contact(JsonBody body, Caller caller) {
        NewSubmission s = NewSubmission.contact("contact", body.text("name"), body.text("email"), body.text("subject"),
                body.text("message")).withHoneypot(body.text("website"));
        try {
            forms.submit(s, caller.context());
        } catch (SubmissionRejectedException e) {
            if (e.reason() != SubmissionRejectedException.Reason.HONEYPOT) {
                throw e;
            }
        }
        return Map.of("status", "received");
    }
}
