package io.dive.ztdf.client;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;

/** A KAS stand-in on a free loopback port for the HTTP tests, one thread per exchange. */
final class LocalServer {

    private LocalServer() {
    }

    static HttpServer start(String path, HttpHandler handler) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            http.setExecutor(Executors.newCachedThreadPool());
            http.createContext(path, handler);
            http.start();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
