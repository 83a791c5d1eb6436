package io.dive.kas.connect;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The two Connect unary codecs: binary protobuf ({@code application/proto}, what OpenTDF SDKs send
 * by default) and protobuf JSON ({@code application/json}). Responses carry the request's media type
 * exactly — connect-go accepts {@code application/json} but not {@code application/json;charset=UTF-8}.
 */
public enum ConnectCodec {
    PROTO("application/proto"),
    JSON("application/json");

    private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final String mediaType;

    ConnectCodec(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    /** The codec of a request's {@code Content-Type}; JSON may say {@code charset=utf-8}, nothing else. */
    public static Optional<ConnectCodec> of(String contentType) {
        if (contentType == null) {
            return Optional.empty();
        }
        String type = contentType.toLowerCase(Locale.ROOT).replace(" ", "");
        return switch (type) {
            case "application/proto", "application/protobuf" -> Optional.of(PROTO);
            case "application/json", "application/json;charset=utf-8" -> Optional.of(JSON);
            default -> Optional.empty();
        };
    }

    /** Parses {@code body} into {@code builder}; a malformed message is Connect {@code invalid_argument}. */
    public <B extends Message.Builder> B read(byte[] body, B builder) throws ConnectException {
        try {
            if (this == PROTO) {
                builder.mergeFrom(body);
            } else {
                PARSER.merge(new String(body, StandardCharsets.UTF_8), builder);
            }
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "the request is not a valid " + builder
                    .getDescriptorForType().getFullName() + " in " + mediaType);
        }
    }

    public byte[] write(MessageOrBuilder message) {
        if (this == PROTO) {
            return ((Message) message).toByteArray();
        }
        try {
            return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), e);
        }
    }
}
