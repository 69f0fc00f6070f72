package io.earshot.server.store;

import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.transport.TransportException;
import org.elasticsearch.client.ResponseException;

/** Reads the HTTP status out of whatever the Elasticsearch clients threw. */
public final class EsErrors {

    private EsErrors() {
    }

    /** The HTTP status Elasticsearch answered with, or -1 when it did not answer. */
    public static int status(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof ElasticsearchException e) {
                return e.status();
            }
            if (t instanceof TransportException e && e.statusCode() > 0) {
                return e.statusCode();
            }
            if (t instanceof ResponseException e) {
                return e.getResponse().getStatusLine().getStatusCode();
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return -1;
    }
}
