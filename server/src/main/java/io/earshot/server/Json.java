package io.earshot.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.earshot.api.config.Secret;
import java.io.UncheckedIOException;

/** The JSON mappers of the server: one for stored documents, one for the HTTP API. */
public final class Json {

    /** Documents in Elasticsearch: compact (no nulls, no empty lists), ISO-8601 dates. */
    public static final ObjectMapper STORAGE = base()
            .serializationInclusion(JsonInclude.Include.NON_EMPTY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .build();

    /**
     * API bodies: nulls left out, ISO-8601 dates; request bodies with unknown fields are refused
     * (a misspelt field must not be silently ignored).
     */
    public static final ObjectMapper API = base()
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
            .build();

    private Json() {
    }

    private static JsonMapper.Builder base() {
        SimpleModule secrets = new SimpleModule("earshot-secrets");
        // A Secret that reaches a serializer by mistake prints as the mask, never as its value.
        secrets.addSerializer(Secret.class, new com.fasterxml.jackson.databind.ser.std.ToStringSerializer());
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(secrets)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    }

    /** Serialises for the API. */
    public static String api(Object value) {
        try {
            return API.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
