package io.earshot.api.http;

import java.io.IOException;

/** The {@link UrlPolicy} refused a URL. */
public class BlockedUrlException extends IOException {

    public BlockedUrlException(String message) {
        super(message);
    }
}
