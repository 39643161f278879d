package dev.portalkit.messaging;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Keeps every e-mail in memory instead of sending it: for tests and the example application.
 * Thread-safe. {@link #failNext(int, EmailSendException.Kind)} makes the next sends fail, to
 * exercise retries.
 */
public final class InMemoryEmailSender implements EmailSender {

    private final List<OutgoingEmail> sent = new CopyOnWriteArrayList<>();
    private int failuresLeft;
    private EmailSendException.Kind failureKind = EmailSendException.Kind.TRANSIENT;

    @Override
    public String send(OutgoingEmail email) {
        synchronized (this) {
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new EmailSendException(failureKind, "in-memory sender told to fail", null);
            }
        }
        sent.add(email);
        return "mem-" + UUID.randomUUID();
    }

    /** Every e-mail sent so far, in order. */
    public List<OutgoingEmail> sent() {
        return List.copyOf(sent);
    }

    /** The e-mails sent to {@code address} (compared case-insensitively). */
    public List<OutgoingEmail> sentTo(String address) {
        List<OutgoingEmail> out = new ArrayList<>();
        for (OutgoingEmail e : sent) {
            if (e.to().equalsIgnoreCase(address)) {
                out.add(e);
            }
        }
        return out;
    }

    /** The next {@code n} sends throw an {@link EmailSendException} of {@code kind}. */
    public synchronized void failNext(int n, EmailSendException.Kind kind) {
        this.failuresLeft = n;
        this.failureKind = kind;
    }

    public void clear() {
        sent.clear();
    }
}
