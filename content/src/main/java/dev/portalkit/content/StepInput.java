package dev.portalkit.content;

/**
 * A step's content.
 *
 * @param title            1 to 200 characters
 * @param body             at most 20,000 characters; {@code null} means empty
 * @param estimatedMinutes 0 to 10,000, or {@code null}
 * @param mediaUrl         an http(s) URL or a path starting with {@code /}, or {@code null}
 */
public record StepInput(String title, String body, Integer estimatedMinutes, String mediaUrl) {

    public static StepInput of(String title, String body) {
        return new StepInput(title, body, null, null);
    }

    public StepInput withEstimatedMinutes(Integer minutes) {
        return new StepInput(title, body, minutes, mediaUrl);
    }

    public StepInput withMediaUrl(String url) {
        return new StepInput(title, body, estimatedMinutes, url);
    }
}
