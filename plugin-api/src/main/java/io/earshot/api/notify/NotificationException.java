package io.earshot.api.notify;

/** A notification could not be delivered. The message is shown to users; never put a secret in it. */
public abstract class NotificationException extends Exception {

    protected NotificationException(String message, Throwable cause) {
        super(message, cause);
    }
}
