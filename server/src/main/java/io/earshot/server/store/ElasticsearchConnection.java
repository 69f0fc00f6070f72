package io.earshot.server.store;

import co.elastic.clients.elasticsearch.ElasticsearchAsyncClient;
import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.ElasticsearchTransport;
import co.elastic.clients.transport.TransportUtils;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import io.earshot.api.config.Secret;
import io.earshot.server.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.auth.AuthScope;
import org.apache.http.auth.UsernamePasswordCredentials;
import org.apache.http.impl.client.BasicCredentialsProvider;
import org.apache.http.message.BasicHeader;
import org.elasticsearch.client.RestClient;
import org.elasticsearch.client.RestClientBuilder;

/**
 * The one connection to Elasticsearch: a low-level REST client for raw JSON (templates), and the
 * official Java client (sync and async) over it, mapping documents with the server's Jackson
 * mapper.
 */
public final class ElasticsearchConnection implements AutoCloseable {

    private final URI url;
    private final boolean embedded;
    private final RestClient restClient;
    private final ElasticsearchTransport transport;
    private final ElasticsearchClient client;
    private final ElasticsearchAsyncClient async;

    private ElasticsearchConnection(URI url, boolean embedded, RestClient restClient) {
        this.url = url;
        this.embedded = embedded;
        this.restClient = restClient;
        this.transport = new RestClientTransport(restClient, new JacksonJsonpMapper(Json.STORAGE));
        this.client = new ElasticsearchClient(transport);
        this.async = new ElasticsearchAsyncClient(transport);
    }

    /** Credentials and trust for an external cluster; all optional. */
    public record Auth(Secret apiKey, String username, Secret password, Path caCertificate) {
        public static final Auth NONE = new Auth(null, null, null, null);
    }

    public static ElasticsearchConnection connect(URI url, Auth auth, boolean embedded) throws IOException {
        int port = url.getPort() > 0 ? url.getPort() : ("https".equalsIgnoreCase(url.getScheme()) ? 443 : 9200);
        RestClientBuilder builder = RestClient.builder(new HttpHost(url.getHost(), port, url.getScheme()));
        if (url.getPath() != null && !url.getPath().isBlank() && !url.getPath().equals("/")) {
            builder.setPathPrefix(url.getPath());
        }
        List<Header> headers = new ArrayList<>();
        if (auth.apiKey() != null && !auth.apiKey().isEmpty()) {
            headers.add(new BasicHeader("Authorization", "ApiKey " + auth.apiKey().reveal()));
        }
        builder.setDefaultHeaders(headers.toArray(Header[]::new));
        SSLContext ssl = null;
        if (auth.caCertificate() != null) {
            if (!Files.isReadable(auth.caCertificate())) {
                throw new IOException("elasticsearch.caCertificate: cannot read " + auth.caCertificate());
            }
            ssl = TransportUtils.sslContextFromHttpCaCrt(auth.caCertificate().toFile());
        }
        SSLContext sslContext = ssl;
        BasicCredentialsProvider credentials = null;
        if (auth.username() != null && !auth.username().isBlank()) {
            credentials = new BasicCredentialsProvider();
            credentials.setCredentials(AuthScope.ANY, new UsernamePasswordCredentials(auth.username(),
                    auth.password() == null ? "" : auth.password().reveal()));
        }
        BasicCredentialsProvider creds = credentials;
        builder.setHttpClientConfigCallback(hc -> {
            if (sslContext != null) {
                hc.setSSLContext(sslContext);
            }
            if (creds != null) {
                hc.setDefaultCredentialsProvider(creds);
            }
            return hc.setMaxConnTotal(32).setMaxConnPerRoute(32);
        });
        builder.setRequestConfigCallback(rc -> rc.setConnectTimeout(5_000).setSocketTimeout(120_000));
        return new ElasticsearchConnection(url, embedded, builder.build());
    }

    public URI url() {
        return url;
    }

    /** Whether this is the embedded node the server started. */
    public boolean embedded() {
        return embedded;
    }

    public ElasticsearchClient client() {
        return client;
    }

    public ElasticsearchAsyncClient async() {
        return async;
    }

    public RestClient rest() {
        return restClient;
    }

    @Override
    public void close() throws IOException {
        transport.close();
    }
}
