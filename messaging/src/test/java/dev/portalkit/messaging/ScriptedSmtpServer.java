package dev.portalkit.messaging;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

/**
 * A tiny SMTP server for failure cases GreenMail does not play: it answers each command with what
 * {@code script} says ({@code null}: say nothing and hang). After DATA it reads the message up to
 * the final dot and answers {@code script.apply(".")}.
 */
final class ScriptedSmtpServer implements AutoCloseable {

    private final ServerSocket socket;
    private final Thread thread;

    ScriptedSmtpServer(Function<String, String> script) throws IOException {
        socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        thread = new Thread(() -> serve(script), "scripted-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve(Function<String, String> script) {
        try (Socket s = socket.accept()) {
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            if (!say(out, script.apply("CONNECT"))) {
                hang();
                return;
            }
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.split(" ", 2)[0].toUpperCase();
                if (verb.equals("DATA")) {
                    say(out, "354 go ahead");
                    String body;
                    while ((body = in.readLine()) != null && !body.equals(".")) {
                        // swallow the message
                    }
                    verb = ".";
                }
                if (!say(out, script.apply(verb))) {
                    hang();
                    return;
                }
                if (verb.equals("QUIT")) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static boolean say(OutputStream out, String answer) throws IOException {
        if (answer == null) {
            return false;
        }
        out.write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return true;
    }

    private static void hang() {
        try {
            Thread.sleep(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers every command as a happy server would. */
    static String happy(String verb) {
        return switch (verb) {
            case "CONNECT" -> "220 scripted ESMTP";
            case "EHLO", "HELO" -> "250 scripted";
            case "QUIT" -> "221 bye";
            case "." -> "250 2.0.0 queued as ABC";
            default -> "250 ok";
        };
    }

    @Override
    public void close() throws IOException {
        thread.interrupt();
        socket.close();
    }
}
