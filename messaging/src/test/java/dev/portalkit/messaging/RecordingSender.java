package dev.portalkit.messaging;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/** Records every attempt; per-recipient rules make some fail, so tests of one class stay independent. */
final class RecordingSender implements EmailSender {

    final List<OutgoingEmail> attempts = new CopyOnWriteArrayList<>();
    private final Map<String, Function<OutgoingEmail, String>> rules = new ConcurrentHashMap<>();

    @Override
    public String send(OutgoingEmail email) {
        attempts.add(email);
        Function<OutgoingEmail, String> rule = rules.get(email.to().toLowerCase(Locale.ROOT));
        return rule != null ? rule.apply(email) : "250 ok " + UUID.randomUUID();
    }

    void when(String to, Function<OutgoingEmail, String> rule) {
        rules.put(to.toLowerCase(Locale.ROOT), rule);
    }

    List<OutgoingEmail> to(String address) {
        return attempts.stream().filter(e -> e.to().equalsIgnoreCase(address)).toList();
    }
}
