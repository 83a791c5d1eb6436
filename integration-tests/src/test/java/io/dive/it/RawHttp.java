package io.dive.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests the JDK clients refuse to send: a {@code Host} header
 * that is not the address connected to (what an attacker behind no proxy can always send).
 */
final class RawHttp {

    /** A status and a body. */
    record Response(int status, String body) {
    }

    private RawHttp() {
    }

    /** POSTs {@code body} to {@code url}'s address, announcing {@code host} as the Host header. */
    static Response post(String url, String host, Map<String, String> headers, String body) throws IOException {
        URI uri = URI.create(url);
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder("POST ").append(uri.getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\nConnection: close\r\nContent-Length: ").append(content.length)
                .append("\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        request.append("\r\n");
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            return read(socket.getInputStream());
        }
    }

    private static Response read(InputStream in) throws IOException {
        String all = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        int headersEnd = all.indexOf("\r\n\r\n");
        String head = all.substring(0, headersEnd);
        String rest = all.substring(headersEnd + 4);
        int status = Integer.parseInt(head.substring(9, 12));
        boolean chunked = head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding: chunked");
        byte[] body = (chunked ? dechunk(rest) : rest).getBytes(StandardCharsets.ISO_8859_1);
        return new Response(status, new String(body, StandardCharsets.UTF_8));
    }

    private static String dechunk(String chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toString(StandardCharsets.ISO_8859_1);
            }
            out.writeBytes(chunked.substring(lineEnd + 2, lineEnd + 2 + size).getBytes(StandardCharsets.ISO_8859_1));
            at = lineEnd + 2 + size + 2;
        }
    }
}
