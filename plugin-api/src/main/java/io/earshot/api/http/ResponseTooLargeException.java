package io.earshot.api.http;

import java.io.IOException;

/** A response body was larger than the limit set for the request; reading stopped at the limit. */
public class ResponseTooLargeException extends IOException {

    private final long limitBytes;

    public ResponseTooLargeException(long limitBytes) {
        super("response is larger than the " + FetchRequest.formatBytes(limitBytes) + " limit");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
