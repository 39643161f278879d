package dev.portalkit.content.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.portalkit.content.FormSubmission;
import dev.portalkit.content.ResourceCard;
import dev.portalkit.content.TimelineKey;
import dev.portalkit.core.CallContext;
import dev.portalkit.core.ErasureAction;
import dev.portalkit.core.ErasureStep;
import dev.portalkit.core.spi.PersonalData;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Content's part of a data-subject request (core's {@code PrivacyService}): the user's form submissions
 * (sent signed in, or from one of their e-mail addresses), the cards they authored, the card versions
 * they made, and their own timeline. Runs inside the request's transaction; writes no audit row (the
 * privacy service writes one for the whole request). Not API.
 */
final class ContentPersonalData implements PersonalData {

    /** What replaces the user's e-mail or name inside the snapshots of the versions they made. */
    static final String ERASED = "[erased]";

    private final ContentContext c;

    ContentPersonalData(ContentContext c) {
        this.c = c;
    }

    private FormSubmissionMapper submissions() {
        return c.mapper(FormSubmissionMapper.class);
    }

    private ResourceCardVersionMapper versions() {
        return c.mapper(ResourceCardVersionMapper.class);
    }

    /**
     * The subject's e-mail addresses, lowercased: the account's (core reads it before any module erased
     * anything, deleted accounts too), auth's published one and those of their signed-in submissions.
     */
    private List<String> addresses(Subject subject) {
        Set<String> all = new LinkedHashSet<>();
        if (subject.email() != null && !subject.email().isBlank()) {
            all.add(subject.email().toLowerCase(Locale.ROOT));
        }
        all.addAll(submissions().addressesOf(subject.userId()));
        return List.copyOf(all);
    }

    @Override
    public ObjectNode export(Subject subject) {
        UUID userId = subject.userId();
        ObjectNode out = c.json.createObjectNode();
        List<String> emails = addresses(subject);
        ArrayNode forms = out.putArray("formSubmissions");
        for (FormSubmission s : submissions().ofUser(userId, emails)) {
            forms.add(c.json.valueToTree(s));
        }
        ArrayNode cards = out.putArray("authoredCards");
        for (ResourceCard card : c.cards().byAuthor(userId)) {
            ObjectNode n = cards.addObject();
            n.put("id", card.id().toString());
            n.put("slug", card.slug());
            n.put("title", card.title());
            n.put("status", card.status().name());
            n.put("createdAt", card.createdAt().toString());
            n.put("deleted", card.deleted());
        }
        ArrayNode made = out.putArray("cardVersions");
        Versions history = new Versions(c);
        for (VersionRow row : versions().byActor(userId)) {
            made.add(c.json.valueToTree(history.toVersion(row)));
        }
        ArrayNode timeline = out.putArray("timelineItems");
        for (var item : c.mapper(TimelineItemMapper.class).list(TimelineKey.user(userId))) {
            timeline.add(c.json.valueToTree(item));
        }
        return out;
    }

    /** The entities whose audit rows may hold the user's ip or user agent: the forms they sent, signed in or not. */
    @Override
    public List<Entity> auditedEntities(Subject subject) {
        List<Entity> out = new ArrayList<>();
        for (FormSubmission s : submissions().ofUser(subject.userId(), addresses(subject))) {
            out.add(new Entity("form_submission", s.id()));
        }
        return out;
    }

    @Override
    public List<ErasureStep> erase(Subject subject, CallContext context) {
        UUID userId = subject.userId();
        FormSubmissionMapper forms = submissions();
        List<String> emails = addresses(subject);
        List<String> needles = new ArrayList<>(emails);
        String name = subject.displayName() != null ? subject.displayName() : forms.displayNameOf(userId);
        if (name != null && !name.isBlank()) {
            needles.add(name);
        }
        // Versions first, while the cards still name their author: the versions of every card the user authored
        // or changed lose the user's e-mail and name, any other version their e-mail; then who made them.
        Set<UUID> touched = new HashSet<>();
        versions().snapshotsByActor(userId).forEach(r -> touched.add(r.id()));
        Map<UUID, String> scrubbed = new HashMap<>();
        scrubAll(versions().snapshotsOfCardsTouchedBy(userId), needles, scrubbed);
        if (!emails.isEmpty()) {
            scrubAll(versions().snapshotsHolding(emails), emails, scrubbed);
        }
        scrubbed.forEach((id, snapshot) -> versions().replaceSnapshot(id, snapshot));
        touched.addAll(scrubbed.keySet());
        versions().forgetActor(userId);
        long versionRows = touched.size();
        long submissionRows = forms.anonymiseOfUser(userId, emails, c.now()) + forms.forgetHandler(userId);
        long cardRows = c.cards().forgetAuthor(userId);
        long timelineRows = c.mapper(TimelineItemMapper.class).deleteOfUser(userId);
        return List.of(
                new ErasureStep("form_submissions", ErasureAction.ANONYMISED, submissionRows),
                new ErasureStep("resource_card_versions", ErasureAction.ANONYMISED, versionRows),
                new ErasureStep("resource_cards", ErasureAction.ANONYMISED, cardRows),
                new ErasureStep("timeline_items", ErasureAction.DELETED, timelineRows));
    }

    private void scrubAll(List<IdText> rows, List<String> needles, Map<UUID, String> scrubbed) {
        for (IdText row : rows) {
            String before = scrubbed.getOrDefault(row.id(), row.text());
            String after = scrub(before, needles);
            if (!after.equals(row.text())) {
                scrubbed.put(row.id(), after);
            }
        }
    }

    /**
     * The snapshot with every string value (object keys untouched, so it still reads as a snapshot) rid of
     * each needle, case-insensitively.
     */
    private String scrub(String json, List<String> needles) {
        if (needles.isEmpty()) {
            return json;
        }
        JsonNode tree;
        try {
            tree = c.json.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a resource_card_versions.snapshot is not JSON", e);
        }
        List<Pattern> patterns = needles.stream()
                .map(n -> Pattern.compile(Pattern.quote(n.toLowerCase(Locale.ROOT)), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE))
                .toList();
        boolean[] changed = {false};
        JsonNode cleaned = scrub(tree, patterns, changed);
        if (!changed[0]) {
            return json;
        }
        try {
            return c.json.writeValueAsString(cleaned);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode scrub(JsonNode node, List<Pattern> patterns, boolean[] changed) {
        if (node.isTextual()) {
            String text = node.asText();
            for (Pattern p : patterns) {
                text = p.matcher(text).replaceAll(Matcher.quoteReplacement(ERASED));
            }
            if (!text.equals(node.asText())) {
                changed[0] = true;
                return TextNode.valueOf(text);
            }
            return node;
        }
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                e.setValue(scrub(e.getValue(), patterns, changed));
            }
            return o;
        }
        if (node.isArray()) {
            ArrayNode a = (ArrayNode) node;
            for (int i = 0; i < a.size(); i++) {
                a.set(i, scrub(a.get(i), patterns, changed));
            }
            return a;
        }
        return node;
    }
}
