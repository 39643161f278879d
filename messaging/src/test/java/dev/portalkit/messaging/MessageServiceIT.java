package dev.portalkit.messaging;

import static dev.portalkit.messaging.MessagingTests.as;
import static dev.portalkit.messaging.MessagingTests.notFound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.portalkit.auth.User;
import dev.portalkit.core.CoreError;
import dev.portalkit.core.NotFoundException;
import dev.portalkit.core.Page;
import dev.portalkit.core.PageRequest;
import dev.portalkit.core.Portal;
import dev.portalkit.core.PortalException;
import dev.portalkit.core.ValidationException;
import dev.portalkit.testing.PortalExtension;
import dev.portalkit.testing.Queries;
import dev.portalkit.testing.Race;
import dev.portalkit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MessageServiceIT {

    static final TestClock clock = new TestClock(Instant.now().truncatedTo(ChronoUnit.MILLIS));

    @RegisterExtension
    static final PortalExtension kit = MessagingTests.portal(null, clock);

    /** Two new users for each test: Ann and Bob write to each other. */
    private User ann;
    private User bob;

    @BeforeEach
    void users() {
        ann = MessagingTests.user(portal(), "Ann");
        bob = MessagingTests.user(portal(), "Bob");
    }

    private Portal portal() {
        return kit.portal();
    }

    private MessageService messages() {
        return portal().service(MessageService.class);
    }

    private Message send(User from, User to, String subject) {
        clock.advance(Duration.ofMillis(1));
        return messages().send(new NewMessage(from.id(), to.id(), subject, "Body of " + subject), as(from));
    }

    @Test
    void sendShowsInTheRecipientsInboxAndTheSendersSentBox() {
        Message m = send(ann, bob, "Lunch?");
        assertThat(m.threadId()).isEqualTo(m.id());
        assertThat(m.read()).isFalse();
        assertThat(messages().inbox(bob.id(), PageRequest.first(10)).items()).containsExactly(m);
        assertThat(messages().sent(ann.id(), PageRequest.first(10)).items()).containsExactly(m);
        assertThat(messages().inbox(ann.id(), PageRequest.first(10)).items()).isEmpty();
        assertThat(messages().unreadCount(bob.id())).isEqualTo(1);
        assertThat(MessagingTests.audits(portal(), m.id(), "message.sent")).isEqualTo(1);
    }

    @Test
    void aReplyGoesToTheOtherSideInTheSameThread() {
        Message first = send(ann, bob, "Plans");
        clock.advance(Duration.ofMillis(1));
        Message reply = messages().reply(first.id(), bob.id(), "Sounds good", as(bob));
        assertThat(reply.threadId()).isEqualTo(first.id());
        assertThat(reply.replyToId()).isEqualTo(first.id());
        assertThat(reply.senderId()).isEqualTo(bob.id());
        assertThat(reply.recipientId()).isEqualTo(ann.id());
        assertThat(reply.subject()).isEqualTo("Re: Plans");
        clock.advance(Duration.ofMillis(1));
        Message again = messages().reply(reply.id(), ann.id(), "Great", as(ann));
        assertThat(again.subject()).isEqualTo("Re: Plans");
        assertThat(messages().thread(first.id(), ann.id(), PageRequest.first(10)).items())
                .extracting(Message::id).containsExactly(first.id(), reply.id(), again.id());
    }

    @Test
    void inboxPagesWithAKeysetCursorNewestFirst() {
        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            sent.add(send(ann, bob, "n" + i).id());
        }
        List<UUID> seen = new ArrayList<>();
        Page<Message> page = messages().inbox(bob.id(), PageRequest.first(3));
        while (true) {
            page.items().forEach(m -> seen.add(m.id()));
            if (!page.hasNext()) {
                break;
            }
            page = messages().inbox(bob.id(), PageRequest.first(3).next(page));
        }
        java.util.Collections.reverse(sent);
        assertThat(seen).containsExactlyElementsOf(sent);
    }

    @Test
    void markReadIsIdempotentAndKeepsTheFirstTime() {
        Message m = send(ann, bob, "Read me");
        Message read = messages().markRead(m.id(), bob.id(), as(bob));
        assertThat(read.readAt()).isEqualTo(clock.instant());
        clock.advance(Duration.ofMinutes(5));
        assertThat(messages().markRead(m.id(), bob.id(), as(bob)).readAt()).isEqualTo(read.readAt());
        assertThat(messages().unreadCount(bob.id())).isZero();
        assertThat(MessagingTests.audits(portal(), m.id(), "message.read")).isEqualTo(1);
    }

    @Test
    void onlyTheRecipientMarksAMessageRead() {
        Message m = send(ann, bob, "Mine to read");
        assertThatThrownBy(() -> messages().markRead(m.id(), ann.id(), as(ann)))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Message", m.id()));
        assertThat(messages().get(m.id(), bob.id()).readAt()).isNull();
    }

    @Test
    void deletingForTheSenderKeepsTheMessageForTheRecipient() {
        Message m = send(ann, bob, "Keep for Bob");
        messages().delete(m.id(), ann.id(), as(ann));
        assertThat(messages().sent(ann.id(), PageRequest.first(10)).items()).isEmpty();
        assertThatThrownBy(() -> messages().get(m.id(), ann.id()))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Message", m.id()));
        assertThat(messages().get(m.id(), bob.id())).isEqualTo(m);
        assertThat(messages().unreadCount(bob.id())).isEqualTo(1);

        messages().delete(m.id(), bob.id(), as(bob));
        assertThat(messages().inbox(bob.id(), PageRequest.first(10)).items()).isEmpty();
        assertThat(messages().unreadCount(bob.id())).isZero();
        assertThatThrownBy(() -> messages().delete(m.id(), bob.id(), as(bob)))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Message", m.id()));
    }

    @Test
    void anotherUsersMessageCannotBeReadRepliedMarkedOrDeleted() {
        User eve = MessagingTests.user(portal(), "Eve");
        Message m = send(ann, bob, "Private");
        assertThatThrownBy(() -> messages().get(m.id(), eve.id()))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Message", m.id()));
        assertThatThrownBy(() -> messages().markRead(m.id(), eve.id(), as(eve)))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Message", m.id()));
        assertThatThrownBy(() -> messages().delete(m.id(), eve.id(), as(eve)))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Message", m.id()));
        assertThatThrownBy(() -> messages().reply(m.id(), eve.id(), "hi", as(eve)))
                .isInstanceOfSatisfying(NotFoundException.class, notFound("Message", m.id()));
        assertThat(messages().thread(m.threadId(), eve.id(), PageRequest.first(10)).items()).isEmpty();
        // Nothing changed for the owners.
        assertThat(messages().get(m.id(), bob.id()).readAt()).isNull();
        assertThat(messages().get(m.id(), ann.id())).isEqualTo(m);
    }

    @Test
    void badInputIsATypedErrorAndWritesNoRow() {
        long before = MessagingTests.count(portal(), "email_messages");
        assertThatThrownBy(() -> messages().send(new NewMessage(ann.id(), bob.id(), "Hi", ""), as(ann)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("body")).isTrue());
        assertThatThrownBy(() -> messages().send(new NewMessage(ann.id(), ann.id(), " ", "x".repeat(20_001)), as(ann)))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.hasError("to")).isTrue();
                    assertThat(e.hasError("subject")).isTrue();
                    assertThat(e.hasError("body")).isTrue();
                });
        assertThatThrownBy(() -> messages().send(new NewMessage(ann.id(), UUID.randomUUID(), "Hi", "there"), as(ann)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("to")).isTrue());
        assertThat(MessagingTests.count(portal(), "email_messages")).isEqualTo(before);
    }

    @Test
    void unreadCountsStayRightUnderConcurrentSendsAndReads() {
        User reader = MessagingTests.user(portal(), "Reader");
        int senders = 4;
        int perSender = 25;
        List<User> from = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            from.add(MessagingTests.user(portal(), "Sender"));
        }
        AtomicInteger sendsDone = new AtomicInteger();
        ConcurrentLinkedQueue<UUID> firstReads = new ConcurrentLinkedQueue<>();
        // Two readers mark the same inbox at once: each message is read once, whoever wins.
        List<Race.Outcome<Object>> outcomes = Race.run(senders + 2, i -> i < senders ? () -> {
            User s = from.get(i);
            for (int n = 0; n < perSender; n++) {
                messages().send(new NewMessage(s.id(), reader.id(), "m" + n, "hello"), as(s));
            }
            sendsDone.incrementAndGet();
            return null;
        } : () -> {
            while (true) {
                boolean finished = sendsDone.get() == senders;
                for (Message m : messages().inbox(reader.id(), PageRequest.first(500)).items()) {
                    if (m.readAt() == null && m.subject().endsWith("0")) {
                        Message read = messages().markRead(m.id(), reader.id(), as(reader));
                        firstReads.add(read.id());
                    }
                }
                if (finished) {
                    return null;
                }
            }
        });
        outcomes.forEach(Race.Outcome::value); // each call returned (value() rethrows what one threw)
        long total = senders * perSender;
        long markedRead = MessagingTests.count(portal(), "email_messages WHERE recipient_id = ? AND read_at IS NOT NULL",
                reader.id());
        // Subjects m0, m10, m20 of each sender: 3 per sender.
        assertThat(markedRead).isEqualTo(senders * 3L);
        assertThat(messages().unreadCount(reader.id())).isEqualTo(total - markedRead);
        assertThat(MessagingTests.count(portal(), "activity_logs WHERE action = 'message.read' AND actor_id = ?",
                reader.id())).isEqualTo(markedRead);
    }

    @Test
    void readsInsideATransactionSeeItsUncommittedMessageAndAFailedReadRollsItBack() {
        Message m = portal().inTransaction(() -> {
            Message sent = send(ann, bob, "In a transaction");
            assertThat(messages().unreadCount(bob.id())).isEqualTo(1);
            assertThat(messages().inbox(bob.id(), PageRequest.first(10)).items()).containsExactly(sent);
            assertThat(messages().sent(ann.id(), PageRequest.first(10)).items()).containsExactly(sent);
            assertThat(messages().thread(sent.threadId(), bob.id(), PageRequest.first(10)).items()).containsExactly(sent);
            assertThat(messages().get(sent.id(), bob.id())).isEqualTo(sent);
            return sent;
        });
        assertThat(messages().get(m.id(), bob.id())).isEqualTo(m);

        // As before: a read that fails inside a transaction marks it rollback-only, even if the host catches it.
        User cy = MessagingTests.user(portal(), "Cy");
        assertThatThrownBy(() -> portal().inTransaction(() -> {
            send(ann, cy, "Lost");
            UUID unknown = UUID.randomUUID();
            assertThatThrownBy(() -> messages().get(unknown, cy.id()))
                    .isInstanceOfSatisfying(NotFoundException.class, notFound("Message", unknown));
        })).isInstanceOfSatisfying(PortalException.class,
                e -> assertThat(e.code()).isEqualTo(CoreError.TRANSACTION_ROLLED_BACK));
        assertThat(messages().unreadCount(cy.id())).isZero();
        assertThatThrownBy(() -> messages().inbox(cy.id(), new PageRequest("bad", 10)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.hasError("cursor")).isTrue());
    }

    @Test
    void theUnreadCountIsServedByThePartialIndex() {
        // A realistic inbox: many read messages, a few unread ones.
        MessagingTests.sql(portal(), "INSERT INTO ${schema}.email_messages (id, thread_id, sender_id, recipient_id, subject,"
                + " body, read_at) SELECT g, g, ?, ?, 's', 'b', CASE WHEN n % 50 = 0 THEN NULL ELSE now() END"
                + " FROM (SELECT gen_random_uuid() AS g, n FROM generate_series(1, 2000) AS n) AS x", ann.id(), bob.id());
        MessagingTests.sql(portal(), "ANALYZE ${schema}.email_messages");
        assertThat(messages().unreadCount(bob.id())).isEqualTo(40);
        List<String> plan = Queries.column(portal().dataSource(), "EXPLAIN SELECT count(*) FROM " + portal().schema()
                + ".email_messages WHERE recipient_id = ? AND read_at IS NULL AND recipient_deleted_at IS NULL", bob.id());
        assertThat(String.join("\n", plan)).contains("email_messages_unread_idx");
    }
}
