package io.earshot.api.notify;

/** Delivery cannot work without a change of configuration (bad address, rejected credentials). */
public class PermanentNotificationException extends NotificationException {

    public PermanentNotificationException(String message, Throwable cause) {
        super(message, cause);
    }

    public PermanentNotificationException(String message) {
        this(message, null);
    }
}
