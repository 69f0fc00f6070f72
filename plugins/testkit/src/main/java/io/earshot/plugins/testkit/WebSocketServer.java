package io.earshot.plugins.testkit;

import io.earshot.plugins.testkit.ReplayServer.RecordedRequest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real WebSocket server (<a href="https://www.rfc-editor.org/rfc/rfc6455">RFC 6455</a>, text
 * and binary frames, no extensions) on 127.0.0.1, driven by the test: it accepts every handshake
 * (unless told to {@linkplain #refuseNext(StatusReply) refuse} the next ones with an HTTP status),
 * records it, and hands each open {@link Connection} to the test, which sends messages, closes it
 * properly or drops it to simulate a network failure, and reads what the client sent.
 *
 * <pre>{@code
 * try (WebSocketServer server = WebSocketServer.start()) {
 *     URI url = server.uri("/subscribe?wantedCollections=app.bsky.feed.post");
 *     // ... start the client ...
 *     WebSocketServer.Connection c = server.awaitConnection();
 *     assertThat(c.handshake().param("cursor")).isEqualTo("1700000000000000");
 *     c.send("{\"kind\":\"commit\"}");
 *     c.drop();                       // the client should reconnect
 *     server.awaitConnection().send("...");
 * }
 * }</pre>
 *
 * <p>Thread-safe; each connection is served by its own virtual threads. {@link #close()} drops
 * every connection.
 */
public final class WebSocketServer implements AutoCloseable {

    /** How long {@link #awaitConnection()} waits for a client. */
    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(10);

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket socket;
    private final Deque<StatusReply> refusals = new ArrayDeque<>();
    private final BlockingQueue<Connection> unclaimed = new LinkedBlockingQueue<>();
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> handshakes = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private WebSocketServer(ServerSocket socket) {
        this.socket = socket;
    }

    /** Starts a server on a free port of 127.0.0.1. */
    public static WebSocketServer start() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            WebSocketServer server = new WebSocketServer(socket);
            Thread.ofVirtual().name("ws-server-accept").start(server::acceptLoop);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code ws://} URL of a path (and query) on this server. */
    public URI uri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port() + pathAndQuery);
    }

    public int port() {
        return socket.getLocalPort();
    }

    /** Answers the next handshake with this HTTP response instead of upgrading; refusals queue up. */
    public WebSocketServer refuseNext(StatusReply reply) {
        synchronized (refusals) {
            refusals.add(reply);
        }
        return this;
    }

    /**
     * Waits (up to {@link #DEFAULT_WAIT}) for the next connection that no earlier call returned, in
     * the order the clients connected.
     *
     * @throws AssertionError when no client connects in time
     */
    public Connection awaitConnection() {
        return awaitConnection(DEFAULT_WAIT);
    }

    /** Like {@link #awaitConnection()}, with a timeout of your choice. */
    public Connection awaitConnection(Duration timeout) {
        try {
            Connection c = unclaimed.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (c == null) {
                throw new AssertionError("no WebSocket client connected within " + timeout + " (handshakes so far: "
                        + handshakes.size() + ")");
            }
            return c;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for a WebSocket client", e);
        }
    }

    /** Every connection opened so far, open or not, in order. */
    public List<Connection> connections() {
        return List.copyOf(connections);
    }

    /** Every handshake request received (accepted or refused), in order. */
    public List<RecordedRequest> handshakes() {
        return List.copyOf(handshakes);
    }

    /** Drops every connection and stops the server. */
    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket client = socket.accept();
                sockets.add(client);
                Thread.ofVirtual().name("ws-server-connection").start(() -> serve(client));
            } catch (IOException e) {
                if (closed) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        Connection connection = null;
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            RecordedRequest request = RawHttp.readHead(in);
            handshakes.add(request);
            StatusReply refusal;
            synchronized (refusals) {
                refusal = refusals.poll();
            }
            if (refusal != null) {
                refusal.writeTo(out);
                return;
            }
            String key = request.header("sec-websocket-key");
            String upgrade = request.header("upgrade");
            if (key == null || upgrade == null || !upgrade.toLowerCase(Locale.ROOT).contains("websocket")) {
                StatusReply.of(400, "a WebSocket handshake was expected").writeTo(out);
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            connection = new Connection(request, client, out);
            connections.add(connection);
            unclaimed.add(connection);
            connection.readFrames(new DataInputStream(in));
        } catch (IOException e) {
            // the client went away or the connection was dropped
        } finally {
            if (connection != null) {
                connection.markClosed();
            }
            sockets.remove(client);
        }
    }

    static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key.strip() + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    /**
     * One open WebSocket connection. Methods may be called from any thread; frames are written in
     * the order of the calls. Sending on a closed connection is silently ignored.
     */
    public static final class Connection {

        private final RecordedRequest handshake;
        private final Socket socket;
        private final OutputStream out;
        private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
        private final List<String> allReceived = new CopyOnWriteArrayList<>();
        private final CountDownLatch closedLatch = new CountDownLatch(1);
        private volatile boolean open = true;
        private volatile Integer closeCode;
        private volatile boolean closeSent;

        Connection(RecordedRequest handshake, Socket socket, OutputStream out) {
            this.handshake = handshake;
            this.socket = socket;
            this.out = out;
        }

        /** The handshake request: path, query parameters ({@code param("cursor")}), headers. */
        public RecordedRequest handshake() {
            return handshake;
        }

        /** Sends a text message in one frame. */
        public Connection send(String text) {
            return sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8), true);
        }

        /** Sends a text message split into frames of at most {@code fragmentBytes} bytes (continuations). */
        public Connection sendFragmented(String text, int fragmentBytes) {
            byte[] all = text.getBytes(StandardCharsets.UTF_8);
            int offset = 0;
            boolean first = true;
            do {
                int n = Math.min(fragmentBytes, all.length - offset);
                byte[] part = java.util.Arrays.copyOfRange(all, offset, offset + n);
                offset += n;
                sendFrame(first ? 0x1 : 0x0, part, offset >= all.length);
                first = false;
            } while (offset < all.length);
            return this;
        }

        /** Sends a binary message in one frame. */
        public Connection sendBinary(byte[] data) {
            return sendFrame(0x2, data, true);
        }

        /** Sends a ping; a conforming client answers with a pong. */
        public Connection ping() {
            return sendFrame(0x9, new byte[0], true);
        }

        /** Closes properly: sends a close frame with the code and reason, then ends the connection. */
        public void close(int code, String reason) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + r.length];
            payload[0] = (byte) (code >> 8);
            payload[1] = (byte) code;
            System.arraycopy(r, 0, payload, 2, r.length);
            sendFrame(0x8, payload, true);
            closeSent = true;
            // the client answers with its close frame, which ends the read loop; don't wait forever
            Thread.ofVirtual().start(() -> {
                if (!awaitClosed(Duration.ofSeconds(2))) {
                    closeQuietly(socket);
                }
            });
        }

        /** Breaks the connection abruptly (a TCP reset, no close frame), like a network failure. */
        public void drop() {
            try {
                socket.setSoLinger(true, 0);
            } catch (IOException e) {
                // closing anyway
            }
            closeQuietly(socket);
        }

        public boolean isOpen() {
            return open;
        }

        /** The close code the client sent, if it closed the connection properly. */
        public Integer closeCode() {
            return closeCode;
        }

        /** Every text message the client sent so far. */
        public List<String> received() {
            return List.copyOf(allReceived);
        }

        /** Waits for the next text message from the client; null when none came in time. */
        public String awaitMessage(Duration timeout) {
            try {
                return received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /**
         * Waits until the connection is closed by either side.
         *
         * @return whether it closed within the timeout
         */
        public boolean awaitClosed(Duration timeout) {
            try {
                return closedLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        private Connection sendFrame(int opcode, byte[] payload, boolean fin) {
            if (!open) {
                return this;
            }
            synchronized (out) {
                try {
                    ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
                    frame.write((fin ? 0x80 : 0) | opcode);
                    if (payload.length < 126) {
                        frame.write(payload.length);
                    } else if (payload.length < 65_536) {
                        frame.write(126);
                        frame.write(payload.length >> 8);
                        frame.write(payload.length);
                    } else {
                        frame.write(127);
                        long len = payload.length;
                        for (int i = 7; i >= 0; i--) {
                            frame.write((int) (len >> (8 * i)));
                        }
                    }
                    frame.write(payload);
                    out.write(frame.toByteArray());
                    out.flush();
                } catch (IOException e) {
                    markClosed();
                }
            }
            return this;
        }

        void readFrames(DataInputStream in) throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            boolean inText = false;
            while (true) {
                int b0 = in.read();
                if (b0 < 0) {
                    throw new EOFException();
                }
                int b1 = in.readUnsignedByte();
                boolean fin = (b0 & 0x80) != 0;
                int opcode = b0 & 0x0F;
                boolean masked = (b1 & 0x80) != 0;
                long len = b1 & 0x7F;
                if (len == 126) {
                    len = in.readUnsignedShort();
                } else if (len == 127) {
                    len = in.readLong();
                }
                if (len > 16 * 1024 * 1024) {
                    throw new IOException("frame too large");
                }
                byte[] mask = new byte[4];
                if (masked) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) len];
                in.readFully(payload);
                if (masked) {
                    for (int i = 0; i < payload.length; i++) {
                        payload[i] ^= mask[i % 4];
                    }
                }
                switch (opcode) {
                    case 0x1, 0x0 -> {
                        if (opcode == 0x1) {
                            message.reset();
                            inText = true;
                        }
                        message.write(payload);
                        if (fin && inText) {
                            String text = message.toString(StandardCharsets.UTF_8);
                            allReceived.add(text);
                            received.add(text);
                            inText = false;
                        }
                    }
                    case 0x8 -> {
                        closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                        if (open && !closeSent) {
                            sendFrame(0x8, payload.length >= 2 ? java.util.Arrays.copyOf(payload, 2) : new byte[0], true);
                        }
                        return;
                    }
                    case 0x9 -> sendFrame(0xA, payload, true);
                    default -> {
                        // binary messages and pongs from the client are ignored
                    }
                }
            }
        }

        void markClosed() {
            open = false;
            closedLatch.countDown();
        }
    }
}
