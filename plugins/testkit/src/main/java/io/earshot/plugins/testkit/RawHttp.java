package io.earshot.plugins.testkit;

import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Reads the head of an HTTP/1.1 request from a socket, for the streaming test servers. */
final class RawHttp {

    private static final int MAX_HEAD = 64 * 1024;

    private RawHttp() {
    }

    /**
     * Reads the request line and headers (up to the blank line) and returns them as a
     * {@link RecordedRequest} without body. Header names are lower case; repeated headers are joined
     * with commas.
     */
    static RecordedRequest readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream(512);
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed before the end of the request head");
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head larger than " + MAX_HEAD + " bytes");
            }
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        String[] requestLine = lines[0].split(" ");
        if (requestLine.length < 3) {
            throw new IOException("not an HTTP request: " + lines[0]);
        }
        String target = requestLine[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).strip();
            headers.merge(name, value, (a, b) -> a + "," + b);
        }
        return new RecordedRequest(requestLine[0], path, query, headers, "", System.nanoTime());
    }
}
