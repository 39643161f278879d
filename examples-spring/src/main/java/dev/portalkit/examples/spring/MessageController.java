package dev.portalkit.examples.spring;

import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.ValidationException;
import dev.portalkit.examples.Views;
import dev.portalkit.messaging.Message;
import dev.portalkit.messaging.MessageService;
import dev.portalkit.messaging.NewMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Member-to-member messages: inbox, send, unread count, mark read. */
@RestController
@RequestMapping("/api/messages")
class MessageController {

    private final MessageService messages;
    private final UserService users;

    MessageController(MessageService messages, UserService users) {
        this.messages = messages;
        this.users = users;
    }

    @GetMapping
    Map<String, Object> inbox(Caller caller) {
        UUID me = caller.user().user().id();
        Map<UUID, String> names = new HashMap<>();
        List<Map<String, Object>> list = messages.inbox(me, PageRequest.first(50)).items().stream()
                .map(m -> Views.message(m, names, users)).toList();
        return Map.of("messages", list);
    }

    /** Sends to another member by e-mail address; an unknown address is a field error on {@code to}. */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> send(JsonBody body, Caller caller) {
        UUID me = caller.user().user().id();
        String to = body.text("to");
        User recipient = users.findByEmail(to == null ? "" : to)
                .orElseThrow(() -> new ValidationException("to", "is not the e-mail address of a member"));
        Message m = messages.send(new NewMessage(me, recipient.id(), body.text("subject"), body.text("body")),
                caller.context());
        return Map.of("message", Views.message(m, new HashMap<>(), users));
    }

    @GetMapping("/unread-count")
    Map<String, Object> unreadCount(Caller caller) {
        return Map.of("unread", messages.unreadCount(caller.user().user().id()));
    }

    /** Someone else's message is a 404: a member cannot learn that it exists. */
    @PostMapping("/{id}/read")
    Map<String, Object> markRead(@PathVariable("id") String id, Caller caller) {
        UUID me = caller.user().user().id();
        Message m = messages.markRead(Views.uuid("id", id), me, caller.context());
        return Map.of("message", Views.message(m, new HashMap<>(), users));
    }

}
